// Numbers that are no value at all: phone numbers, IBANs, plates, "24/7", "100%", "250mg",
// heights, scores. They are claimed first, so no extractor reads them as a price, a quantity or a
// time. Phone numbers come back as spans (the bot must never repeat one).
import { isPossiblePhoneNumber } from 'libphonenumber-js';
import type { Span } from './types.js';
import type { Scan, Tok } from './tokens.js';

const PRICE_BEFORE_YEAR = new Set(['it', 'for', 'kost', 'kosten', 'costs', 'cost', '€', '£', '$', 'pay', 'betaal', 'price', 'prijs', 'aan']);
const CURRENCY_AFTER_YEAR = new Set(['euro', 'eur', 'e', '€', 'quid', 'pounds', 'balle', 'bucks']);
const PHONE_SEPARATORS = new Set(['/', '.', '-']);

function digitsOf(t: Tok): string {
  return t.raw.replace(/[^0-9]/g, '');
}

/** Marks phone numbers (national 0…, international +…/00…) and returns their spans. */
function maskPhones(scan: Scan): Span[] {
  const toks = scan.tokens;
  const spans: Span[] = [];
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const first = toks[i]!;
    if (first.kind !== 'num') continue;
    const plus = i > 0 && toks[i - 1]!.t === '+' && toks[i - 1]!.end === first.start;
    if (!plus && first.raw[0] !== '0') continue;
    // the groups of a run of numbers separated by one space or one of / . -, and the digits so far
    let digits = digitsOf(first);
    const intl = plus || digits.startsWith('00');
    const max = plus ? 13 : intl ? 15 : 10;
    let j = i;
    let bestJ = -1;
    let bestDigits = '';
    const consider = () => {
      const ok = intl ? digits.length >= 10 && digits.length <= max : digits.length >= 9 && digits.length <= 10;
      if (ok) {
        bestJ = j;
        bestDigits = digits;
      }
    };
    consider();
    while (j + 1 < toks.length && digits.length < max) {
      scan.steps++;
      const nx = toks[j + 1]!;
      if (nx.kind === 'num' && nx.start - toks[j]!.end <= 1) {
        digits += digitsOf(nx);
        j++;
        consider();
        continue;
      }
      const after = toks[j + 2];
      if (nx.kind === 'sym' && PHONE_SEPARATORS.has(nx.t) && after && after.kind === 'num' && nx.start - toks[j]!.end <= 1 && after.start - nx.end <= 1) {
        digits += digitsOf(after);
        j += 2;
        consider();
        continue;
      }
      break;
    }
    if (bestJ < 0) {
      // other lengths: ask libphonenumber once, for the whole run (8 digits and more)
      if (digits.length < 8 || digits.length > 15 || !isPossiblePhoneNumber(plus ? '+' + digits : digits.startsWith('00') ? '+' + digits.slice(2) : digits, 'BE')) continue;
      bestJ = j;
      bestDigits = digits;
    }
    j = bestJ;
    void bestDigits;
    const start = plus ? toks[i - 1]!.start : first.start;
    for (let k = plus ? i - 1 : i; k <= j; k++) toks[k]!.claim = 'phone';
    spans.push({ text: scan.text.slice(start, toks[j]!.end), start, end: toks[j]!.end });
    i = j;
  }
  return spans;
}

const IBAN_HEAD = /^[a-z]{2}[0-9]{2}$/;
/** words after "N - M" that make it a range, not a score */
const SCORE_STOP = new Set(['min', 'mins', 'minuten', 'minutes', 'u', 'h', 'uur', 'g', 'gram', 'gr', 'euro', 'e', 'pillen', 'pills', 'stuks']);
/** after "ik ben N" these make N a duration or an amount, not an age */
const NOT_AGE_AFTER = new Set(['min', 'mins', 'minuten', 'minutes', 'minuutjes', 'u', 'h', 'uur', 'hour', 'hours', 'euro', 'e', 'g', 'gram', 'pm', 'am', ':', '.', 'ish', 'km', 'meter', 'minuut', 'sec', 'seconds', 'stops', 'haltes', 'blocks']);
const MG = new Set(['mg', 'mcg', 'ug', 'ml', 'cl', 'kg', 'km', 'kmh', 'cm', 'mm', 'jaar', 'jaren', 'years', 'yrs', 'yo', 'procent', 'percent']);

/** Claims every number that is no price, quantity or time (see the file comment). */
export function maskNoise(scan: Scan): Span[] {
  const phones = maskPhones(scan);
  const toks = scan.tokens;
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.claim !== '') continue;
    // IBAN: "BE68 5390 0754 7034"
    if (t.kind === 'word' && IBAN_HEAD.test(t.t) && toks[i + 1]?.kind === 'num' && toks[i + 1]!.raw.length === 4) {
      t.claim = 'skip';
      let j = i + 1;
      while (toks[j]?.kind === 'num' && toks[j]!.raw.length <= 4) toks[j++]!.claim = 'skip';
      phones.push({ text: scan.text.slice(t.start, toks[j - 1]!.end), start: t.start, end: toks[j - 1]!.end });
      i = j - 1;
      continue;
    }
    if (t.kind !== 'num') continue;
    const nx = toks[i + 1];
    const adj = nx !== undefined && nx.start === t.end;
    // 24/7, 7/7
    if (adj && nx.t === '/' && toks[i + 2]?.kind === 'num' && toks[i + 2]!.value === 7 && toks[i + 2]!.start === nx.end) {
      t.claim = nx.claim = toks[i + 2]!.claim = 'skip';
      continue;
    }
    // 100%, 250mg, 15 jaar, 1m85
    if (nx && (nx.t === '%' || MG.has(nx.t) || (adj && nx.t === 'm' && toks[i + 2]?.kind === 'num' && toks[i + 2]!.start === nx.end))) {
      if (nx.t === 'm') toks[i + 2]!.claim = 'skip';
      t.claim = 'skip';
      continue;
    }
    // plates "1-ABC-234"
    if (adj && nx.t === '-' && toks[i + 2]?.kind === 'word' && /^[a-z]{2,3}$/.test(toks[i + 2]!.t) && toks[i + 3]?.t === '-') {
      for (let k = i; k <= i + 4 && k < toks.length; k++) toks[k]!.claim = 'skip';
      continue;
    }
    // scores "3 - 0", "Antwerp 3 - Brugge 0"
    if (t.value <= 9 && Number.isInteger(t.value)) {
      const dash = toks[i + 1]?.t === '-' ? i + 1 : toks[i + 1]?.kind === 'word' && toks[i + 2]?.t === '-' ? -1 : 0;
      const team = (k: number) => toks[k]?.kind === 'word' && toks[k]!.raw[0] !== toks[k]!.t[0];
      let other: Tok | undefined;
      if (dash > 0 && toks[i + 2]?.kind === 'num' && toks[i + 2]!.value <= 9 && !SCORE_STOP.has(toks[i + 3]?.t ?? '')) other = toks[i + 2];
      else if (team(i - 1) && toks[i + 1]?.t === '-' && team(i + 2) && toks[i + 3]?.kind === 'num' && toks[i + 3]!.value <= 9) other = toks[i + 3];
      if (other) {
        t.claim = other.claim = 'skip';
        continue;
      }
    }
    // years
    if (t.raw.length === 4 && t.value >= 1950 && t.value <= 2039) {
      const prev = toks[i - 1]?.t ?? '';
      // not a year: a clock ("om 2015"), or an amount ("make it 2000", "for 2000", "voor 2000 euro";
      // a bare "voor 2019" is "before 2019")
      const amount = PRICE_BEFORE_YEAR.has(prev) || CURRENCY_AFTER_YEAR.has(nx?.t ?? '');
      if (!(prev === 'om' || prev === 'at' || prev === 'by' || prev === 'tegen' || prev === 'rond' || amount)) t.claim = 'skip';
      continue;
    }
    // "'98", "in 98" after born/since
    const prev = toks[i - 1]?.t ?? '';
    const prev2 = toks[i - 2]?.t ?? '';
    if (prev === "'" || ((prev === 'in' || prev === 'sinds' || prev === 'since') && (prev2 === 'born' || prev2 === 'geboren')) || prev === 'since' || prev === 'sinds') {
      t.claim = 'skip';
      continue;
    }
    // ages: "ik ben 15", "im 15"
    if ((prev === 'ben' && prev2 === 'ik') || prev === 'kben' || prev === 'im' || prev === "i'm" || (prev === 'am' && prev2 === 'i')) {
      if (!nx || !NOT_AGE_AFTER.has(nx.t)) t.claim = 'skip';
    }
  }
  return phones;
}
