// Text normalisation shared by the classifier features and the safety rules, so that both see
// "STOPPP", "st0p" and "Stóp" the same way.

/** Lower case, accents stripped (NFKD), apostrophes removed ("sms'en" → "smsen", "don't" → "dont"). */
export function foldText(text: string): string {
  // fast path: plain ASCII needs no Unicode normalisation
  if (/^[\x20-\x7e]*$/.test(text)) return text.toLowerCase().replace(/['`]/g, '');
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '');
}

/** Collapses every run of one repeated letter to a single letter ("stooop" → "stop", "nummer" → "numer"). */
export function squeezeLetters(text: string): string {
  return text.replace(/([a-z])\1+/g, '$1');
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/** Reads digits and @/$ as letters when they sit inside a word ("st0p" → "stop"); "ik ben 15" stays. */
export function decodeLeet(text: string): string {
  if (!/[013457@$]/.test(text)) return text;
  return text.replace(/[013457@$]/g, (ch, i: number, s: string) => {
    const before = s[i - 1] ?? ' ';
    const after = s[i + 1] ?? ' ';
    return /[a-z]/.test(before) || /[a-z]/.test(after) ? LEET[ch]! : ch;
  });
}

/** Keeps letters and digits, everything else becomes one space; trimmed. */
export function wordsOnly(text: string): string {
  return text.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Joins letters typed apart ("s t o p" → "stop"): three or more single letters in a row. */
export function joinSpacedLetters(text: string): string {
  return text.replace(/(?:^|(?<= ))(?:[a-z] ){2,}[a-z](?= |$)/g, (m) => m.replace(/ /g, ''));
}
