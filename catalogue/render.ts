// The reply renderer: turns a tactic into one text in the dealer's language for one
// conversation. Rules: slots filled from one persona, no sentence ever sent twice in
// a conversation, texting-style variation, all randomness from the injected Rng.
//
// No-repeat: a reply is opener? + body + closer?, and "the same sentence" is compared on
// sentenceKey (case/punctuation-blind, before typos). Bodies are used least-used first; once a
// body has been sent, it only comes back with an opener/closer pair not yet seen, and when all
// of those are spent, as two bodies of the tactic joined. 13 bodies × 16 × 13 combinations per
// tactic cover far more than a 200-turn conversation of one tactic.
import { isRngState, type Rng, type RngState } from '../lib/random.js';
import type { Tactic } from '../core/tactics.js';
import type { Lang } from '../core/lang.js';
import { defaultCatalogue, sentenceKey, SILENT_TACTICS, type Catalogue, type Localized } from './catalogue.js';
import { sampleDelayMs } from './delay.js';
import { createPersona, type Persona, type PlaceInput } from './persona.js';
import { compileTemplate, type Slot, type TemplatePart } from './slots.js';
import { isSafeText } from './text-safety.js';
import { styleMessage, type Segment } from './texting-style.js';

export interface RenderedReply {
  tactic: Tactic;
  lang: Lang;
  /** the text to send; null for a silent tactic (go_silent sends nothing) */
  text: string | null;
  /** how long to wait before sending (or, for go_silent, before deciding again) */
  delayMs: number;
  /** the no-repeat identity of the text (see sentenceKey); null when nothing is sent */
  key: string | null;
  /** index of the body template in catalogue.tactics[tactic].templates[lang]; null when silent */
  template: number | null;
}

export interface RendererOptions {
  rng: Rng;
  catalogue?: Catalogue;
  /** the operator's busy public places; default: the catalogue's vague ones */
  places?: readonly PlaceInput[];
  /** a persona to keep (e.g. restored from the runtime store); default: drawn from rng */
  persona?: Persona;
  /** keys already sent in this conversation (restored from the store) */
  sent?: Iterable<string>;
  /**
   * where a renderer of this conversation stopped (exportState(), restored from the store): its
   * generator continues from there instead of starting its sequence again. Anything that is not
   * a state is ignored (the renderer then starts afresh; `sent` still rules out repeats).
   */
  state?: unknown;
}

/** What a renderer keeps between replies besides its sent keys: JSON-safe, for the store. */
export interface RendererState {
  v: 1;
  rng: RngState;
  excuse: number;
  time: number;
  /** per `tactic/lang`, how often each body was used */
  uses: Record<string, number[]>;
}

export function isRendererState(x: unknown): x is RendererState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  return (
    s.v === 1 &&
    isRngState(s.rng) &&
    count(s.excuse) &&
    count(s.time) &&
    typeof s.uses === 'object' &&
    s.uses !== null &&
    Object.values(s.uses).every((u) => Array.isArray(u) && u.every(count))
  );
}

interface Candidate {
  body: number;
  segments: Segment[];
  key: string;
  usesExcuse: boolean;
  usesTime: boolean;
}

const NO_AFFIX = -1;

export class ConversationRenderer {
  readonly persona: Persona;
  private readonly rng: Rng;
  private readonly catalogue: Catalogue;
  private readonly sent: Set<string>;
  private readonly bodyUses = new Map<string, number[]>();
  private readonly compiled = new Map<string, TemplatePart[][]>();
  private excuseIndex = 0;
  private timeIndex = 0;
  private rescheduling = false;

  constructor(opts: RendererOptions) {
    this.rng = opts.rng;
    this.catalogue = opts.catalogue ?? defaultCatalogue();
    this.persona = opts.persona ?? createPersona(this.catalogue, this.rng.fork('persona'), opts.places);
    this.sent = new Set(opts.sent);
    if (isRendererState(opts.state)) {
      const st = opts.state;
      this.rng.setState(st.rng);
      this.excuseIndex = st.excuse % this.persona.excuses.length;
      this.timeIndex = st.time % this.persona.times.length;
      for (const [k, u] of Object.entries(st.uses)) this.bodyUses.set(k, [...u]);
    }
  }

  /** Texts sent so far (their keys), for the runtime to persist. */
  sentKeys(): string[] {
    return [...this.sent];
  }

  /** Where this renderer stands (with sentKeys(), all it needs to continue after a restart). */
  exportState(): RendererState {
    return { v: 1, rng: this.rng.getState(), excuse: this.excuseIndex, time: this.timeIndex, uses: Object.fromEntries(this.bodyUses) };
  }

  render(tactic: Tactic, lang: Lang): RenderedReply {
    const delayMs = sampleDelayMs(this.catalogue.tactics[tactic].delay, this.rng);
    if (SILENT_TACTICS.has(tactic)) return { tactic, lang, text: null, delayMs, key: null, template: null };
    // a reschedule that names a time moves the appointment there; later mentions keep it
    this.rescheduling = tactic === 'reschedule';
    const c = this.choose(tactic, lang);
    this.rescheduling = false;
    this.sent.add(c.key);
    if (c.usesExcuse) this.excuseIndex = (this.excuseIndex + 1) % this.persona.excuses.length;
    if (c.usesTime && tactic === 'reschedule') this.timeIndex = this.nextTimeIndex();
    const plain = c.segments.map((s) => s.text).join('').trim();
    // every part passed the scan on load; a typo or a join must not make an unsafe word either
    const styled = styleMessage(c.segments, this.rng);
    // a typo must neither make an unsafe word nor turn this text into one already sent
    const styledKey = sentenceKey(styled);
    const text = isSafeText(styled) && (styledKey === c.key || !this.sent.has(styledKey)) ? styled : plain;
    if (!isSafeText(text)) throw new Error(`renderer: unsafe text from ${tactic}/${lang}: "${text}"`);
    this.sent.add(sentenceKey(text));
    return { tactic, lang, text, delayMs, key: c.key, template: c.body };
  }

  private choose(tactic: Tactic, lang: Lang): Candidate {
    const bodies = this.bodies(tactic, lang);
    const uses = this.uses(tactic, lang, bodies.length);
    const openers = this.catalogue.openers[lang];
    const closers = this.catalogue.closers[lang];
    // least-used bodies first, random among equals
    const order = bodies.map((_, i) => i).sort((a, b) => uses[a]! - uses[b]! || 0);
    const minUse = uses[order[0]!]!;
    const fresh = order.filter((i) => uses[i] === minUse);
    const rest = order.filter((i) => uses[i] !== minUse);
    const tryOrder = [...this.shuffle(fresh), ...rest];

    for (const b of tryOrder) {
      // a few natural draws first (mostly bare), then every combination in a random rotation
      for (let attempt = 0; attempt < 8; attempt++) {
        const o = this.rng.bool(0.55) ? NO_AFFIX : this.rng.int(openers.length);
        const cl = this.rng.bool(0.6) ? NO_AFFIX : this.rng.int(closers.length);
        const c = this.candidate(b, bodies[b]!, [], lang, o, cl);
        if (c && !this.sent.has(c.key)) return this.take(uses, b, c);
      }
      const no = openers.length + 1;
      const nc = closers.length + 1;
      const start = this.rng.int(no * nc);
      for (let k = 0; k < no * nc; k++) {
        const idx = (start + k) % (no * nc);
        const c = this.candidate(b, bodies[b]!, [], lang, (idx % no) - 1, Math.floor(idx / no) - 1);
        if (c && !this.sent.has(c.key)) return this.take(uses, b, c);
      }
    }
    // every single-body form is spent: join two bodies ("wa hebt ge?, hoe sterk is't?")
    for (const b of tryOrder) {
      for (const b2 of this.shuffle(bodies.map((_, i) => i))) {
        if (b2 === b) continue;
        const c = this.candidate(b, bodies[b]!, bodies[b2]!, lang, NO_AFFIX, NO_AFFIX);
        if (c && !this.sent.has(c.key)) return this.take(uses, b, c);
      }
    }
    throw new Error(`renderer: every variant of ${tactic}/${lang} has been sent in this conversation`);
  }

  private take(uses: number[], b: number, c: Candidate): Candidate {
    uses[b]!++;
    return c;
  }

  private candidate(bodyIndex: number, body: TemplatePart[], extra: TemplatePart[], lang: Lang, opener: number, closer: number): Candidate | null {
    const segments: Segment[] = [];
    let usesExcuse = false;
    let usesTime = false;
    const lastText = (parts: TemplatePart[]) => {
      const last = parts[parts.length - 1];
      return last && 'text' in last ? last.text : '';
    };
    const closerText = closer === NO_AFFIX ? '' : this.catalogue.closers[lang][closer]!;
    // "hoeveel kost da? ok?" reads like a bot: no question closer after a question
    if (closerText.endsWith('?') && lastText(extra.length ? extra : body).trimEnd().endsWith('?')) return null;
    if (opener !== NO_AFFIX) segments.push({ text: this.catalogue.openers[lang][opener]! + ', ', fixed: false });
    const pushParts = (parts: TemplatePart[]) => {
      for (const p of parts) {
        if ('text' in p) segments.push({ text: p.text, fixed: false });
        else {
          if (p.slot === 'excuse') usesExcuse = true;
          if (p.slot === 'time') usesTime = true;
          segments.push({ text: this.slotValue(p.slot, lang), fixed: true });
        }
      }
    };
    pushParts(body);
    if (extra.length) {
      segments.push({ text: ', ', fixed: false });
      pushParts(extra);
    }
    if (closerText) segments.push({ text: ' ' + closerText, fixed: false });
    const key = sentenceKey(segments.map((s) => s.text).join(''));
    return { body: bodyIndex, segments, key, usesExcuse, usesTime };
  }

  private slotValue(slot: Slot, lang: Lang): string {
    const p = this.persona;
    const pick = (l: Localized) => l[lang];
    switch (slot) {
      case 'name':
        return p.name;
      case 'story':
        return pick(p.story);
      case 'excuse':
        return pick(p.excuses[this.excuseIndex]!);
      case 'place':
        return pick(p.place);
      case 'time':
        return pick(p.times[this.rescheduling ? this.nextTimeIndex() : this.timeIndex]!);
      case 'product':
        return pick(p.product);
      case 'amount':
        return pick(p.amount);
    }
  }

  private nextTimeIndex(): number {
    return (this.timeIndex + 1) % this.persona.times.length;
  }

  private bodies(tactic: Tactic, lang: Lang): TemplatePart[][] {
    const k = `${tactic}/${lang}`;
    let list = this.compiled.get(k);
    if (!list) {
      list = this.catalogue.tactics[tactic].templates[lang].map((t) => {
        const c = compileTemplate(t);
        if (!c.ok) throw new Error(`catalogue not validated: ${tactic}/${lang}: ${c.error}`);
        return c.parts;
      });
      this.compiled.set(k, list);
    }
    return list;
  }

  private uses(tactic: Tactic, lang: Lang, n: number): number[] {
    const k = `${tactic}/${lang}`;
    let u = this.bodyUses.get(k);
    // a restored count of another catalogue (templates added or removed) starts over
    if (!u || u.length !== n) this.bodyUses.set(k, (u = new Array<number>(n).fill(0)));
    return u;
  }

  private shuffle(a: number[]): number[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

/** A renderer for one new conversation. */
export function createRenderer(opts: RendererOptions): ConversationRenderer {
  return new ConversationRenderer(opts);
}
