import { describe, expect, it } from 'vitest';
import { readMessage } from './read.js';

describe('phone numbers and other numbers that are no value', () => {
  it.each([
    ['bel 0471 23 45 67 aub', '0471 23 45 67'],
    ['nieuw nr: 0486/55.12.90', '0486/55.12.90'],
    ['+32 470 11 22 33', '+32 470 11 22 33'],
    ['0032 489 12 34 56', '0032 489 12 34 56'],
    ['sms 0470123456', '0470123456'],
    ['03 234 56 78', '03 234 56 78'],
  ])('%s: a phone span, no price, no time', (text, span) => {
    const r = readMessage(text);
    expect(r.phoneSpans.map((s) => s.text)).toEqual([span]);
    expect(r.prices).toEqual([]);
    expect(r.quantities).toEqual([]);
    expect(r.times.filter((t) => t.kind !== 'day')).toEqual([]);
    for (const s of r.phoneSpans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('an IBAN is masked too', () => {
    const r = readMessage('stort op BE71 0961 2345 6769 aub');
    expect(r.phoneSpans).toHaveLength(1);
    expect(r.prices).toEqual([]);
  });

  it.each(['24/7 en 7/7', '100% zuiver', '250mg', 'ik ben 1m85', 'plate 1-ABC-234', 'Antwerp 3 - Brugge 0', 'sinds 2016', 'born in 99'])('%s gives no value', (text) => {
    const r = readMessage(text);
    expect([r.prices, r.quantities, r.times, r.deals]).toEqual([[], [], [], []]);
  });

  it('a price next to a phone number is still read', () => {
    const r = readMessage('wit 60 a g, bel 0470 12 34 56');
    expect(r.prices).toEqual([{ amount: 60, qty: 1, unit: 'g', product: 'coke' }]);
  });
});
