// Dealer text: each dealer act rendered as a varied message in the persona's language, from
// templates with slots (dealer-text.json). A message is fully determined by one 32-bit seed
// (plus the conversation's seed for the things a dealer keeps constant: his price and his
// spot), so the act-level fast path can compute the exact length without building the string
// and the text path renders the very same message: both earn the same dealer-minutes.
import { readFileSync } from 'node:fs';
import { DEALER_ACTS } from '../../core/acts.js';
import { packagePath } from '../../lib/package-root.js';

import { LANGS, type Lang } from '../../core/lang.js';

export interface TextStyle {
  /** probabilities, per message */
  lowercase: number;
  noPunct: number;
  emoji: number;
  typo: number;
}

interface TextData {
  slots: Record<Lang, Record<string, string[]>>;
  emoji: string[];
  acts: Record<Lang, Record<string, string[]>>;
}

const SLOT_NAMES = ['product', 'price', 'place', 'time', 'qty'] as const;
const SLOT_PRICE = 1;
const SLOT_PLACE = 2;
// '?' is kept: "??" is a whole message
const STRIPPED = /[.,!]/g;

interface Template {
  /** literal segments; segment i is followed by slot slots[i] (or nothing for the last) */
  literals: string[];
  slots: number[];
  /** code points, UTF-16 units and stripped punctuation in the literals */
  litLen: number;
  litLen16: number;
  litPunct: number;
}

interface SlotValues {
  values: string[];
  lens: Int32Array;
  lens16: Int32Array;
  puncts: Int32Array;
}

const cpLen = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const punctCount = (s: string): number => (s.match(STRIPPED) ?? []).length;

/** Uniform in [0,1) from a seed and a draw index: a stateless hash, so no generator is carried. */
export function draw(seed: number, k: number): number {
  let x = (seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

const K_TEMPLATE = 0;
const K_LOWER = 1;
const K_PUNCT = 2;
const K_EMOJI = 3;
const K_EMOJI_PICK = 4;
const K_TYPO = 5;
const K_TYPO_POS = 6;
const K_SLOT = 7;

export class DealerText {
  /** [lang][act] → templates */
  private readonly templates: Template[][][];
  /** [lang][slot] → values */
  private readonly slotValues: SlotValues[][];
  private readonly emoji: string[];
  private readonly emojiLens: Int32Array;
  private readonly emojiLens16: Int32Array;
  /** UTF-16 length (`text.length`, what transcript replay reports as chars) of the last `length` call */
  lastUtf16 = 0;

  constructor(data: TextData) {
    this.emoji = data.emoji;
    this.emojiLens = Int32Array.from(data.emoji, cpLen);
    this.emojiLens16 = Int32Array.from(data.emoji, (e) => e.length);
    this.templates = LANGS.map((lang) =>
      DEALER_ACTS.map((act) => {
        const list = data.acts[lang]?.[act];
        if (!list || list.length === 0) throw new Error(`dealer-text.json: no ${lang} templates for act ${act}`);
        return list.map((t) => compileTemplate(t, `${lang}.${act}`));
      }),
    );
    this.slotValues = LANGS.map((lang) =>
      SLOT_NAMES.map((name) => {
        const values = data.slots[lang]?.[name];
        if (!values || values.length === 0) throw new Error(`dealer-text.json: no ${lang} values for slot ${name}`);
        return { values, lens: Int32Array.from(values, cpLen), lens16: Int32Array.from(values, (v) => v.length), puncts: Int32Array.from(values, punctCount) };
      }),
    );
  }

  /** Number of templates for an act (for tests of variety). */
  variants(lang: Lang, act: number): number {
    return this.templates[langIndex(lang)]![act]!.length;
  }

  /**
   * Length in code points (what core/reward.ts counts) of the message `render` would produce,
   * without building it; its UTF-16 length is left in `lastUtf16`.
   */
  length(lang: number, act: number, style: TextStyle, seed: number, conv: number): number {
    const list = this.templates[lang]![act]!;
    const t = list[Math.floor(draw(seed, K_TEMPLATE) * list.length)]!;
    const strip = draw(seed, K_PUNCT) < style.noPunct;
    let n = t.litLen - (strip ? t.litPunct : 0);
    let n16 = t.litLen16 - (strip ? t.litPunct : 0);
    const sv = this.slotValues[lang]!;
    for (let i = 0; i < t.slots.length; i++) {
      const s = t.slots[i]!;
      const vals = sv[s]!;
      const j = slotPick(s, seed, conv, i, vals.values.length);
      n += vals.lens[j]! - (strip ? vals.puncts[j]! : 0);
      n16 += vals.lens16[j]! - (strip ? vals.puncts[j]! : 0);
    }
    if (draw(seed, K_EMOJI) < style.emoji) {
      const e = Math.floor(draw(seed, K_EMOJI_PICK) * this.emoji.length);
      n += 1 + this.emojiLens[e]!;
      n16 += 1 + this.emojiLens16[e]!;
    }
    this.lastUtf16 = n16;
    return n;
  }

  render(lang: number, act: number, style: TextStyle, seed: number, conv: number): string {
    const list = this.templates[lang]![act]!;
    const t = list[Math.floor(draw(seed, K_TEMPLATE) * list.length)]!;
    const sv = this.slotValues[lang]!;
    let s = t.literals[0]!;
    for (let i = 0; i < t.slots.length; i++) {
      const slot = t.slots[i]!;
      s += sv[slot]!.values[slotPick(slot, seed, conv, i, sv[slot]!.values.length)]! + t.literals[i + 1]!;
    }
    if (draw(seed, K_PUNCT) < style.noPunct) s = s.replace(STRIPPED, '');
    if (draw(seed, K_LOWER) < style.lowercase) s = s.toLowerCase();
    if (draw(seed, K_TYPO) < style.typo) s = swapTypo(s, draw(seed, K_TYPO_POS));
    if (draw(seed, K_EMOJI) < style.emoji) s += ' ' + this.emoji[Math.floor(draw(seed, K_EMOJI_PICK) * this.emoji.length)]!;
    return s;
  }
}

// a dealer keeps one price and one spot per conversation; the rest varies per message
function slotPick(slot: number, seed: number, conv: number, i: number, n: number): number {
  const src = slot === SLOT_PRICE || slot === SLOT_PLACE ? conv : seed;
  return Math.floor(draw(src, K_SLOT + slot * 4 + (src === seed ? i : 0)) * n);
}

/** Swaps two adjacent letters (a thumb typo); keeps the length. */
function swapTypo(s: string, u: number): string {
  const cps = [...s];
  if (cps.length < 4) return s;
  const i = 1 + Math.floor(u * (cps.length - 3));
  const a = cps[i]!;
  const b = cps[i + 1]!;
  if (!/\p{L}/u.test(a) || !/\p{L}/u.test(b)) return s;
  cps[i] = b;
  cps[i + 1] = a;
  return cps.join('');
}

function compileTemplate(text: string, where: string): Template {
  const literals: string[] = [];
  const slots: number[] = [];
  let rest = text;
  for (;;) {
    const m = /\{(\w+)\}/.exec(rest);
    if (!m) break;
    const idx = (SLOT_NAMES as readonly string[]).indexOf(m[1]!);
    if (idx < 0) throw new Error(`dealer-text.json: ${where}: unknown slot {${m[1]}}`);
    literals.push(rest.slice(0, m.index));
    slots.push(idx);
    rest = rest.slice(m.index + m[0].length);
  }
  literals.push(rest);
  let litLen = 0;
  let litLen16 = 0;
  let litPunct = 0;
  for (const l of literals) {
    litLen += cpLen(l);
    litLen16 += l.length;
    litPunct += punctCount(l);
  }
  return { literals, slots, litLen, litLen16, litPunct };
}

export function langIndex(lang: Lang): number {
  return lang === 'nl' ? 0 : 1;
}

let cached: DealerText | undefined;

/** The bundled templates (parsed once). */
export function dealerText(): DealerText {
  return (cached ??= new DealerText(JSON.parse(readFileSync(packagePath('trainer', 'sim', 'dealer-text.json'), 'utf8')) as TextData));
}
