import { describe, expect, it } from 'vitest';
import { foldSameLength, parseNumber, tokenize } from './tokens.js';

describe('tokens', () => {
  it('folds to the same length, so offsets point into the original', () => {
    for (const s of ['Café Den Engel', 'oké ÉÉN', 'it’s ok', 'Sint–Annatunnel', '❄️ wit 60', 'ÆØÅ ß', '🇧🇪👍🏽']) {
      expect(foldSameLength(s)).toHaveLength(s.length);
    }
    expect(foldSameLength('Café')).toBe('cafe');
    expect(foldSameLength('it’s')).toBe("it's");
  });

  it('reads decimal commas and thousands dots', () => {
    expect(parseNumber('3,5')).toBe(3.5);
    expect(parseNumber('3.5')).toBe(3.5);
    expect(parseNumber('1.000.000')).toBe(1000000);
    expect(parseNumber('1,000')).toBe(1000);
    expect(parseNumber('2.000,50')).toBe(2000.5);
    expect(parseNumber('60')).toBe(60);
  });

  it('splits numbers from units and keeps words with inner apostrophes and hyphens', () => {
    const t = tokenize("22u30 aan 't Sint-Jansplein, paddo's 25e/g").tokens.map((x) => x.t);
    expect(t).toEqual(['22', 'u', '30', 'aan', "'t", 'sint-jansplein', ',', "paddo's", '25', 'e', '/', 'g']);
  });

  it('keeps an emoji with its modifiers as one token, and counts lines, clauses and sentences', () => {
    const s = tokenize('❄️ 60, 🍀 10\nok? ja');
    expect(s.tokens.filter((x) => x.kind === 'emoji').map((x) => x.raw)).toEqual(['❄️', '🍀']);
    expect(s.tokens.map((x) => x.line)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(s.tokens.find((x) => x.t === 'ja')!.sent).toBe(2);
    expect(s.tokens.find((x) => x.t === '10')!.clause).toBe(1);
  });
});
