// readMessage(text, lang?) → Reading: the slots of one dealer message (data/dialogue/README.md).
// Pure and synchronous; every pattern is compiled once at module load. The extractors run in a
// fixed order over one token list, and each claims the numbers it reads so the next one does not
// read them again: masks (phone numbers, IBANs, 24/7, 100%, …) → times → deals → products →
// prices and quantities → name → places → questions.
import type { Lang } from '../../core/lang.js';
import { detectLanguage } from '../../nlu/language.js';
import { findDeals } from './deals.js';
import { maskNoise } from './masks.js';
import { findName } from './name.js';
import { findPlaces } from './places.js';
import { findPrices } from './prices.js';
import { findProducts, productList } from './products.js';
import { findQuestions } from './questions.js';
import { findTimes } from './times.js';
import { tokenize, type Scan } from './tokens.js';
import type { Reading, Slots } from './types.js';

/** slang amounts that stand for a number ("nen twintiger", "a dime") */
const AMOUNT_WORDS = new Set(['twintiger', 'veertiger', 'vijftiger', 'dertiger', 'tientje', 'dime', 'dub']);

/** Longer messages are read up to this many characters (a dealer SMS is far shorter). */
export const MAX_CHARS = 4000;

export function readMessage(text: string, lang?: Lang): Reading {
  return readWithStats(text, lang).reading;
}

/** The reading and the work it took (tokens visited), for tests that bound the work by the input. */
export function readWithStats(text: string, lang?: Lang): { reading: Reading; steps: number; tokens: number } {
  const input = typeof text === 'string' ? (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text) : '';
  const scan = tokenize(input);
  scan.lang = lang ?? languageOf(scan);
  const phoneSpans = maskNoise(scan);
  const times = findTimes(scan);
  const deals = findDeals(scan);
  const mentions = findProducts(scan);
  const { prices, quantities } = findPrices(scan, mentions);
  const productTokens = new Set<number>();
  for (const m of mentions) for (let k = m.from; k <= m.to; k++) productTokens.add(k);
  const name = findName(scan, productTokens);
  const nameTokens = new Set<number>();
  if (name) for (let k = name.from; k <= name.to; k++) nameTokens.add(k);
  const placeSpans = findPlaces(scan, { productTokens, nameTokens });
  const placeTokens = new Set<number>();
  for (const s of placeSpans) for (let k = s.from; k <= s.to; k++) placeTokens.add(k);
  const amountTokens = new Set<number>();
  for (const t of scan.tokens) {
    if (t.kind === 'num' ? t.claim === '' || t.claim === 'price' || t.claim === 'qty' : t.kind === 'word' && AMOUNT_WORDS.has(t.t)) amountTokens.add(t.i);
  }
  const liveProducts = new Set<number>();
  for (const m of mentions) if (!m.negated) for (let k = m.from; k <= m.to; k++) liveProducts.add(k);
  const questions = findQuestions(scan, { productTokens: liveProducts, amountTokens, placeTokens });
  return {
    reading: {
      lang: scan.lang,
      products: productList(mentions),
      prices,
      deals,
      quantities,
      times,
      places: placeSpans.map((s) => s.text),
      questions,
      name: name?.name ?? null,
      placeSpans: placeSpans.map(({ text, start, end }) => ({ text, start, end })),
      phoneSpans,
    },
    steps: scan.steps,
    tokens: scan.tokens.length,
  };
}

// Words of dealer texting the NLU's marker lists do not hold; each counts as one marker more.
const EXTRA_EN = new Set(['tonight', 'tonite', 'tmrw', 'tmr', 'gimme', 'bout', 'ish', 'past', 'quarter', 'mins', 'hour', 'hours', 'each', 'bag', 'quid', 'pm', 'am', 'meet', 'rn', 'otw', 'eta', 'arvo', 'ya', 'wanna', 'ounce', 'eighth', 'grams', 'spot', 'outside', 'soon', 'minutes']);
const EXTRA_NL = new Set(['vanavond', 'vannacht', 'om', 'uur', 'kwart', 'kwartier', 'minuten', 'zakje', 'zakske', 'zakskes', 'stuk', 'stuks', 'pillen', 'pillekes', 'gratis', 'korting', 'kzen', 'zijde', 'seffens', 'namiddag', 'avond', "'s", 'avonds', 'morgens', 'wiet', 'hasj', 'chauffeur', 'halfuur', 'kwartierke', 'wilt', 'moet']);

function languageOf(scan: Scan): Lang {
  const words: string[] = [];
  for (const t of scan.tokens) {
    if (t.kind !== 'word') continue;
    words.push(t.t.includes("'") ? t.t.replace(/'/g, '') : t.t);
    if (EXTRA_EN.has(t.t)) words.push('the');
    else if (EXTRA_NL.has(t.t)) words.push('de');
  }
  return detectLanguage(words);
}

/** A reading in the labelled form: a key only for the slots that have something. */
export function toSlots(r: Reading): Slots {
  const s: Slots = {};
  if (r.products.length) s.products = r.products;
  if (r.prices.length) s.prices = r.prices;
  if (r.deals.length) s.deals = r.deals;
  if (r.quantities.length) s.quantities = r.quantities;
  if (r.times.length) s.times = r.times;
  if (r.places.length) s.places = r.places;
  if (r.questions.length) s.questions = r.questions;
  if (r.name !== null) s.name = r.name;
  return s;
}
