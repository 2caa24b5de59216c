// Scores a reader against a labelled extraction file: per slot type, micro precision and recall
// over items, with the item matching rules of dialogue/README.md. Misses (per message, the items
// missed and the items added) are kept only when the caller asks for them: never for the
// held-out file.
import { foldSameLength } from './reader/tokens.js';
import type { Deal, Price, Quantity, Slots, TimeSlot } from './reader/types.js';
import type { LabelledMessage } from './dataset.js';

export const SLOT_TYPES = ['products', 'prices', 'deals', 'quantities', 'times', 'places', 'questions', 'name'] as const;
export type SlotType = (typeof SLOT_TYPES)[number];

export interface SlotScore {
  slot: SlotType;
  /** labelled items, and messages with at least one */
  expected: number;
  messages: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  /** 1 when there is nothing to be precise (or to recall) about */
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss {
  id: string;
  text: string;
  slot: SlotType;
  missing: unknown[];
  extra: unknown[];
}

export interface ExtractionEvaluation {
  messages: number;
  /** messages whose every slot is exactly right */
  exact_messages: number;
  slots: SlotScore[];
  /** micro over all slot types */
  overall: { precision: number; recall: number; f1: number };
  /** places matched by overlap (one contains the other, word-wise) instead of equality */
  places_relaxed: { tp: number; precision: number; recall: number };
  /** clock times matched on kind and fields: how often `ambiguous` agrees */
  clock_ambiguous: { matched: number; agree: number };
  misses?: Miss[];
}

export type Reader = (text: string) => Slots;

/** lower case, accents, punctuation and spacing ignored */
export function normalisePlace(s: string): string {
  return foldSameLength(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const priceKey = (p: Price) => `${p.amount}|${p.qty}|${p.unit}|${p.product}`;
const quantityKey = (q: Quantity) => `${q.qty}|${q.unit}`;
const dealKey = (d: Deal) => (d.kind === 'bonus' ? `bonus|${d.buy}|${d.free}` : `discount|${d.min_qty}|${d.amount_off}`);
const timeKey = (t: TimeSlot) => (t.kind === 'clock' ? `clock|${t.hour}|${t.minute}` : t.kind === 'relative' ? `relative|${t.minutes}` : `day|${t.day}`);

function itemsOf(s: Slots, slot: SlotType): { key: string; item: unknown }[] {
  switch (slot) {
    case 'products':
      return (s.products ?? []).map((p) => ({ key: p, item: p }));
    case 'questions':
      return (s.questions ?? []).map((q) => ({ key: q, item: q }));
    case 'prices':
      return (s.prices ?? []).map((p) => ({ key: priceKey(p), item: p }));
    case 'quantities':
      return (s.quantities ?? []).map((q) => ({ key: quantityKey(q), item: q }));
    case 'deals':
      return (s.deals ?? []).map((d) => ({ key: dealKey(d), item: d }));
    case 'times':
      return (s.times ?? []).map((t) => ({ key: timeKey(t), item: t }));
    case 'places':
      return (s.places ?? []).map((p) => ({ key: normalisePlace(p), item: p }));
    case 'name':
      return s.name === undefined ? [] : [{ key: normalisePlace(s.name), item: s.name }];
  }
}

/** multiset matching on keys: matched count, and the unmatched items of each side */
function match(exp: { key: string; item: unknown }[], got: { key: string; item: unknown }[]) {
  const left = [...got];
  const missing: unknown[] = [];
  let tp = 0;
  for (const e of exp) {
    const k = left.findIndex((g) => g.key === e.key);
    if (k >= 0) {
      tp++;
      left.splice(k, 1);
    } else missing.push(e.item);
  }
  return { tp, missing, extra: left.map((g) => g.item) };
}

function overlaps(a: string, b: string): boolean {
  const pa = ` ${a} `;
  const pb = ` ${b} `;
  return pa.includes(pb) || pb.includes(pa);
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function evaluateReader(read: Reader, messages: readonly LabelledMessage[], opts: { misses?: boolean } = {}): ExtractionEvaluation {
  const acc = new Map<SlotType, { expected: number; messages: number; predicted: number; tp: number }>();
  for (const s of SLOT_TYPES) acc.set(s, { expected: 0, messages: 0, predicted: 0, tp: 0 });
  const misses: Miss[] = [];
  let exact = 0;
  let relaxedTp = 0;
  let placesGot = 0;
  let placesExp = 0;
  const clock = { matched: 0, agree: 0 };
  for (const m of messages) {
    const got = read(m.text);
    let allRight = true;
    for (const slot of SLOT_TYPES) {
      const e = itemsOf(m.expect, slot);
      const g = itemsOf(got, slot);
      const r = match(e, g);
      const a = acc.get(slot)!;
      a.expected += e.length;
      a.messages += e.length > 0 ? 1 : 0;
      a.predicted += g.length;
      a.tp += r.tp;
      if (r.missing.length || r.extra.length) {
        allRight = false;
        if (opts.misses) misses.push({ id: m.id, text: m.text, slot, missing: r.missing, extra: r.extra });
      }
      if (slot === 'places') {
        placesExp += e.length;
        placesGot += g.length;
        const left = g.map((x) => x.key);
        for (const x of e) {
          const k = left.findIndex((y) => overlaps(x.key, y));
          if (k >= 0) {
            relaxedTp++;
            left.splice(k, 1);
          }
        }
      }
      if (slot === 'times') {
        const left = (got.times ?? []).filter((t) => t.kind === 'clock');
        for (const t of m.expect.times ?? []) {
          if (t.kind !== 'clock') continue;
          const k = left.findIndex((x) => x.kind === 'clock' && x.hour === t.hour && x.minute === t.minute);
          if (k < 0) continue;
          clock.matched++;
          if ((left[k]!.kind === 'clock' && left[k]!.ambiguous === true) === (t.ambiguous === true)) clock.agree++;
          left.splice(k, 1);
        }
      }
    }
    if (allRight) exact++;
  }
  let tpAll = 0;
  let predAll = 0;
  let expAll = 0;
  const slots: SlotScore[] = SLOT_TYPES.map((slot) => {
    const a = acc.get(slot)!;
    tpAll += a.tp;
    predAll += a.predicted;
    expAll += a.expected;
    const precision = ratio(a.tp, a.predicted);
    const recall = ratio(a.tp, a.expected);
    return { slot, expected: a.expected, messages: a.messages, predicted: a.predicted, tp: a.tp, fp: a.predicted - a.tp, fn: a.expected - a.tp, precision, recall, f1: f1(precision, recall) };
  });
  const op = ratio(tpAll, predAll);
  const or = ratio(tpAll, expAll);
  const out: ExtractionEvaluation = {
    messages: messages.length,
    exact_messages: exact,
    slots,
    overall: { precision: op, recall: or, f1: f1(op, or) },
    places_relaxed: { tp: relaxedTp, precision: ratio(relaxedTp, placesGot), recall: ratio(relaxedTp, placesExp) },
    clock_ambiguous: clock,
  };
  if (opts.misses) out.misses = misses;
  return out;
}

/** A fixed-width table for people. */
export function formatEvaluation(title: string, ev: ExtractionEvaluation): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const lines = [`${title}: ${ev.messages} messages, ${ev.exact_messages} read exactly right`, `slot         items  msgs  predicted  precision  recall      F1`];
  for (const s of ev.slots) {
    lines.push(`${s.slot.padEnd(11)} ${String(s.expected).padStart(6)} ${String(s.messages).padStart(5)} ${String(s.predicted).padStart(10)}    ${pct(s.precision)}%  ${pct(s.recall)}%  ${pct(s.f1)}%`);
  }
  lines.push(`overall     ${' '.repeat(23)}    ${pct(ev.overall.precision)}%  ${pct(ev.overall.recall)}%  ${pct(ev.overall.f1)}%`);
  lines.push(`places by overlap: precision ${pct(ev.places_relaxed.precision).trim()}%, recall ${pct(ev.places_relaxed.recall).trim()}%; clock "ambiguous" agrees on ${ev.clock_ambiguous.agree}/${ev.clock_ambiguous.matched} matched clock times`);
  return lines.join('\n');
}

export function formatMisses(misses: readonly Miss[]): string {
  const lines: string[] = [];
  for (const m of misses) lines.push(`${m.id} ${m.slot}: missing ${JSON.stringify(m.missing)} extra ${JSON.stringify(m.extra)}  | ${JSON.stringify(m.text.length > 160 ? m.text.slice(0, 160) + '…' : m.text)}`);
  return lines.join('\n');
}
