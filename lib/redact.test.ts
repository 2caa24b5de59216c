// The redaction of phone numbers in texts that leave the process (lib/redact.ts).
//
// libphonenumber-js docs relied on (node_modules/libphonenumber-js/README.md):
// - `findPhoneNumbersInText(text, defaultCountry | { defaultCountry })` "searches for complete
//   phone numbers in text" and returns `{ number: PhoneNumber, startsAt, endsAt }` (a port of
//   Google's PhoneNumberMatcher.java; default leniency VALID): the cross-check below runs it in
//   every region the data uses and asserts that nothing it finds survives;
// - `parsePhoneNumberFromString(text, defaultCountry)` returns undefined or a PhoneNumber whose
//   `.number` is E.164 and `isPossible()` checks the length: the pseudonyms of the numbers the
//   generator writes must be those of their E.164 form (the counterpart's pseudonym).
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';
import { MIN_NUMBER_DIGITS, NUMBER_PLACEHOLDER, redactDeep, redactNumbers } from './redact.js';

// digits as letters, so that a token never looks like a leak of the number it replaces
const letters = (e164: string) => e164.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
const token = (e164: string) => `<${letters(e164)}>`;
/** an expected text written with `<+E.164>` where the test token goes */
const tokens = (s: string) => s.replace(/<(\+\d+)>/g, (_, e: string) => token(e));
const REGIONS: CountryCode[] = ['BE', 'NL', 'FR', 'DE', 'GB', 'US'];

// ---- a generator of number spellings --------------------------------------------------------

interface Country {
  cc: string;
  region: CountryCode;
  /** national significant number */
  nsn: (r: Rng) => string;
  /** trunk prefix of the national form ('' for the US) */
  trunk: string;
}
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(r.int(10))).join('');
const COUNTRIES: Country[] = [
  { cc: '32', region: 'BE', trunk: '0', nsn: (r) => (r.bool() ? '4' + String(5 + r.int(5)) + digits(r, 7) : r.pick(['2', '3', '9']) + digits(r, 7)) },
  { cc: '31', region: 'NL', trunk: '0', nsn: (r) => '6' + digits(r, 8) },
  { cc: '33', region: 'FR', trunk: '0', nsn: (r) => r.pick(['6', '7']) + digits(r, 8) },
  { cc: '49', region: 'DE', trunk: '0', nsn: (r) => r.pick(['15', '16', '17', '30']) + digits(r, 8) },
  { cc: '44', region: 'GB', trunk: '0', nsn: (r) => '7' + digits(r, 9) },
  { cc: '1', region: 'US', trunk: '', nsn: (r) => String(2 + r.int(8)) + digits(r, 2) + String(2 + r.int(8)) + digits(r, 6) },
];

const FULLWIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/\+/g, '\uFF0B');

/** Groups of 2, 3 or 4 digits (the last one takes the rest, never a single digit). */
function group(r: Rng, s: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < s.length) {
    let n = 2 + r.int(3);
    if (s.length - (at + n) === 1) n++;
    out.push(s.slice(at, at + n));
    at += n;
  }
  if (out.length > 1 && out.at(-1)!.length === 1) out.push(out.pop()! + out.pop()!);
  return out;
}

interface Spelled {
  text: string;
  /** all digits as written, and the national significant number */
  written: string;
  nsn: string;
  e164: string;
}

export function spellNumber(r: Rng): Spelled {
  const c = r.pick(COUNTRIES);
  const nsn = c.nsn(r);
  const sep = r.pick([' ', '.', '-', '/', '']);
  const form = r.pick(['+', '00', 'bare', 'national', 'national']);
  const groups = r.bool(0.2) ? [nsn] : group(r, nsn);
  let national: string[];
  let head = '';
  if (form === 'national') {
    national = [...groups];
    national[0] = c.trunk + national[0];
    if (r.bool(0.25)) national[0] = `(${national[0]})`;
  } else {
    head = (form === '+' ? '+' : form === '00' ? '00' : '') + c.cc;
    national = [...groups];
    if (c.trunk && form !== 'bare' && r.bool(0.2)) national[0] = `(${c.trunk})` + national[0];
  }
  const body = national.join(sep);
  let text = head ? head + (r.bool() ? ' ' : sep) + body : body;
  if (r.bool(0.15)) text = FULLWIDTH(text);
  return { text, written: text.normalize('NFKC').replace(/\D/g, ''), nsn, e164: `+${c.cc}${nsn}` };
}

const TEMPLATES = ['{}', 'bel me op {}', 'mijn nummer is {} of {}', 'call {} now', 'nieuw nummer: {}!', 'sms naar {}, niet naar {}', '{} {}', 'ok ({})'];

function generateText(r: Rng): { text: string; numbers: Spelled[] } {
  const t = r.pick(TEMPLATES);
  const numbers: Spelled[] = [];
  const text = t.replace(/\{\}/g, () => {
    const k = 1 + (r.bool(0.3) ? 1 + r.int(2) : 0);
    const ns = Array.from({ length: k }, () => spellNumber(r));
    numbers.push(...ns);
    return ns.map((n) => n.text).join(r.pick([' / ', ', ']));
  });
  return { text, numbers };
}

/** The digit strings of the runs in a text (separators dropped), any digit script as ASCII. */
function digitRuns(text: string): string[] {
  return [...text.normalize('NFKC').matchAll(/\d(?:[\s().\/~-]*\d)*/g)].map((m) => m[0].replace(/\D/g, ''));
}

/** The first 7-digit window of `digits` that is still in the text, if any. */
function leakedWindow(out: string, digits: string): string | undefined {
  const runs = digitRuns(out);
  for (let i = 0; i + 7 <= digits.length; i++) {
    const w = digits.slice(i, i + 7);
    if (runs.some((r) => r.includes(w))) return w;
  }
  return undefined;
}

describe('redactNumbers: generated spellings', () => {
  it('leaves no run of 7 digits of any number, in 5,000 texts with one to several numbers', () => {
    const r = new Rng(20261003);
    let numbers = 0;
    for (let i = 0; i < 5000; i++) {
      const g = generateText(r);
      for (const out of [redactNumbers(g.text, { token }), redactNumbers(g.text)]) {
        for (const n of g.numbers) {
          numbers++;
          const leak = leakedWindow(out, n.written) ?? leakedWindow(out, n.nsn);
          expect(leak, `${JSON.stringify(g.text)} → ${JSON.stringify(out)}`).toBeUndefined();
        }
      }
    }
    expect(numbers).toBeGreaterThan(12_000);
  });

  it('gives a number on its own the pseudonym of its E.164 form, whatever the spelling', () => {
    const r = new Rng(7);
    let same = 0;
    for (let i = 0; i < 2000; i++) {
      const n = spellNumber(r);
      const out = redactNumbers(`bel ${n.text} nu`, { token, region: COUNTRIES.find((c) => n.e164.startsWith('+' + c.cc))!.region });
      // a bare country code without + is ambiguous with a national number; all others are one number
      if (out === `bel ${token(n.e164)} nu`) same++;
      else expect(out, n.text).toMatch(/^bel (<\+[a-j]+>|\[number\]) nu$/);
    }
    expect(same).toBeGreaterThan(1800);
  });

  it('redacts everything libphonenumber-js finds (8+ digits) in every region the data uses', () => {
    const r = new Rng(99);
    let found = 0;
    for (let i = 0; i < 1500; i++) {
      const { text } = generateText(r);
      const out = redactNumbers(text, { token });
      for (const region of REGIONS)
        for (const m of findPhoneNumbersInText(text, region)) {
          const d = text.slice(m.startsAt, m.endsAt).normalize('NFKC').replace(/\D/g, '');
          if (d.length < MIN_NUMBER_DIGITS) continue;
          found++;
          expect(leakedWindow(out, d), `${region} ${JSON.stringify(text)} → ${JSON.stringify(out)}`).toBeUndefined();
        }
    }
    expect(found).toBeGreaterThan(3000);
  });
});

describe('redactNumbers: spellings that leaked before', () => {
  it.each([
    ['0032470112235 / 0470/11.22.36 / 0470-11-22-37', '<+32470112235> / <+32470112236> / <+32470112237>'],
    ['+32 (0)470 11 22 38', '<+32470112238>'],
    ['(0470) 11 22 39', '<+32470112239>'],
    ['32470112240', '<+32470112240>'],
    ['０４７０ １１ ２２ ３３', '<+32470112233>'],
    ['(415) 555-0199', '<+14155550199>'],
    ['bel0470112233', 'bel<+32470112233>'],
    ['0470\u200B112233 (zero-width space)', '<+32470112233> (zero-width space)'],
    ['𝟎𝟒𝟕𝟎 𝟏𝟏 𝟐𝟐 𝟑𝟑', '<+32470112233>'],
    ['٠٤٧٠١١٢٢٣٣', '<+32470112233>'],
    ['+32470112233~+32499000000', '<+32470112233>~<+32499000000>'],
  ])('%s', (text, expected) => {
    expect(redactNumbers(text, { token })).toBe(tokens(expected));
  });

  it('replaces a digit run of phone length that nothing parses by [number], never keeps it', () => {
    for (const text of ['ref 12345678901234567890', '0470 11 22 33 44 55 66', '00 00 00 00 00', '9999-9999', '+99 1234 5678'])
      expect(digitRuns(redactNumbers(text, { token })).filter((d) => d.length >= MIN_NUMBER_DIGITS), text).toEqual([]);
    expect(redactNumbers('ref 12345678901234567890', { token })).toBe(`ref ${NUMBER_PLACEHOLDER}`);
  });

  it('without a token every number is [number] (notes, logs, /health, status)', () => {
    expect(redactNumbers('Twilio answered HTTP 400: The To number +32 470 11 22 33 is not a valid phone number.')).toBe(
      'Twilio answered HTTP 400: The To number [number] is not a valid phone number.',
    );
    expect(redactNumbers('0032470112235 / 0470/11.22.36')).toBe('[number]');
  });
});

describe('redactNumbers: what is not a phone number keeps its digits', () => {
  it.each([
    '3 voor 130',
    '5g 200',
    '22u30',
    '2026-10-03',
    '24/7',
    'op 03/10/2026 om 20u, 5g voor 45',
    '03.10.2026 22.30',
    '2026-10-03T21:14:00.000Z',
    '2026-10-03 22u30',
    '12/25/2026',
    '10e/g, 5g voor 45, 10g voor 80',
    '€1.200 of 1.000.000',
    'om 20:30, 1 2 3 4 5 6 7',
    'sms-20261003211400.xml',
    'backup 20261003',
    'http://192.168.100.200:8080/health',
    'order #1234567',
    'counterpart p_1234567890123456, conversation c_0123456789abcdef',
  ])('%s', (text) => {
    expect(redactNumbers(text, { token })).toBe(text);
    expect(redactNumbers(text)).toBe(text);
  });

  it('keeps a date or a price next to a number', () => {
    expect(redactNumbers('2026-10-03 0470 11 22 33', { token })).toBe(tokens('2026-10-03 <+32470112233>'));
    expect(redactNumbers('bel 0470 11 22 33 - 20 euro', { token })).toBe(tokens('bel <+32470112233> - 20 euro'));
  });

  it('is idempotent: its own output has nothing left to replace', () => {
    const r = new Rng(3);
    const pseudo = (e: string) => 'p_' + Buffer.from(e).toString('hex').padEnd(16, '0').slice(0, 16);
    for (let i = 0; i < 500; i++) {
      const once = redactNumbers(generateText(r).text, { token: pseudo });
      expect(redactNumbers(once, { token: pseudo })).toBe(once);
    }
  });
});

describe('redactDeep', () => {
  it('redacts the strings of a JSON value and leaves the rest as it is', () => {
    const v = { status: 'ok', lastError: 'android-sms-gateway answered HTTP 500: no route to +32470112233', backlog: 3, list: [{ e: '0470 11 22 33' }, null, true] };
    expect(redactDeep(v)).toEqual({ status: 'ok', lastError: 'android-sms-gateway answered HTTP 500: no route to [number]', backlog: 3, list: [{ e: '[number]' }, null, true] });
  });
});
