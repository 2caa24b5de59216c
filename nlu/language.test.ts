import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

const tok = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

describe('detectLanguage', () => {
  it.each([
    ['allez gij zijt efkes te laat', 'nl'],
    ['wa kost da manneke', 'nl'],
    ['where you at bro', 'en'],
    ['how much for 2g', 'en'],
    // mixed messages get the dominant language
    ['yo bro wa moet ge hebben, weed of wit?', 'nl'],
    ['wa wilde bro, how much you need', 'en'],
  ] as const)('%j → %s', (text, lang) => {
    expect(detectLanguage(tok(text))).toBe(lang);
  });
  it('falls back to spelling when no marker word is present; Dutch by default', () => {
    expect(detectLanguage(tok('schoonmaak'))).toBe('nl');
    expect(detectLanguage(tok('thanks'))).toBe('en');
    expect(detectLanguage([])).toBe('nl');
  });
});
