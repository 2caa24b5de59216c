import type { Lang } from '../../core/lang.js';
// Folding and tokenising one message, once, for every extractor. The folded text has exactly the
// length of the original (one UTF-16 unit for one), so a token's offsets point into both: places
// and names are cut from the original with the case the dealer typed.
//
// The tokeniser is a hand-written single pass (no regular expression over the whole text), so
// its time is linear in the length of the message whatever the input.

export type TokKind = 'num' | 'word' | 'sym' | 'emoji' | 'nl';

/** What an extractor has taken a token for, so that the next one does not read it again. */
export type Claim = '' | 'phone' | 'skip' | 'time' | 'deal' | 'price' | 'qty';

export interface Tok {
  i: number;
  kind: TokKind;
  /** folded text: lower case, accents stripped, apostrophes as ' */
  t: string;
  /** the original text */
  raw: string;
  start: number;
  end: number;
  /** whitespace (or the start of the text) right before the token */
  sp: boolean;
  /** numeric value of a number (decimal comma and thousands dots read), or NaN */
  value: number;
  line: number;
  clause: number;
  /** sentence index: sentences end at . ! ? and newlines */
  sent: number;
  claim: Claim;
}

export interface Scan {
  text: string;
  folded: string;
  tokens: Tok[];
  /** set by readMessage */
  lang: Lang;
  /** work counter: tokens visited by the extractors (tests bound it by the input length) */
  steps: number;
}

// ---- folding ---------------------------------------------------------------------------------

const FOLD = new Map<number, string>();
function foldChar(code: number): string {
  let f = FOLD.get(code);
  if (f !== undefined) return f;
  const ch = String.fromCharCode(code);
  if (code === 0x2019 || code === 0x2018 || code === 0xb4 || code === 0x60 || code === 0x2032) f = "'";
  else if (code === 0x2013 || code === 0x2014) f = '-';
  else if (code === 0xa0 || code === 0x202f) f = ' ';
  else if (code >= 0xc0 && code < 0x250) {
    const d = ch.normalize('NFD')[0]!.toLowerCase();
    f = d.length === 1 ? d : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  } else {
    const l = ch.toLowerCase();
    f = l.length === 1 ? l : ch;
  }
  FOLD.set(code, f);
  return f;
}

/** Lower case, accents stripped, curly quotes as ', dashes as -: the same length as `text`. */
export function foldSameLength(text: string): string {
  const lower = text.toLowerCase();
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7e) {
      first = i;
      break;
    }
  }
  if (first < 0) return lower;
  // only the non-ASCII characters need folding; copy the ASCII stretches between them whole
  const base = lower.length === text.length ? lower : null;
  const parts: string[] = [];
  let from = 0;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x7e) continue;
    if (i > from) parts.push(base ? base.slice(from, i) : text.slice(from, i).toLowerCase());
    parts.push(c >= 0xd800 && c <= 0xdfff ? text[i]! : foldChar(c));
    from = i + 1;
  }
  if (from < text.length) parts.push(base ? base.slice(from) : text.slice(from).toLowerCase());
  return parts.join('');
}

// ---- character classes -----------------------------------------------------------------------

const LETTER_RE = /\p{L}/u;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
function isLetterAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) return isAsciiLetter(c);
  if (c >= 0xd800 && c <= 0xdfff) return false; // astral letters are rare in SMS; emoji are astral
  return LETTER_RE.test(s[i]!);
}
const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x200b;
const isApos = (c: number) => c === 39;
/** joiners and modifiers that belong to the emoji before them */
const isEmojiTail = (c: number) => c === 0xfe0f || c === 0xfe0e || c === 0x200d || c === 0x20e3;

// ---- numbers ---------------------------------------------------------------------------------

/** "60" 60, "3,5" 3.5, "3.5" 3.5, "1.000.000" 1000000, "1,000" 1000, "2.000,50" 2000.5. */
export function parseNumber(s: string): number {
  if (!s.includes('.') && !s.includes(',')) return Number(s);
  const parts = s.split(/[.,]/);
  const seps = s.replace(/[0-9]/g, '');
  if (parts.length > 2) {
    // several separators: all but the last are thousands; the last is decimal if it differs
    const last = seps[seps.length - 1]!;
    if (seps.split('').every((c) => c === last)) return Number(parts.join(''));
    const i = s.lastIndexOf(last);
    return Number(s.slice(0, i).replace(/[.,]/g, '') + '.' + s.slice(i + 1));
  }
  const [a, b] = parts as [string, string];
  // one separator: three digits after it and a non-zero head reads as thousands ("1.000", "2,500")
  if (b.length === 3 && a !== '0' && a.length <= 3) return Number(a + b);
  return Number(a + '.' + b);
}

// ---- tokeniser -------------------------------------------------------------------------------

const CLAUSE_BREAK = new Set([',', '.', '!', '?', ';', '|', '(', ')', '[', ']', '…']);
const SENTENCE_BREAK = new Set(['.', '!', '?', '…']);

export function tokenize(text: string): Scan {
  const folded = foldSameLength(text);
  const tokens: Tok[] = [];
  const n = text.length;
  let i = 0;
  let sp = true;
  let line = 0;
  let clause = 0;
  let sent = 0;
  const push = (kind: TokKind, start: number, end: number, value = NaN) => {
    tokens.push({ i: tokens.length, kind, t: folded.slice(start, end), raw: text.slice(start, end), start, end, sp, value, line, clause, sent, claim: '' });
    sp = false;
  };
  while (i < n) {
    const c = folded.charCodeAt(i);
    if (c === 10) {
      const s = i;
      while (i < n && (folded.charCodeAt(i) === 10 || isSpace(folded.charCodeAt(i)))) i++;
      push('nl', s, s + 1);
      line++;
      clause++;
      sent++;
      sp = true;
      continue;
    }
    if (isSpace(c)) {
      i++;
      sp = true;
      continue;
    }
    const s = i;
    if (isDigit(c)) {
      while (i < n && isDigit(folded.charCodeAt(i))) i++;
      // decimal comma/point or thousands separators: a separator directly between digits
      while (i + 1 < n && (folded[i] === '.' || folded[i] === ',') && isDigit(folded.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(folded.charCodeAt(i))) i++;
      }
      push('num', s, i, parseNumber(folded.slice(s, i)));
      continue;
    }
    if (isLetterAt(folded, i) || (isApos(c) && i + 1 < n && isLetterAt(folded, i + 1) && sp)) {
      // a word: letters and digits, with inner apostrophes and hyphens followed by a letter; right
      // after a number only letters ("22u30" is 22 u 30, "1m85" is 1 m 85; "Q8" stays one word)
      const afterDigit = s > 0 && isDigit(folded.charCodeAt(s - 1));
      i++;
      for (;;) {
        while (i < n && (isLetterAt(folded, i) || (!afterDigit && isDigit(folded.charCodeAt(i))))) i++;
        const d = folded.charCodeAt(i);
        if (i + 1 < n && (isApos(d) || d === 45) && isLetterAt(folded, i + 1)) {
          i++;
          continue;
        }
        break;
      }
      push('word', s, i);
      continue;
    }
    if (c < 0x80) {
      // ASCII punctuation: a run of the same character is one token ("??", "...")
      while (i < n && folded.charCodeAt(i) === c) i++;
      push('sym', s, i);
      const ch = folded[s]!;
      if (CLAUSE_BREAK.has(ch)) clause++;
      if (SENTENCE_BREAK.has(ch)) sent++;
      continue;
    }
    // anything else: an emoji or symbol, one code point with its joiners and modifiers
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    for (;;) {
      const d = folded.charCodeAt(i);
      if (i < n && isEmojiTail(d)) {
        i++;
        if (d === 0x200d && i < n) i += folded.charCodeAt(i) >= 0xd800 && folded.charCodeAt(i) <= 0xdbff ? 2 : 1;
        continue;
      }
      // skin tones (U+1F3FB–1F3FF) and the second regional indicator of a flag
      if (d === 0xd83c && i + 1 < n) {
        const e = folded.charCodeAt(i + 1);
        if ((e >= 0xdffb && e <= 0xdfff) || (folded.charCodeAt(s) === 0xd83c && folded.charCodeAt(s + 1) >= 0xdde6 && folded.charCodeAt(s + 1) <= 0xddff && e >= 0xdde6 && e <= 0xddff && i - s === 2)) {
          i += 2;
          continue;
        }
      }
      break;
    }
    push('emoji', s, i);
    if (folded[s] === '…') {
      clause++;
      sent++;
    }
  }
  return { text, folded, tokens, lang: 'nl', steps: tokens.length };
}

/** Folded text of token i, or '' outside the message. */
export function w(scan: Scan, i: number): string {
  const t = scan.tokens[i];
  return t === undefined ? '' : t.t;
}
