// Phone numbers out of every text that leaves the process: transcripts (`data import`, `export`),
// notes and logs on stderr, `/health`, `status`, alerts, error messages. One module, so that all
// of them replace the same spans.
//
// Why lib/: transcripts/ and runtime/ both need it, and so do lib/console.ts (notes) and cli.ts
// (error lines), which sit below everything else. It knows phone numbers, not dealers: no act,
// tactic or transcript field is in here. The caller says what a number it can normalise becomes
// (`token`: the transcripts' counterpart pseudonym); without one every number becomes
// `[number]`, and then nothing is parsed and libphonenumber-js is not even loaded.
//
// What is replaced: every run of digits joined by phone separators (space . - / ( ) ~, their
// Unicode look-alikes, a leading + or 00; digits of any script, fullwidth ０-９ included) that
// holds at least MIN_NUMBER_DIGITS digits, minus dates, timestamps, amounts and IPv4 addresses
// that fill the run. Such a run is replaced completely: by the pseudonyms of the numbers it can
// be read as (the whole run, its pieces between " / ", then libphonenumber-js's own matcher in
// the default region and in SCAN_REGIONS), and by `[number]` where nothing parses. A run that
// no library parses is never kept raw. Shorter runs are left alone even where the matcher finds
// a number in them: the German metadata accepts six and seven digits ("900123", "1.000.000"),
// which are prices and amounts far more often than phone numbers in these texts.
import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js';

export const DEFAULT_REGION: CountryCode = 'BE';
/** Regions whose national spellings are looked for in every text, after the default region.
 * Germany last: its metadata accepts the most digit strings, so the others get the first say. */
export const SCAN_REGIONS: readonly CountryCode[] = ['BE', 'NL', 'FR', 'GB', 'US', 'DE'];
export const NUMBER_PLACEHOLDER = '[number]';
/** A run of this many digits is treated as a phone number whether or not anything parses it. */
export const MIN_NUMBER_DIGITS = 8;

export interface RedactOptions {
  /** region of numbers written without a country code; tried first (default BE) */
  region?: CountryCode;
  /** what a number normalised to E.164 becomes; without it, every number is `[number]` */
  token?: (e164: string) => string;
}

type PhoneLib = typeof import('libphonenumber-js');
let lib: PhoneLib | undefined;

/** libphonenumber-js, loaded on first use: its import costs ~100 ms, which every CLI command
 * would pay through lib/console.ts otherwise. One instance for the process (pseudonym.ts uses
 * this one too). */
export function phoneLib(): PhoneLib {
  return (lib ??= createRequire(import.meta.url)('libphonenumber-js') as PhoneLib);
}

// ---- characters ---------------------------------------------------------------------------

// Unicode look-alikes of the separators (libphonenumber-js's VALID_PUNCTUATION and the spaces
// and invisible characters used to break up a number), as the ASCII character they stand for.
const LOOKALIKES: [string, string][] = [
  ['\u00A0\u00AD\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u202F\u205F\u2060\u3000\uFEFF', ' '],
  ['\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D', '-'],
  ['\uFF0E', '.'],
  ['\uFF0F', '/'],
  ['\uFF08\uFF3B', '('],
  ['\uFF09\uFF3D', ')'],
  ['\u2053\u223C\uFF5E', '~'],
  ['\uFF0B', '+'],
];
const MAP = new Map<number, string>();
for (const [chars, to] of LOOKALIKES) for (const ch of chars) MAP.set(ch.codePointAt(0)!, to);

const IS_DIGIT = /\p{Nd}/u;
const ASCII_SEPARATOR = new Uint8Array(128);
for (const ch of ' \t().-/~') ASCII_SEPARATOR[ch.charCodeAt(0)] = 1;

const DIGIT = 1;
const SEPARATOR = 2;
// what a non-ASCII character is, remembered (texts repeat the same few: accents, emoji)
const KINDS = new Map<number, number>();
function kindOf(cp: number): number {
  let k = KINDS.get(cp);
  if (k === undefined) {
    const m = MAP.get(cp);
    k = m !== undefined && m !== '+' ? SEPARATOR : IS_DIGIT.test(String.fromCodePoint(cp)) ? DIGIT : 0;
    if (KINDS.size > 10_000) KINDS.clear();
    KINDS.set(cp, k);
  }
  return k;
}

/** The cheap test every text goes through: MIN_NUMBER_DIGITS digits (any script) with at most
 * 4 separators between two of them, i.e. a run that RUN finds in the normalised text. A loop,
 * not a regex: the equivalent Unicode regex cost 12× more on ordinary message texts. */
function mayHoldNumber(text: string): boolean {
  let digits = 0;
  let gap = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let digit: boolean;
    let separator: boolean;
    if (c < 0x80) {
      digit = c >= 0x30 && c <= 0x39;
      separator = ASCII_SEPARATOR[c] === 1;
    } else {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      const k = kindOf(cp);
      digit = k === DIGIT;
      separator = k === SEPARATOR;
    }
    if (digit) {
      if (++digits >= MIN_NUMBER_DIGITS) return true;
      gap = 0;
    } else if (separator && digits > 0 && ++gap <= 4) continue;
    else digits = gap = 0;
  }
  return false;
}

/** The value of a decimal digit of any script: Unicode encodes them in runs of ten, 0 to 9. */
function digitValue(cp: number): number {
  let start = cp;
  while (start > 0 && IS_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** The text with ASCII digits and separators, and for each of its characters where it starts
 * in the original (`at[norm.length]` = the original's length). */
function normalise(text: string): { norm: string; at: number[] } {
  let norm = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      norm += text[i];
      at.push(i);
      continue;
    }
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) (cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000), (width = 2);
    }
    const mapped = MAP.get(cp);
    if (mapped !== undefined) norm += mapped;
    else if (IS_DIGIT.test(String.fromCodePoint(cp))) norm += String(digitValue(cp));
    else {
      norm += text.slice(i, i + width);
      if (width === 2) at.push(i, i + 1);
      else at.push(i);
      i += width - 1;
      continue;
    }
    at.push(i);
    i += width - 1;
  }
  at.push(text.length);
  return { norm, at };
}

// ---- runs and what is not a phone number ------------------------------------------------------

const RUN = /[+(]*\d(?:[ \t().\/~-]{0,4}\d)*\)?/g;
// identifiers this code writes (pseudonyms p_…, conversation ids c_…, hashes): never numbers
const IDS = /(?<![0-9A-Za-z])(?:[a-z]_[0-9a-f]{16}|[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9A-Za-z])/g;

const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0?[1-9]|1[0-2])';
const YEAR4 = '(?:19|20)\\d\\d';
// a date with a four-digit year: protected even inside a run ("2026-10-03 22u30")
const DATE4 = `(?:${YEAR4}([./-])${MONTH}\\1${DAY}|${DAY}([./-])${MONTH}\\2${YEAR4}|${MONTH}([./-])${DAY}\\3${YEAR4})`;
const DATE_IN_RUN = new RegExp(`(?<=^|[\\s(])${DATE4}(?=$|[\\s)])`, 'g');
// only when it is the whole run: two-digit-year dates, compact dates and times of file names
// (sms-20261003211400.xml). (Not amounts: "33.635.229.928" is a number written like one, and an
// amount of eight digits is no price a dealer writes.)
const WHOLE_RUN = new RegExp(
  '^(?:' +
    [DATE4, `${DAY}([./-])${MONTH}\\4\\d\\d`, `${YEAR4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])(?:(?:[01]\\d|2[0-3])[0-5]\\d(?:[0-5]\\d(?:\\d{3})?)?)?`].join('|') +
    ')$',
);
// an IPv4 address in a URL (http://192.168.1.20:8080, user@10.0.0.12): no leading zeros, and a
// '/' or '@' before it or a ':' after it
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
// between two numbers rather than inside one: " / ", " - " (spaced), "~", two spaces
const STRONG = /[ \t]+[\/-][ \t]*|[ \t]*[\/-][ \t]+|[ \t]*~[ \t]*|[ \t]{2,}/g;
const HAS_STRONG = /[ \t][\/-]|[\/-][ \t]|~|[ \t]{2}/;

const digitCount = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) n++;
  }
  return n;
};

interface Span {
  start: number;
  end: number;
  token: string;
}

/** E.164 of a spelling that is a possible number as a whole, all its digits accounted for. */
function parseWhole(s: string, region: CountryCode): string | undefined {
  const p = phoneLib().parsePhoneNumberFromString(s, region);
  if (!p || !p.isPossible()) return undefined;
  // a parse may stop after the first of several numbers; the digits say whether it took them all
  // (up to 3 more for a trunk 0, a (0) or an international 00)
  const d = digitCount(s) - (p.number.length - 1);
  return d >= -3 && d <= 3 ? p.number : undefined;
}

class Redaction {
  private matches = new Map<CountryCode, { start: number; end: number; e164: string }[]>();
  readonly spans: Span[] = [];
  private readonly regions: CountryCode[];

  constructor(
    private readonly norm: string,
    private readonly o: RedactOptions,
  ) {
    const region = o.region ?? DEFAULT_REGION;
    this.regions = [region, ...SCAN_REGIONS.filter((r) => r !== region)];
  }

  private matcher(region: CountryCode) {
    let m = this.matches.get(region);
    if (!m) {
      m = phoneLib()
        .findPhoneNumbersInText(this.norm, { defaultCountry: region })
        .map((x) => ({ start: x.startsAt, end: x.endsAt, e164: x.number.number as string }));
      this.matches.set(region, m);
    }
    return m;
  }

  run(start: number, end: number): void {
    const text = this.norm.slice(start, end);
    if (WHOLE_RUN.test(text.replace(/^\(+|\)+$/g, ''))) return;
    if (IPV4.test(text) && (/[\/@]/.test(this.norm[start - 1] ?? '') || this.norm[end] === ':')) return;
    // dates inside the run stay; each part between them is a segment of its own
    let from = start;
    DATE_IN_RUN.lastIndex = 0;
    for (const m of text.matchAll(DATE_IN_RUN)) {
      this.segment(from, start + m.index);
      from = start + m.index + m[0].length;
    }
    this.segment(from, end);
  }

  private segment(start: number, end: number): void {
    const norm = this.norm;
    while (start < end && !/[\d+(]/.test(norm[start]!)) start++;
    while (end > start && !/[\d)]/.test(norm[end - 1]!)) end--;
    const seg = norm.slice(start, end);
    if (digitCount(seg) < MIN_NUMBER_DIGITS) return;
    const token = this.o.token;
    if (!token) return void this.spans.push({ start, end, token: NUMBER_PLACEHOLDER });
    const region = this.regions[0]!;
    const whole = parseWhole(seg, region);
    if (whole) return void this.spans.push({ start, end, token: token(whole) });

    // candidates, best first: the pieces between strong separators, then the matcher's numbers
    const cands: (Span & { rank: number })[] = [];
    let at = 0;
    const pieces = [...seg.matchAll(STRONG)].map((m) => [m.index, m.index + m[0].length] as const);
    for (const [a, b] of [...pieces, [seg.length, seg.length] as const]) {
      const piece = seg.slice(at, a);
      if (digitCount(piece) >= MIN_NUMBER_DIGITS) {
        const e = parseWhole(piece, region);
        if (e) cands.push({ start: start + at, end: start + a, token: token(e), rank: 0 });
      }
      at = b;
    }
    this.regions.forEach((r, k) => {
      for (const m of this.matcher(r))
        if (m.start >= start && m.end <= end && digitCount(norm.slice(m.start, m.end)) >= MIN_NUMBER_DIGITS)
          cands.push({ start: m.start, end: m.end, token: token(m.e164), rank: 1 + k });
    });
    cands.sort((x, y) => x.rank - y.rank || x.start - y.start);
    const chosen: Span[] = [];
    for (const c of cands) if (chosen.every((s) => c.end <= s.start || c.start >= s.end)) chosen.push({ start: c.start, end: c.end, token: c.token });
    chosen.sort((x, y) => x.start - y.start);

    // What lies between them: digits joined to a number (no strong separator between) are part
    // of it; a part on its own is `[number]` when it is long enough to be one, else kept.
    const out: Span[] = [];
    let prev: Span | undefined;
    let pos = start;
    for (let k = 0; k <= chosen.length; k++) {
      const next = chosen[k];
      const fragEnd = next ? next.start : end;
      const frag = norm.slice(pos, fragEnd);
      const first = frag.search(/[+(]*\d/);
      if (first >= 0) {
        let last = frag.length;
        while (!/\d/.test(frag[last - 1]!)) last--;
        // the separators before its first digit and after its last: strong ones part it off
        const apartLeft = HAS_STRONG.test(frag.slice(0, first));
        const apartRight = HAS_STRONG.test(frag.slice(last));
        if (prev && !apartLeft) prev.end = next && !apartRight ? fragEnd : pos + last;
        else if (next && !apartRight) next.start = pos + first;
        else if (digitCount(frag) >= MIN_NUMBER_DIGITS) out.push({ start: pos + first, end: pos + last, token: NUMBER_PLACEHOLDER });
      }
      if (next) {
        out.push(next);
        prev = next;
        pos = next.end;
      }
    }
    this.spans.push(...out);
  }
}

/** The text with every phone-number-shaped span replaced (see the top of this file). */
export function redactNumbers(text: string, o: RedactOptions = {}): string {
  if (!mayHoldNumber(text)) return text;
  const n = normalise(text);
  // identifiers are masked (same length, no digits), so no run starts, ends or passes in them
  const norm = n.norm.replace(IDS, (m) => 'x'.repeat(m.length));
  const at = n.at;
  const r = new Redaction(norm, o);
  for (const m of norm.matchAll(RUN)) if (digitCount(m[0]) >= MIN_NUMBER_DIGITS) r.run(m.index, m.index + m[0].length);
  if (!r.spans.length) return text;
  r.spans.sort((x, y) => x.start - y.start);
  let out = '';
  let pos = 0;
  let prevEnd = -1;
  for (const s of r.spans) {
    // two numbers written without anything between them: their tokens stay apart
    out += (s.start === prevEnd ? ' ' : text.slice(pos, at[s.start])) + s.token;
    pos = at[s.end]!;
    prevEnd = s.end;
  }
  return out + text.slice(pos);
}

/** Strings anywhere in a plain value (objects, arrays) redacted: for JSON that leaves the process. */
export function redactDeep<T>(value: T, o?: RedactOptions): T {
  if (typeof value === 'string') return redactNumbers(value, o) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, o)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, o)])) as T;
  return value;
}
