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
import { defaultCatalogue, sentenceKey, SILENT_TACTICS, type AnswerKind, type Catalogue, type Localized } from './catalogue.js';
import { sampleDelayMs } from './delay.js';
import { createPersona, normalizePlaces, type Persona, type PlaceInput } from './persona.js';
import { planReply, type ReplyPlan } from './reply-plan.js';
import { formatOffer, formatTime, PRODUCT_WORDS, UNIT_AMOUNTS, type LocalClock, type ReplyFacts } from './reply-facts.js';
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
  /** index of the body template in catalogue.tactics[tactic].templates[lang]; null when silent or answer-only */
  template: number | null;
  /** the state-aware lines put before (or instead of) the tactic's body, in order (empty without facts) */
  answered: AnswerKind[];
}

export interface RendererOptions {
  rng: Rng;
  catalogue?: Catalogue;
  /** the operator's busy public places; default: the catalogue's vague ones */
  places?: readonly PlaceInput[];
  /** the operator's whole list, when `places` holds only the conversation's own place: a place the dealer names is said back only when it is on it */
  meetingPlaces?: readonly PlaceInput[];
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
const MINUTE = 60_000;
/** closers that laugh: not after an excuse for a no-show */
const LAUGHS = new Set(['haha', '😂', 'lol', '😅']);

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
  /** the state of the reply being rendered (render's `facts`), or null */
  private facts: ReplyFacts | null = null;
  private plan: ReplyPlan | null = null;
  private readonly placeList: Localized[];

  constructor(opts: RendererOptions) {
    this.rng = opts.rng;
    this.catalogue = opts.catalogue ?? defaultCatalogue();
    this.persona = opts.persona ?? createPersona(this.catalogue, this.rng.fork('persona'), opts.places);
    const list = opts.meetingPlaces?.length ? opts.meetingPlaces : opts.places;
    this.placeList = list?.length ? normalizePlaces(list) : [this.persona.place];
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

  /**
   * One reply. With `facts` (the dialogue state, reply-facts.ts) the reply fits the conversation:
   * the dealer's pending questions are answered first from the persona's story, a no-show is
   * excused, slots take the dealer's product, his price, our amount, a time ahead of the clock and
   * the agreed operator place; a tactic whose body would not fit after those lines is left out
   * (reply-plan.ts). Without facts the renderer works as before (tactic body only).
   */
  render(tactic: Tactic, lang: Lang, facts?: ReplyFacts): RenderedReply {
    const delayMs = sampleDelayMs(this.catalogue.tactics[tactic].delay, this.rng);
    if (SILENT_TACTICS.has(tactic)) return { tactic, lang, text: null, delayMs, key: null, template: null, answered: [] };
    this.facts = facts && this.catalogue.answers ? facts : null;
    this.plan = this.facts ? planReply(tactic, this.facts) : null;
    try {
      // a reschedule that names a time moves the appointment there; later mentions keep it
      this.rescheduling = tactic === 'reschedule';
      const c = this.plan ? this.composeWithFacts(tactic, lang, this.plan) : this.choose(tactic, lang);
      this.rescheduling = false;
      return this.finish(tactic, lang, delayMs, c, this.plan?.answers ?? []);
    } finally {
      this.facts = null;
      this.plan = null;
      this.rescheduling = false;
    }
  }

  private finish(tactic: Tactic, lang: Lang, delayMs: number, c: Candidate, answered: AnswerKind[]): RenderedReply {
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
    return { tactic, lang, text, delayMs, key: c.key, template: c.body < 0 ? null : c.body, answered };
  }

  /** The answers of the plan (least-used variants first), then the tactic's body if it still fits. */
  private composeWithFacts(tactic: Tactic, lang: Lang, plan: ReplyPlan): Candidate {
    const kinds = plan.answers;
    const useHagglePrice = tactic === 'haggle' && plan.keepBody && this.knownPrice() !== null && this.rng.bool(0.6);
    const lineKinds: AnswerKind[] = useHagglePrice ? [...kinds, 'haggle_price'] : kinds;
    const options = lineKinds.map((k) => this.lineOrder(k, lang));
    const withBody = plan.keepBody && !useHagglePrice;
    for (let attempt = 0; attempt < 24; attempt++) {
      // vary the lines from the last one back: the first answers stay the least used
      const picks = options.map((o, i) => o[(attempt >> (2 * (options.length - 1 - i))) % o.length]!);
      const lines: Segment[] = [];
      let usesExcuse = false;
      let usesTime = false;
      for (const [i, pick] of picks.entries()) {
        if (i) lines.push({ text: lines[lines.length - 1]!.text.trimEnd().endsWith('?') ? ' ' : ', ', fixed: false });
        for (const part of pick.parts) {
          if ('text' in part) lines.push({ text: part.text, fixed: false, noTypo: true });
          else {
            if (part.slot === 'excuse') usesExcuse = true;
            if (part.slot === 'time') usesTime = true;
            lines.push({ text: this.slotValue(part.slot, lang), fixed: true });
          }
        }
      }
      if (!withBody) {
        const key = sentenceKey(lines.map((x) => x.text).join(''));
        if (this.sent.has(key)) continue;
        picks.forEach((p, i) => this.uses(`answer:${lineKinds[i]}`, lang, options[i]!.length + 0)[p.index]!++);
        return { body: -1, segments: lines, key, usesExcuse, usesTime };
      }
      const body = this.chooseFitting(tactic, lang, plan, lines.length > 0, lines);
      if (!body) break;
      picks.forEach((p, i) => this.uses(`answer:${lineKinds[i]}`, lang, options[i]!.length)[p.index]!++);
      return { ...body, usesExcuse: body.usesExcuse || usesExcuse, usesTime: body.usesTime || usesTime };
    }
    // every combination of these lines is spent: the tactic's own body, as without the state
    return this.choose(tactic, lang);
  }

  /** A body of the tactic that fits the plan, after `prefix` (the answers); null when none is left. */
  private chooseFitting(tactic: Tactic, lang: Lang, plan: ReplyPlan, afterAnswer: boolean, prefix: Segment[]): Candidate | null {
    const bodies = this.bodies(tactic, lang);
    const uses = this.uses(tactic, lang, bodies.length);
    const fits = bodies.map((b) => b.every((p) => !('slot' in p) || !plan.avoidSlots.includes(p.slot)));
    const candidates = bodies.map((_, i) => i).filter((i) => fits[i]);
    if (!candidates.length) return null;
    const order = this.shuffle(candidates).sort((a, b) => uses[a]! - uses[b]!);
    const closers = this.catalogue.closers[lang];
    for (const b of order) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const o = afterAnswer || this.rng.bool(0.55) ? NO_AFFIX : this.rng.int(this.catalogue.openers[lang].length);
        let cl = this.rng.bool(0.6) ? NO_AFFIX : this.rng.int(closers.length);
        if (cl !== NO_AFFIX && plan.answers.includes('no_show') && LAUGHS.has(closers[cl]!)) cl = NO_AFFIX;
        const c = this.candidate(b, bodies[b]!, [], lang, o, cl);
        if (!c) continue;
        const segments = prefix.length ? [...prefix, { text: prefix[prefix.length - 1]!.text.trimEnd().endsWith('?') ? ' ' : ', ', fixed: false }, ...c.segments] : c.segments;
        const key = sentenceKey(segments.map((x) => x.text).join(''));
        if (prefix.length && saysAgain(prefix, c.key)) continue;
        if (!this.sent.has(key) && !this.sent.has(c.key)) {
          uses[b]!++;
          return { ...c, segments, key };
        }
      }
    }
    return null;
  }

  /** The variants of one answer kind, least used first (random among equals), compiled. */
  private lineOrder(kind: AnswerKind, lang: Lang): { index: number; parts: TemplatePart[] }[] {
    const list = this.catalogue.answers?.[kind]?.[lang] ?? [];
    const k = `answer:${kind}/${lang}`;
    let compiled = this.compiled.get(k);
    if (!compiled) {
      compiled = list.map((t) => {
        const c = compileTemplate(t);
        if (!c.ok) throw new Error(`catalogue not validated: answers.${kind}/${lang}: ${c.error}`);
        return c.parts;
      });
      this.compiled.set(k, compiled);
    }
    const uses = this.uses(`answer:${kind}`, lang, compiled.length);
    const parts = compiled;
    return this.shuffle(parts.map((_, i) => i))
      .sort((a, b) => uses[a]! - uses[b]!)
      .map((i) => ({ index: i, parts: parts[i]! }));
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
          let value = this.slotValue(p.slot, lang);
          // "morgen {time}" with a time already said as tomorrow: say it once
          const before = segments[segments.length - 1]?.text ?? '';
          if (p.slot === 'time' && /\b(morgen|tomorrow) $/i.test(before)) value = value.replace(/^(morgen|tomorrow) /i, '');
          segments.push({ text: value, fixed: true });
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
    const f = this.facts;
    switch (slot) {
      case 'name': {
        // the name we gave, read back from our messages, only when it is one we can have given:
        // the story reader took "Wlel" (our typo of "Well") for a name and the bot called itself so
        const told = f?.story.name;
        return told && (told === p.name || this.catalogue.persona.names.includes(told)) ? told : p.name;
      }
      case 'story':
        return pick(p.story);
      case 'excuse':
        return pick(p.excuses[f ? this.freshExcuse(f) : this.excuseIndex]!);
      case 'place':
        return pick(f ? this.placeFor(f) : p.place);
      case 'time':
        return f ? formatTime(this.timeFor(f), lang) : pick(p.times[this.rescheduling ? this.nextTimeIndex() : this.timeIndex]!);
      case 'product':
        return f ? this.productFor(f, lang) : pick(p.product);
      case 'amount':
        return f ? this.amountFor(f, lang) : pick(p.amount);
      case 'source':
        return p.source ? pick(p.source) : lang === 'nl' ? 'ne maat' : 'a mate';
      case 'price':
        return String(this.knownPrice() ?? '');
      case 'offer': {
        const p = f ? this.heardPrice(f) : null;
        return p ? formatOffer(p, lang) : String(this.knownPrice() ?? '');
      }
    }
  }

  /**
   * The excuse to use now: not the one we gave last time (read back from our own messages), but
   * that very one when he complains again about a no-show we already excused (one story).
   */
  private freshExcuse(f: ReplyFacts): number {
    const n = this.persona.excuses.length;
    const last = f.story.lastExcuse ? sentenceKey(f.story.lastExcuse) : '';
    if (f.noShowUnexcused && f.noShows > 0 && f.noShows <= (f.noShowsExcused ?? 0) && last) {
      const i = this.persona.excuses.findIndex((e) => last.includes(sentenceKey(e.nl)) || last.includes(sentenceKey(e.en)));
      if (i >= 0) return (this.excuseIndex = i);
    }
    for (let k = 0; k < n; k++) {
      const i = (this.excuseIndex + k) % n;
      if (!last.includes(sentenceKey(this.persona.excuses[i]!.nl)) && !last.includes(sentenceKey(this.persona.excuses[i]!.en))) {
        this.excuseIndex = i;
        return i;
      }
    }
    return this.excuseIndex;
  }

  /** The agreed operator place when the dealer named one of ours, else the persona's (always the operator's list). */
  private placeFor(f: ReplyFacts): Localized {
    const m = f.meeting;
    // an operator place he named is the one to keep (he agreed to one of ours); then the one we named
    for (const wanted of [m.listPlace, m.dealerPlace, m.ourPlace]) {
      if (!wanted) continue;
      const w = sentenceKey(wanted);
      if (!w) continue;
      const hit = this.placeList.find((pl) => [pl.nl, pl.en].some((s) => { const k = sentenceKey(s); return k === w || k.endsWith(' ' + w) || w.endsWith(' ' + k); }));
      if (hit) return hit;
    }
    return this.persona.place;
  }

  /**
   * A meeting time always ahead of the clock: the agreed time while it is still ahead (not for a
   * reschedule), else an hour or so from now on a quarter hour; late in the evening, tomorrow.
   */
  private timeFor(f: ReplyFacts): LocalClock {
    const m = f.meeting;
    const now = f.nowLocal.minutes;
    if (!this.rescheduling && m.timeMs !== null && m.timeMs > f.nowMs + 10 * MINUTE && f.meetingLocal) return f.meetingLocal;
    const from = this.rescheduling && m.timeMs !== null && f.meetingLocal ? Math.max(now, f.meetingLocal.minutes + f.meetingLocal.day * 1440) : now;
    const ahead = from + 60 + 15 * (this.persona.name.length % 3);
    const t = Math.ceil(ahead / 15) * 15;
    // moving a meeting that is already tomorrow: an hour later that day (earlier when that is too
    // late), never the very time it had ("ok tomorrow 5pm" was "rescheduled" to tomorrow at 5pm)
    if (this.rescheduling && f.meetingLocal && f.meetingLocal.day >= 1 && m.timeMs !== null && m.timeMs > f.nowMs) {
      const later = f.meetingLocal.minutes + 60;
      return { minutes: later <= 22 * 60 + 30 ? later : f.meetingLocal.minutes - 60, day: f.meetingLocal.day };
    }
    if (t > 23 * 60 + 30 || t < 10 * 60 || f.noShowUnexcused) {
      // too late (or too early) tonight, or after a no-show: tomorrow, at an hour of the persona
      const hour = 17 + (this.persona.name.length % 4);
      // the persona's own minute, not the clock's: a second reschedule that evening names the same
      // "morgen om 17u" instead of drifting to 17u15 (chat: "morgen om 17u", then "morgen om 17u15")
      const minute = 15 * (this.persona.name.length % 2);
      // after midnight "morgen" still means the coming evening: said as tomorrow either way
      return { minutes: hour * 60 + minute, day: 1 };
    }
    return { minutes: t % 1440, day: t >= 1440 ? 1 : 0 };
  }

  /** What we want: what we said before if he sells it, else a product he offers, else the persona's. */
  private productFor(f: ReplyFacts, lang: Lang): string {
    const offered = f.offer.products.filter((x) => PRODUCT_WORDS[x]);
    const w = f.wanted.product;
    if (w && PRODUCT_WORDS[w] && (!offered.length || offered.includes(w))) return PRODUCT_WORDS[w]![lang];
    const soft = ['weed', 'hash', 'coke', 'mdma'].find((x) => offered.includes(x)) ?? offered[0];
    return soft ? PRODUCT_WORDS[soft]![lang] : this.persona.product[lang];
  }

  private chosenProduct(f: ReplyFacts): string | null {
    const offered = f.offer.products;
    const w = f.wanted.product;
    if (w && (!offered.length || offered.includes(w))) return w;
    return ['weed', 'hash', 'coke', 'mdma'].find((x) => offered.includes(x)) ?? offered[0] ?? null;
  }

  private amountFor(f: ReplyFacts, lang: Lang): string {
    const product = this.chosenProduct(f);
    const w = f.wanted;
    if (w.qty !== null && w.qty > 0) {
      if (w.unit === 'pill') return lang === 'nl' ? `${w.qty} pillen` : `${w.qty} pills`;
      if (w.unit === 'piece') return `${w.qty}`;
      if (w.unit === 'g' || w.unit === null) return lang === 'nl' ? `${w.qty} gram` : `${w.qty} grams`;
    }
    if (product && UNIT_AMOUNTS[product]) return UNIT_AMOUNTS[product]![lang];
    const a = this.persona.amount[lang];
    // a vague amount ("ne zak") does not tell him a quantity he asked for: say grams
    return /\d/.test(a) ? a : lang === 'nl' ? '2 gram' : '2 grams';
  }

  /** The dealer's latest price of what we want (or his latest price at all). */
  private knownPrice(): number | null {
    const f = this.facts;
    if (!f || !f.offer.prices.length) return null;
    // the product his last message named, if he priced it; else what we want
    const named = f.lastProducts.find((x) => f.offer.prices.some((p) => p.product === x));
    const product = named ?? this.chosenProduct(f);
    // his latest word on it; of one message's list, the price for our amount, else the first (the base price)
    const want = f.wanted.qty;
    let best: ReplyFacts['offer']['prices'][number] | null = null;
    const better = (p: ReplyFacts['offer']['prices'][number]) =>
      !best || p.tMs > best.tMs || (p.tMs === best.tMs && want !== null && p.qty === want && best.qty !== want);
    // a price that names no product ("50 voor 5g") is his word on the one we are talking about
    for (const p of f.offer.prices) if ((p.product === product || p.product === null || product === null) && better(p)) best = p;
    if (!best) for (const p of f.offer.prices) if (better(p)) best = p;
    return best ? best.amount : null;
  }

  /**
   * The price of his latest message that priced anything: the one for our amount if it names it
   * ("2g is 20 … neem 5g voor 45" when we want 2 gram), else the deal for the most ("3 for 150?
   * thats 50 a gram": the 150; a per-unit price he works out is not what he offers).
   */
  private heardPrice(f: ReplyFacts): ReplyFacts['offer']['prices'][number] | null {
    let latest = -Infinity;
    for (const p of f.offer.prices) latest = Math.max(latest, p.tMs);
    const his = f.offer.prices.filter((p) => p.tMs === latest);
    if (!his.length) return null;
    const ours = his.find((p) => f.wanted.qty !== null && p.qty === f.wanted.qty && p.qty > 1);
    return ours ?? his.reduce((a, b) => ((b.qty ?? 0) > (a.qty ?? 0) ? b : a));
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

  private uses(tactic: Tactic | `answer:${string}`, lang: Lang, n: number): number[] {
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

/**
 * The body opens with what an answer line already said: "i can be at the church on the square, i
 * can be at the church on the square tomorrow at 5pm" (where_meet, then propose_meeting)
 */
function saysAgain(prefix: readonly Segment[], bodyKey: string): boolean {
  const words = (k: string) => k.split(' ').filter(Boolean);
  const body = words(bodyKey);
  for (const line of prefix.map((x) => x.text).join('').split(/[,?!]\s/)) {
    const w = words(sentenceKey(line));
    if (w.length >= 3 && body.length >= 3 && w.slice(0, 3).join(' ') === body.slice(0, 3).join(' ')) return true;
  }
  return false;
}

/** A renderer for one new conversation. */
export function createRenderer(opts: RendererOptions): ConversationRenderer {
  return new ConversationRenderer(opts);
}
