import { describe, expect, it } from 'vitest';
import { decodeLeet, foldText, joinSpacedLetters, squeezeLetters, wordsOnly } from './normalize.js';

describe('normalisation', () => {
  it('folds case, accents and apostrophes', () => {
    expect(foldText("Één Café, sms'en DON’T")).toBe('een cafe, smsen dont');
    expect(foldText('STOP')).toBe('stop');
  });
  it('squeezes repeated letters but not digits', () => {
    expect(squeezeLetters('stooopp verkeerd nummer 100')).toBe('stop verkerd numer 100');
  });
  it('reads digits as letters only inside words', () => {
    expect(decodeLeet('st0p 5t0p h3ll0 ik ben 15 en 3de')).toBe('stop stop hello ik ben 15 en ede');
  });
  it('keeps letters and digits only and joins spaced letters', () => {
    expect(wordsOnly('wie?! is-dit… 🔥 15')).toBe('wie is dit 15');
    expect(joinSpacedLetters('s t o p nu a b')).toBe('stop nu a b');
  });
});
