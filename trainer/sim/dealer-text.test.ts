import { describe, expect, it } from 'vitest';
import { DEALER_ACTS } from '../../core/acts.js';
import { Rng } from '../../lib/random.js';
import { dealerText } from './dealer-text.js';

const styles = [
  { lowercase: 0, noPunct: 0, emoji: 0, typo: 0 },
  { lowercase: 0.7, noPunct: 0.8, emoji: 0.6, typo: 0.3 },
];

describe('dealer text', () => {
  it('act-level length equals the rendered message length for every act, language and style', () => {
    const t = dealerText();
    const rng = new Rng(3);
    for (let lang = 0; lang < 2; lang++)
      for (let act = 0; act < DEALER_ACTS.length; act++)
        for (const style of styles)
          for (let k = 0; k < 40; k++) {
            const seed = rng.nextU32();
            const conv = rng.nextU32();
            const text = t.render(lang, act, style, seed, conv);
            expect(t.length(lang, act, style, seed, conv)).toBe([...text].length);
            expect(t.lastUtf16).toBe(text.length);
          }
  });

  it('varies messages and keeps the price and place of a conversation', () => {
    const t = dealerText();
    const rng = new Rng(4);
    for (const act of [0, 1, 4, 6]) {
      const seen = new Set<string>();
      for (let k = 0; k < 30; k++) seen.add(t.render(0, act, styles[1]!, rng.nextU32(), 99));
      expect(seen.size).toBeGreaterThanOrEqual(5);
    }
    // price template "{qty} is {price}" etc.: one conversation, one price
    const prices = new Set<string>();
    for (let k = 0; k < 50; k++) {
      const m = /\b(\d+)\b(?!g)/.exec(t.render(1, 1, styles[0]!, rng.nextU32(), 1234));
      if (m && !/^\d+g/.test(m[0])) prices.add(m[1]!);
    }
    expect(prices.size).toBeLessThanOrEqual(2);
  });

  it('writes Flemish for nl personas and English for en personas', () => {
    const t = dealerText();
    const rng = new Rng(5);
    let nl = '';
    let en = '';
    for (let k = 0; k < 300; k++) {
      const act = k % DEALER_ACTS.length;
      nl += ' ' + t.render(0, act, styles[0]!, rng.nextU32(), 1);
      en += ' ' + t.render(1, act, styles[0]!, rng.nextU32(), 1);
    }
    for (const w of [/\bge\b/i, /\bzijt\b/i, /\befkes\b/i, /\ballez\b/i]) expect(nl).toMatch(w);
    expect(en).toMatch(/\bu\b/);
    expect(en).not.toMatch(/\bzijt\b/);
  });
});
