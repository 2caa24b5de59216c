// `dealerbot data render`: renders tactics in one conversation, so an operator can see the
// persona, the places and the style before going live.
import { UsageError } from '../lib/errors.js';
import { Rng } from '../lib/random.js';
import { parseTactic, type Tactic } from '../core/tactics.js';
import { LANGS, type Lang } from '../core/lang.js';
import { createRenderer, type RenderedReply } from './render.js';

export interface PreviewOptions {
  tactics: string[];
  lang: string;
  seed: number;
  places?: string[];
}

export interface Preview {
  persona: { name: string; place: string; story: string };
  replies: Array<Pick<RenderedReply, 'tactic' | 'text'> & { delay_min: number }>;
}

export function renderPreview(opts: PreviewOptions): Preview {
  if (!(LANGS as readonly string[]).includes(opts.lang)) throw new UsageError(`--lang must be one of ${LANGS.join(', ')}`);
  const lang = opts.lang as Lang;
  const tactics: Tactic[] = opts.tactics.map((t) => {
    const r = parseTactic(t);
    if (!r.ok) throw new UsageError(r.error);
    return r.value;
  });
  const renderer = createRenderer({ rng: new Rng(opts.seed), ...(opts.places?.length ? { places: opts.places } : {}) });
  const p = renderer.persona;
  return {
    persona: { name: p.name, place: p.place[lang], story: p.story[lang] },
    replies: tactics.map((t) => {
      const r = renderer.render(t, lang);
      return { tactic: t, text: r.text, delay_min: Math.round((r.delayMs / 60_000) * 10) / 10 };
    }),
  };
}
