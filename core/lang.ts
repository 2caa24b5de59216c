// The languages the bot reads and writes: Dutch (Flemish register) and English. Everything kept
// per language — NLU marker words, catalogue templates, the simulator's dealer texts, a
// transcript's `lang` — is keyed by these codes, so a new language starts here.
export const LANGS = ['nl', 'en'] as const;

export type Lang = (typeof LANGS)[number];

const LANG_SET: ReadonlySet<string> = new Set(LANGS);
export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && LANG_SET.has(x);
}
