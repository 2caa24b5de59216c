// Folding for the state's own word patterns: lower case, no accents, curly quotes straight, so
// "Zijt ge d'r?" and "zijt ge d’r" match one pattern. Capped: the patterns look at the first
// MAX_PATTERN_CHARS characters only (a 2,000-character message costs no more than that).
export const MAX_PATTERN_CHARS = 600;

export function foldText(text: string): string {
  return text
    .slice(0, MAX_PATTERN_CHARS)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019`´]/g, "'")
    .toLowerCase();
}
