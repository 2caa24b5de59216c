// Infers the tactic of a reply a person typed, by the nearest catalogue template: character
// n-gram TF-IDF vectors of every template (slots blanked), cosine similarity, in the message's
// language. Character n-grams survive typos, glued words and Flemish spellings that a word
// model would miss; the catalogue is the one definition of what each tactic sounds like.
import { defaultCatalogue, SILENT_TACTICS, type Catalogue } from '../../catalogue/catalogue.js';
import { LANGS, type Lang } from '../../core/lang.js';
import { compileTemplate } from '../../catalogue/slots.js';
import { detectLanguage } from '../../nlu/language.js';
import { foldText } from '../../nlu/normalize.js';
import { TACTICS, type Tactic } from '../../core/tactics.js';

export interface TacticMatch {
  tactic: Tactic;
  /** cosine similarity to the nearest template, in [0,1] */
  confidence: number;
  lang: Lang;
  /** index of that template in catalogue.tactics[tactic].templates[lang] */
  template: number;
  /** the best other tactic and its similarity (how close the call was) */
  runnerUp: { tactic: Tactic; confidence: number } | null;
}

export const NGRAM_SIZES = [3, 4, 5] as const;

type Vector = Map<string, number>;

interface TemplateVector {
  tactic: Tactic;
  template: number;
  vec: Vector;
}

interface LangIndex {
  templates: TemplateVector[];
  idf: Map<string, number>;
  /** weight of an n-gram no template has: as rare as rare gets */
  unseenIdf: number;
}

/** Folded letters and digits, words separated by one space, padded: " hoeveel kost da ". */
export function matchText(text: string): string {
  return ' ' + foldText(text).replace(/[^a-z0-9]+/g, ' ').trim() + ' ';
}

function ngramCounts(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of NGRAM_SIZES) for (let i = 0; i + n <= s.length; i++) {
    const g = s.slice(i, i + n);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function weigh(counts: Map<string, number>, idf: Map<string, number>, unseen: number): Vector {
  const v: Vector = new Map();
  let norm = 0;
  for (const [g, c] of counts) {
    const w = (1 + Math.log(c)) * (idf.get(g) ?? unseen);
    v.set(g, w);
    norm += w * w;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (const [g, w] of v) v.set(g, w * inv);
  return v;
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [g, w] of small) {
    const x = large.get(g);
    if (x !== undefined) s += w * x;
  }
  return s;
}

/** A template with its slots removed ("sorry, {excuse}" → "sorry, "): what every use of it shares. */
export function blankSlots(template: string): string {
  const c = compileTemplate(template);
  if (!c.ok) throw new Error(`catalogue not validated: ${c.error}`);
  return c.parts.map((p) => ('text' in p ? p.text : ' ')).join('');
}

export class TacticMatcher {
  private readonly index: Record<Lang, LangIndex>;

  constructor(catalogue: Catalogue = defaultCatalogue()) {
    this.index = Object.fromEntries(LANGS.map((lang) => [lang, buildIndex(catalogue, lang)])) as Record<Lang, LangIndex>;
  }

  /** Language of a message, by the NLU's marker words (the catalogue has nl and en). */
  language(text: string): Lang {
    return detectLanguage(foldText(text).split(/[^a-z0-9]+/).filter((t) => t.length > 0));
  }

  /** The nearest template's tactic; null for a text without letters or digits. */
  match(text: string, lang: Lang = this.language(text)): TacticMatch | null {
    const s = matchText(text);
    if (s.trim() === '') return null;
    const ix = this.index[lang];
    const vec = weigh(ngramCounts(s), ix.idf, ix.unseenIdf);
    const best = new Map<Tactic, { sim: number; template: number }>();
    for (const t of ix.templates) {
      const sim = cosine(vec, t.vec);
      const prev = best.get(t.tactic);
      if (!prev || sim > prev.sim) best.set(t.tactic, { sim, template: t.template });
    }
    const ranked = [...best.entries()].sort((a, b) => b[1].sim - a[1].sim || TACTICS.indexOf(a[0]) - TACTICS.indexOf(b[0]));
    const [top, second] = ranked;
    if (!top) return null;
    const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1e4) / 1e4;
    return {
      tactic: top[0],
      confidence: round(top[1].sim),
      lang,
      template: top[1].template,
      runnerUp: second ? { tactic: second[0], confidence: round(second[1].sim) } : null,
    };
  }
}

function buildIndex(catalogue: Catalogue, lang: Lang): LangIndex {
  const raw: { tactic: Tactic; template: number; counts: Map<string, number> }[] = [];
  for (const tactic of TACTICS) {
    if (SILENT_TACTICS.has(tactic)) continue;
    catalogue.tactics[tactic].templates[lang].forEach((tpl, template) => {
      raw.push({ tactic, template, counts: ngramCounts(matchText(blankSlots(tpl))) });
    });
  }
  // document frequency over templates; smoothed idf as in scikit-learn
  const df = new Map<string, number>();
  for (const r of raw) for (const g of r.counts.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const N = raw.length;
  const idf = new Map<string, number>();
  for (const [g, d] of df) idf.set(g, Math.log((1 + N) / (1 + d)) + 1);
  const unseenIdf = Math.log(1 + N) + 1;
  return { templates: raw.map((r) => ({ tactic: r.tactic, template: r.template, vec: weigh(r.counts, idf, unseenIdf) })), idf, unseenIdf };
}
