import { describe, expect, it } from 'vitest';
import { devFile, readLabelled } from './dataset.js';
import { evaluateReader, formatEvaluation, normalisePlace, SLOT_TYPES, type Reader } from './evaluate.js';
import { readMessage, toSlots } from './reader/read.js';
import type { LabelledMessage } from './dataset.js';

const msg = (id: string, text: string, expect: LabelledMessage['expect']): LabelledMessage => ({ id, text, lang: 'nl', expect });

describe('evaluateReader (the scorer)', () => {
  const gold = [
    msg('a', 'coke 60 om 22u aan de Meir', {
      products: ['coke'],
      prices: [{ amount: 60, qty: null, unit: null, product: 'coke' }],
      times: [{ kind: 'clock', hour: 22, minute: 0 }],
      places: ['Meir'],
    }),
    msg('b', 'ok', {}),
  ];

  it('a perfect reader scores 1 everywhere and counts items and messages', () => {
    const ev = evaluateReader((t) => gold.find((g) => g.text === t)!.expect, gold, { misses: true });
    expect(ev.exact_messages).toBe(2);
    for (const s of ev.slots) expect([s.precision, s.recall]).toEqual([1, 1]);
    expect(ev.slots.find((s) => s.slot === 'prices')).toMatchObject({ expected: 1, messages: 1, predicted: 1, tp: 1 });
    expect(ev.misses).toEqual([]);
  });

  it('matches prices on every field and counts extras against precision, misses against recall', () => {
    const read: Reader = (t) => (t === 'ok' ? { prices: [{ amount: 5, qty: null, unit: null, product: null }] } : { ...gold[0]!.expect, prices: [{ amount: 60, qty: 1, unit: 'g', product: 'coke' }] });
    const ev = evaluateReader(read, gold, { misses: true });
    const p = ev.slots.find((s) => s.slot === 'prices')!;
    expect(p).toMatchObject({ tp: 0, fp: 2, fn: 1, precision: 0, recall: 0 });
    expect(ev.misses!.map((m) => `${m.id}:${m.slot}`)).toEqual(['a:prices', 'b:prices']);
  });

  it('ignores "ambiguous" for matching clock times but reports how often it agrees', () => {
    const read: Reader = () => ({ ...gold[0]!.expect, times: [{ kind: 'clock', hour: 22, minute: 0, ambiguous: true }] });
    const ev = evaluateReader(read, [gold[0]!]);
    expect(ev.slots.find((s) => s.slot === 'times')!.recall).toBe(1);
    expect(ev.clock_ambiguous).toEqual({ matched: 1, agree: 0 });
  });

  it('compares places by normalised text, and reports an overlap match beside it', () => {
    expect(normalisePlace("  aan  't ZUID, ")).toBe('aan t zuid');
    const read: Reader = () => ({ ...gold[0]!.expect, places: ['de Meir'] });
    const ev = evaluateReader(read, [gold[0]!]);
    expect(ev.slots.find((s) => s.slot === 'places')!.recall).toBe(0);
    expect(ev.places_relaxed.recall).toBe(1);
    const same = evaluateReader(() => ({ ...gold[0]!.expect, places: ['meir.'] }), [gold[0]!]);
    expect(same.slots.find((s) => s.slot === 'places')!.recall).toBe(1);
  });

  it('keeps misses only when asked', () => {
    const ev = evaluateReader(() => ({}), gold);
    expect(ev.misses).toBeUndefined();
    expect(formatEvaluation('x', ev)).not.toContain('coke 60');
  });
});

describe('the reader on the dev file', () => {
  const ev = evaluateReader((t) => toSlots(readMessage(t)), readLabelled(devFile()), { misses: true });
  it.each(SLOT_TYPES)('%s: precision and recall at least 0.9', (slot) => {
    const s = ev.slots.find((x) => x.slot === slot)!;
    expect(s.expected).toBeGreaterThan(0);
    expect(s.precision, JSON.stringify(ev.misses!.filter((m) => m.slot === slot).slice(0, 5))).toBeGreaterThanOrEqual(0.9);
    expect(s.recall, JSON.stringify(ev.misses!.filter((m) => m.slot === slot).slice(0, 5))).toBeGreaterThanOrEqual(0.9);
  });
});
