// Prices and quantities. Every number not claimed before (phones, times, deals) becomes an item:
// an amount (currency, or a per-unit price "60/g", "8 per stuk", "a 20 bag"), a quantity (a unit
// after it: "2g", "10 pillen", "the 8th"), or a bare number. Items are then paired line by line:
// a quantity next to an amount is a bundle ("5g 200", "3 voor 130"), alternatives are all kept
// ("20 of 25?"), and a unit or product named earlier on a line carries to later numbers on that
// line until a new product is named. Nothing carries across a newline, except a menu header or
// trailer ("PRIJZEN PER GRAM:", "alles per gram").
//
// Amounts are extracted as written, however absurd ("1.000.000 euro"); `plausiblePrice()` is for
// the consumer that wants to judge them. Rejected, retracted and echoed numbers are dropped
// ("40?? nah", "1000000 euro lol jk", "60 is te weinig"), as are thresholds ("minimum bestelling
// 40 euro", "orders over 50") and money talk ("no notes bigger than fifty").
import { englishOnes, isEnglishTens, numberWord, SLANG_AMOUNTS, table } from './numbers.js';
import type { ProductMention } from './products.js';
import type { Price, Product, Quantity, Unit } from './types.js';
import type { Scan, Tok } from './tokens.js';

/** 'stuk' is a piece, or a pill when the product is mdma ("xtc 5e/stuk") */
type RawUnit = Unit | 'stuk';

interface Item {
  pos: number;
  /** last token of the item */
  end: number;
  value: number;
  /** currency written with it */
  cur: boolean;
  /** a per-unit price: "60/g", "8 per stuk", "a 20 bag" (qty 1) */
  per: RawUnit | null;
  /** a quantity: "2g", "10 pillen", "8th" (value is the qty) */
  unit: RawUnit | null;
  isQty: boolean;
  /** "the 5", "de 2g": a size, not an amount */
  the: boolean;
  line: number;
  clause: number;
  sent: number;
  dropped: boolean;
  /** a threshold quantity ("vanaf 10 stuks") */
  threshold: boolean;
  /** used by a pairing */
  used: boolean;
}

const GRAM = new Set(['g', 'gr', 'gram', 'grams', 'gramme', 'grammes', 'grm', 'grammetje', 'grammekes', 'gramm', 'gms', 'gs']);
const PILL = new Set(['pil', 'pillen', 'pills', 'pill', 'pillekes', 'pilleke', 'pilletjes', 'pilletje', 'caps', 'cap', "e's", 'tabletten']);
const PIECE = new Set([
  'zakje', 'zakjes', 'zakske', 'zakskes', 'zak', 'zakken', 'bag', 'bags', 'baggie', 'baggies', 'bolleke', 'bollekes', 'blokje', 'blokjes',
  'blok', 'block', 'blocks', 'tab', 'tabs', 'cart', 'carts', 'spliff', 'spliffs', 'ball', 'balls', 'piece', 'pieces', 'joint', 'joints',
  'jointje', 'jointjes', 'pre-roll', 'pre-rolls', 'preroll', 'prerolls', 'papers', 'paper', 'blotter', 'blotters', 'pack', 'packs', 'pakje', 'pakjes',
  'doosje', 'doosjes', 'doos', 'box', 'boxes', 'potje', 'potjes', 'pot', 'vial', 'vials', 'flesje', 'flesjes',
]);
const PIECE_SINGULAR = new Set(['doosje', 'doos', 'box', 'potje', 'vial', 'flesje', 'zakje', 'zakske', 'zak', 'bag', 'baggie', 'bolleke', 'blokje', 'blok', 'block', 'tab', 'cart', 'spliff', 'ball', 'piece', 'joint', 'jointje', 'pre-roll', 'preroll', 'paper', 'blotter', 'pack', 'pakje']);
const STUK = new Set(['stuk', 'stuks', 'st', 'stk', 'piece', 'pieces', 'pop', 'apiece']);
const ARTICLE_ONE = new Set(['the', 'a', 'an', 'de', 'een', 'ne', 'nen', 'het', "'t", '1', 'one']);
const SINGULAR_UNIT = new Set(['g', 'gram', 'gr', 'gramme', 'pil', 'pill', 'pille', 'pilleke', 'stuk', 'piece', 'zakje', 'zakske', 'zak', 'bag', 'baggie', 'bolleke', 'blokje', 'block', 'tab', 'cart', 'spliff', 'joint', 'doosje', 'box', 'potje']);
const CUR_BEFORE = new Set(['€', '£', '$']);
const CUR_AFTER = new Set(['euro', 'euros', 'eur', 'e', '€', '£', 'quid', 'balle', 'ballekes', 'bucks', 'pounds', 'dollars', 'eu', 'eurie', 'eurokes', 'flappen']);
const PER_WORDS = new Set(['a', 'an', 'per', 'de', 'le', 'la', 'the', 'een', 'each', 'pro', 'for', 'het', "'t", 'a.']);
/** fraction words: quantities in grams */
const FRACTION = table({ eighth: 3.5, '8th': 3.5, quarter: 7, ounce: 28, oz: 28, onz: 28, zip: 28, 'half-ounce': 14 });

/** a bare number followed by one of these counts something else ("2 kids", "3 keer", "24 uur") */
const COUNT_NOUNS = new Set(
  (
    'keer times x kids kinderen kids jaar jaren years year yrs dagen days dag day weken weeks week maanden months maand month uur uren hours hour ' +
    'min mins minuten minutes seconden sec secs man mannen mensen people personen persons guys gasten klanten customers clients auto autos car cars ' +
    'golf audi bmw polo vw mercedes merc opel seat fiets bikes kilo km meter meters mg ml cl procent percent punten points goals doelpunten ' +
    'sterren stars berichten messages sms texts calls oproepen nummers numbers straat lane rue avenue ave sms-en broers brothers zussen ' +
    'sisters kinders jongens boys meisjes girls vrienden friends mates lads ' +
    'dingen things vragen questions deuren doors verdiepingen floors'
  ).split(' '),
);
/** a number after one of these is a house, gate, line or room number */
const NOUN_BEFORE = new Set(['rule', 'regel', 'step', 'stap', 'punt', 'point', 'page', 'pagina', 'hoofdstuk', 'chapter', 'gate', 'nummer', 'number', 'nr', 'no', 'bus', 'tram', 'lijn', 'line', 'kamer', 'room', 'huisnummer', 'poort', 'perron', 'platform', 'spoor', 'exit', 'afrit', 'uitrit', 'code', 'pin', 'plate', 'postcode', 'apt', 'appartement', 'flat', 'blok', 'block', 'level', 'niveau', 'verdieping', 'floor', 'ingang', 'door', 'deur', 'box', 'bus', 'route', 'tel', 'gsm']);
const STREET_SUFFIX = /(?:straat|laan|lei|baan|steenweg|plein|plaats|weg|dreef|kaai|vest|markt|rui|street|road|avenue|square|singel)$/;

const REJECT_AFTER = new Set(['te', 'too', 'way']);
const DREAM = new Set(['dromen', 'droom', 'droomt', 'dream', 'dreaming', 'vergeet', 'vergeten', 'forget']);
const LOW_WORDS = new Set(['weinig', 'laag', 'low', 'little', 'cheap', 'goedkoop', 'min']);
const RETRACT = new Set(['jk', 'jkjk', 'grapje', 'grap', 'kidding', 'joke', 'joking', 'jokes', 'serieus', 'seriously', 'srsly', 'nee', 'neen', 'nah', 'no']);
const NEGATION = new Set(['aint', "ain't", 'not', 'dont', "don't", 'wont', "won't", 'never', 'niet', 'nie', 'nooit', 'geen', 'cant', "can't", 'kan']);
const FLOOR = new Set(['lager', 'lower', 'minder', 'less', 'onder', 'under', 'below', 'cheaper', 'goedkoper', 'zakken', 'zakt', 'lowest', 'laagste']);
const THRESHOLD_BEFORE = new Set(['minimum', 'min', 'minimaal', 'minimale', 'minstens', 'boven', 'above', 'over', 'spend', 'spending', 'besteed', 'vanaf', 'orders', 'order', 'bestelling', 'bestellingen']);
const MONEY_TALK = new Set(['notes', 'biljetten', 'briefjes', 'briefje', 'bills', 'wisselgeld', 'change', 'arguing', 'argued', 'argue', 'discussed', 'discussing', 'ruzie', 'discuss', 'owe', 'schuld', 'schulden', 'debt', 'lening', 'loan', 'lend', 'leen', 'geleend', 'borrow', 'fooi', 'tip', 'bigger', 'groter', 'kleiner', 'smaller']);
const CONNECT = new Set(['geven', 'give', 'doen', 'do', 'laten', 'verkopen', 'sell', 'maken', 'make', 'u', 'you', 'ya', 'ge', '=', '-', ':', 'voor', 'for', 'aan', 'at', 'is', 'kost', 'costs', 'cost', 'maar', 'only', 'just', 'enkel', 'for', 'ist', 'fo', '4', '@', 'à', 'a']);
const ECHO_FILLER = new Set(['voor', 'for', 'of', 'or', 'wat', 'what', 'wa', 'hmm', 'hm', 'uh', 'eh', 'euh', 'pff', 'lol', 'haha', 'bro', 'man', 'manneke', 'wtf', 'huh', 'sorry', 'ok', 'nee', 'no', 'nah']);
/** what may open the clause of an alternative price ("…, zestig als ik moet rijden", "or 45 if …") */
const ALT_OPENER = new Set([',', ';', 'of', 'or', 'en', 'and', 'maar', 'but', 'anders', 'else', 'otherwise']);
/** a number before these is stock, not a price ("got 20 left", "nog 3 over") */
const STOCK_AFTER = new Set(['left', 'over', 'liggen', 'remaining']);
const COMBO = new Set(['both', 'allebei', 'beide', 'samen', 'together', 'combo', 'allemaal']);
const MENU_WIDE = new Set(['alles', 'all', 'everything', 'prijzen', 'prices', 'prijs', 'price', 'tarieven', 'allemaal', 'tout', 'alle']);
const GET = new Set(['krijgt', 'krijg', 'krijgde', 'get', 'gets', 'geef', 'give', 'heb', 'hebt']);
const GET_FILLER = new Set(['en', 'and', 'ge', 'gij', 'je', 'u', 'you', 'ye', 'er', 'ik', 'i', 'dan', 'then', 'daarvoor', 'for', 'voor']);
const ALTERNATIVE = new Set(['of', 'or', '/', 'ofwel', 'ou', 'en', 'and', ',']);
const QTY_QUESTION = new Set(['hoeveel', 'hoevee', 'howmany', 'how', 'many', 'much']);

const isSym = (t: Tok | undefined, s: string) => t !== undefined && t.t === s;
const LAUGHTER = /^(?:(?:ha)+h?|he(?:he)+|hihi|lol+|lmao|lmfao|rofl|xd+|mdr|ptdr|hmm+)$/;
/** what may stand between a number and the marker that takes it back ("1000 euro lol jk", "50?? nah") */
function isRetractFiller(t: Tok): boolean {
  return t.kind === 'emoji' || t.kind === 'sym' || LAUGHTER.test(t.t) || RETRACT.has(t.t) || ALTERNATIVE.has(t.t) || CUR_AFTER.has(t.t) || unitWord(t) !== null || t.t === 'voor' || t.t === 'for' || t.t === 'the' || t.t === 'de' || t.t === 'a';
}

function unitWord(t: Tok | undefined): RawUnit | null {
  if (t === undefined || (t.kind !== 'word' && t.kind !== 'sym')) return null;
  if (GRAM.has(t.t)) return 'g';
  if (PILL.has(t.t)) return 'pill';
  if (STUK.has(t.t)) return 'stuk';
  if (PIECE.has(t.t)) return 'piece';
  return null;
}

/** number value of token i: digits, number words ("vijftig", "twenty five"); with the last token used */
function numberAt(scan: Scan, i: number): { value: number; end: number } | null {
  const t = scan.tokens[i]!;
  if (t.kind === 'num') return { value: t.value, end: i };
  if (t.kind !== 'word') return null;
  if (t.t === 'ten' && scan.lang === 'nl') return null;
  const v = numberWord(t.t);
  if (v === null) return null;
  const nx = scan.tokens[i + 1];
  if (isEnglishTens(t.t) && nx && englishOnes(nx.t) !== null) return { value: v + englishOnes(nx.t)!, end: i + 1 };
  return { value: v, end: i };
}

/** facts about the message computed once, so that every per-item check is constant time */
interface Ctx {
  scan: Scan;
  productAt: ReadonlyMap<number, ProductMention>;
  live: readonly ProductMention[];
  distinct: readonly Product[];
  /** last token of each sentence, and whether the sentence holds only numbers (and currency/unit words) */
  sentLast: number[];
  sentOnlyNumbers: boolean[];
  hasCurrencyWord: boolean;
  /** per token: index in `live` of the last mention ending before it on its line (-1: none) */
  prevMention: Int32Array;
  /** per token: index in `live` of the first mention after it in its clause (-1: none) */
  nextMention: Int32Array;
  /** per token: the last number token before it (-1: none) */
  prevNum: Int32Array;
}

function context(scan: Scan, live: readonly ProductMention[], distinct: readonly Product[], productAt: ReadonlyMap<number, ProductMention>): Ctx {
  const toks = scan.tokens;
  const n = toks.length;
  const sentLast: number[] = [];
  const sentOnlyNumbers: boolean[] = [];
  let hasCurrencyWord = false;
  const prevMention = new Int32Array(n).fill(-1);
  const nextMention = new Int32Array(n).fill(-1);
  const prevNum = new Int32Array(n).fill(-1);
  let m = 0;
  let last = -1;
  let lastNum = -1;
  for (let i = 0; i < n; i++) {
    scan.steps++;
    const t = toks[i]!;
    sentLast[t.sent] = i;
    if (sentOnlyNumbers[t.sent] === undefined) sentOnlyNumbers[t.sent] = true;
    if (t.kind === 'word' && !CUR_AFTER.has(t.t) && !GRAM.has(t.t) && !ECHO_FILLER.has(t.t)) sentOnlyNumbers[t.sent] = false;
    if (t.kind === 'word' && CUR_AFTER.has(t.t) && t.t !== 'e') hasCurrencyWord = true;
    while (m < live.length && live[m]!.to < i) last = m++;
    prevMention[i] = last >= 0 && toks[live[last]!.from]!.line === t.line ? last : -1;
    prevNum[i] = lastNum;
    if (t.kind === 'num') lastNum = i;
  }
  let nx = live.length;
  for (let i = n - 1; i >= 0; i--) {
    scan.steps++;
    while (nx > 0 && live[nx - 1]!.from > i) nx--;
    const cand = nx < live.length ? live[nx]! : undefined;
    nextMention[i] = cand && toks[cand.from]!.clause === toks[i]!.clause ? nx : -1;
  }
  return { scan, productAt, live, distinct, sentLast, sentOnlyNumbers, hasCurrencyWord, prevMention, nextMention, prevNum };
}

export interface PriceReading {
  prices: Price[];
  quantities: Quantity[];
}

export function findPrices(scan: Scan, mentions: readonly ProductMention[]): PriceReading {
  const toks = scan.tokens;
  const items: Item[] = [];
  const live = mentions.filter((m) => !m.negated);
  const distinct = [...new Set(live.map((m) => m.product))];
  const productAt = new Map<number, ProductMention>();
  for (const m of live) for (let k = m.from; k <= m.to; k++) productAt.set(k, m);
  const ctx = context(scan, live, distinct, productAt);

  // ---- 1. items ------------------------------------------------------------------------------
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.claim !== '') continue;
    const prev = toks[i - 1];
    const mk = (pos: number, end: number, value: number, o: { per?: RawUnit; unit?: RawUnit; isQty?: boolean; the?: boolean; clause?: number } = {}): Item => ({
      pos,
      end,
      value,
      cur: false,
      per: o.per ?? null,
      unit: o.unit ?? null,
      isQty: o.isQty ?? false,
      the: o.the ?? false,
      line: t.line,
      clause: o.clause ?? t.clause,
      sent: t.sent,
      dropped: false,
      threshold: false,
      used: false,
    });

    // slang amounts: "nen twintiger", "a dime", "a dub"
    const slang = t.kind === 'word' ? SLANG_AMOUNTS.get(t.t) : undefined;
    if (slang !== undefined) {
      items.push(mk(i, i, slang, { per: 'piece' }));
      continue;
    }
    // fraction words: "an 8th", "the eighth", "a quarter", "half gram", "half a g"
    const frac = fractionAt(scan, i);
    if (frac) {
      items.push(mk(i, frac.end, frac.value, { unit: 'g', isQty: true, the: prev?.t === 'the' || prev?.t === 'de' }));
      i = frac.end;
      continue;
    }
    // "a g", "een gram" (one gram) when no amount precedes it: "how much u want, a g or 2?"
    if ((t.t === 'a' || t.t === 'een' || t.t === 'ne' || t.t === 'nen' || t.t === 'one') && toks[i + 1] && GRAM.has(toks[i + 1]!.t) && toks[i + 1]!.claim === '' && !(prev && (prev.kind === 'num' || CUR_AFTER.has(prev.t)))) {
      items.push(mk(i, i + 1, 1, { unit: 'g', isQty: true }));
      i++;
      continue;
    }
    // "for the ball", "voor de zak": one piece named with an article, no number
    if ((t.t === 'the' || t.t === 'de') && (prev?.t === 'for' || prev?.t === 'voor') && toks[i + 1] && PIECE_SINGULAR.has(toks[i + 1]!.t) && toks[i + 1]!.claim === '') {
      items.push(mk(i + 1, i + 1, 1, { unit: 'piece', isQty: true, the: true }));
      i++;
      continue;
    }
    // piece noun + "van N": "blokje van 10", "zakske van 20"
    if (t.t === 'van' && toks[i + 1]?.kind === 'num' && toks[i + 1]!.claim === '' && unitWord(toks[i + 2]) === null && vanPieceContext(scan, i, items)) {
      const nx = toks[i + 1]!;
      items.push(mk(i + 1, i + 1, nx.value, { per: 'piece', clause: nx.clause }));
      i++;
      continue;
    }
    const num = numberAt(scan, i);
    if (num === null) continue;
    if (t.kind === 'word' && (t.t === 'een' || t.t === 'one')) continue;
    let k = num.end + 1;
    const item = mk(i, num.end, num.value);
    // currency before: "€60", "£ 35", "$15"; after: "60e", "60 euro", "50 quid"
    if (prev && CUR_BEFORE.has(prev.t)) item.cur = true;
    else if (prev && prev.t === '€' && toks[i - 2]) item.cur = true;
    const after = toks[k];
    if (after && CUR_AFTER.has(after.t) && after.claim === '' && (after.t !== 'e' || after.start === toks[num.end]!.end || toks[k + 1]?.t === '/' || toks[k + 1] === undefined || toks[k + 1]!.kind !== 'word')) {
      item.cur = true;
      item.end = k;
      k++;
    }
    // 8th written with digits
    if (t.kind === 'num' && t.value === 8 && toks[k]?.t === 'th' && toks[k]!.start === t.end) {
      items.push({ ...item, value: 3.5, unit: 'g', isQty: true, end: k, the: prev?.t === 'the' || prev?.t === 'de' || prev?.t === 'an' });
      i = k;
      continue;
    }
    // per-unit: "/g", "e/g", "a g", "per stuk", "de gram", "le gramme", "each", "a pop", "a bag"
    const nk = toks[k];
    if (nk && nk.claim === '') {
      if (nk.t === '/' && unitWord(toks[k + 1])) {
        item.per = unitWord(toks[k + 1]);
        item.end = k + 1;
      } else if ((nk.t === 'each' || nk.t === 'apiece' || nk.t === 'stuk') && !item.isQty) {
        item.per = 'stuk';
        item.end = k;
      } else if (PER_WORDS.has(nk.t) && nk.t !== 'for' && unitWord(toks[k + 1])) {
        const u = unitWord(toks[k + 1])!;
        // "a 20 bag" reads as a piece price below; "60 a g", "8 per stuk", "15 a bag", "10 a tab"
        item.per = u;
        item.end = k + 1;
      } else if ((nk.t === 'for' || nk.t === 'voor') && ARTICLE_ONE.has(toks[k + 1]?.t ?? '') && toks[k + 2] && SINGULAR_UNIT.has(toks[k + 2]!.t) && toks[k + 2]!.claim === '') {
        item.per = unitWord(toks[k + 2]);
        item.end = k + 2;
      } else if (PER_WORDS.has(nk.t) && nk.t !== 'for' && toks[k + 1]?.t === 'pop') {
        item.per = 'stuk';
        item.end = k + 1;
      }
    }
    if (item.per === null && !item.cur) {
      // a unit right after the number: a quantity ("2g", "10 pillen", "3 zakskes") or, for one
      // piece with an article, a piece price ("a 20 bag", "a 20 block")
      const u = unitWord(toks[num.end + 1]);
      if (u !== null && toks[num.end + 1]!.claim === '') {
        const unitTok = toks[num.end + 1]!;
        const article = prev && (prev.t === 'a' || prev.t === 'an' || prev.t === 'een' || prev.t === 'nen' || prev.t === 'ne');
        if (u === 'piece' && PIECE_SINGULAR.has(unitTok.t) && (article || num.value >= 5)) {
          item.per = 'piece';
          item.end = num.end + 1;
        } else if (u === 'stuk' && unitTok.t === 'stuk' && !article) {
          item.per = 'stuk';
          item.end = num.end + 1;
        } else {
          item.unit = u;
          item.isQty = true;
          item.end = num.end + 1;
          item.the = prev?.t === 'the' || prev?.t === 'de' || prev?.t === 'uw' || prev?.t === 'ur' || prev?.t === 'your';
        }
      }
    } else if (item.per === null && item.cur) {
      // "100 euro voor 2g" handled by pairing; "10e/g" handled above
    }
    if (!item.isQty && item.per === null && (prev?.t === 'the' || prev?.t === 'de')) item.the = true;
    items.push(item);
    i = Math.max(i, item.end);
  }

  // ---- 2. drops --------------------------------------------------------------------------------
  for (const it of items) {
    scan.steps++;
    if (dropReason(ctx, it)) it.dropped = true;
  }
  // retractions: "1000000 euro lol jk, 60", "1 euro haha nee serieus 55": drop items before the marker in its sentence
  let itemPtr = 0;
  let retractedUpTo = -1;
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    while (itemPtr < items.length && items[itemPtr]!.end < i) itemPtr++;
    if (!RETRACT.has(t.t)) continue;
    const strong = t.t !== 'nee' && t.t !== 'neen' && t.t !== 'nah' && t.t !== 'no';
    // "nee"/"nah"/"no" retract only right after laughter or an echo ("haha nee", "?? nah")
    const pt = toks[i - 1]?.t ?? '';
    const weakOk = /^(?:ha(?:ha)+|hah|haha|hahaha|lol|lmao|xd|😂)$/.test(pt) || (toks[i - 1]?.kind === 'emoji' && toks[i - 1]!.t.codePointAt(0) === 0x1f602) || /^\?{2,}$/.test(pt);
    if (!strong && !weakOk) continue;
    // the items right before the marker in its sentence, back to the previous retraction: only
    // filler (laughter, emoji, punctuation, "of", currency) between them, so that "5 pillen voor 25,
    // donderdag aan de Oudaan 😂 grapje" takes back the place, not the price
    let until = i;
    for (let q = itemPtr - 1; q > retractedUpTo && items[q]!.sent === t.sent; q--) {
      scan.steps++;
      const it = items[q]!;
      let filler = true;
      for (let k = it.end + 1; k < until && filler; k++) filler = isRetractFiller(toks[k]!);
      if (!filler) break;
      it.dropped = true;
      until = it.pos;
    }
    retractedUpTo = itemPtr - 1;
  }

  // ---- 3. menu header / trailer ("PRIJZEN PER GRAM:", "alles per gram") -----------------------
  const headerLines = new Set<number>();
  const linesWithItems = new Set<number>();
  for (const it of items) if (!it.dropped) linesWithItems.add(it.line);
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if ((t.t === 'per' || t.t === '/') && toks[i + 1] && GRAM.has(toks[i + 1]!.t) && !linesWithItems.has(t.line)) headerLines.add(t.line);
  }
  // "alles per gram", "all prices per g" anywhere: the whole menu is per gram
  let perGramPhrase = false;
  for (let i = 1; i + 1 < toks.length; i++) {
    const t = toks[i]!;
    if ((t.t === 'per' || t.t === '/' || t.t === 'a') && GRAM.has(toks[i + 1]!.t) && MENU_WIDE.has(toks[i - 1]!.t)) perGramPhrase = true;
  }
  const menuPerGram = headerLines.size > 0 || perGramPhrase;

  // ---- 4. pairing, line by line ----------------------------------------------------------------
  const prices: { pos: number; price: Omit<Price, 'unit'> & { unit: RawUnit | null }; combo?: boolean }[] = [];
  const quantities: { pos: number; qty: number; unit: RawUnit | null }[] = [];
  const byLine = new Map<number, Item[]>();
  for (const it of items) {
    if (it.dropped) continue;
    const l = byLine.get(it.line) ?? [];
    l.push(it);
    byLine.set(it.line, l);
  }
  for (const [line, lineItems] of byLine) {
    // carry state through the line, updated at product mentions and unit words
    let carryUnit: RawUnit | null = null;
    let carryPer = false;
    let qtyMode = false;
    let lastProduct: Product | null = null;
    let ti = lineStart(scan, line);
    const itemEnds = new Set(lineItems.map((it) => it.end));
    const advanceTo = (pos: number) => {
      for (; ti < pos; ti++) {
        scan.steps++;
        const tk = toks[ti]!;
        const m = productAt.get(ti);
        if (m && m.from === ti) {
          if (lastProduct !== null && m.product !== lastProduct) {
            carryUnit = null;
            carryPer = false;
            qtyMode = false;
          }
          lastProduct = m.product;
        }
        if (tk.claim === '' && (PILL.has(tk.t) || (tk.kind === 'emoji' && tk.t.codePointAt(0) === 0x1f48a)) && !itemEnds.has(ti)) {
          carryUnit = 'pill';
        }
        if (QTY_QUESTION.has(tk.t)) {
          const nx = toks[ti + 1];
          const nx2 = toks[ti + 2];
          if (tk.t === 'hoeveel' || tk.t === 'hoevee' || (tk.t === 'how' && (nx?.t === 'much' || nx?.t === 'many'))) {
            qtyMode = true;
            const u = unitWord(tk.t === 'how' ? nx2 : nx);
            if (u) carryUnit = u;
          }
        }
      }
    };
    for (let n = 0; n < lineItems.length; n++) {
      const it = lineItems[n]!;
      if (it.used) continue;
      advanceTo(it.pos);
      const next = lineItems[n + 1];
      const between = next ? tokensBetween(scan, it.end, next.pos) : null;
      const sameClause = next !== undefined && (next.clause === it.clause || (between !== null && between.every((b) => b.t === ',' && false)));
      // alternatives: "20 of 25?", "5 of 10?", "a g or 2?", "the 3.5 or the 7?"
      if (next && !next.used && between && between.length >= 1 && between.every((b) => ALTERNATIVE.has(b.t) || b.t === 'the' || b.t === 'de' || b.t === 'nen' || b.t === 'a' || b.t === 'een') && between.some((b) => b.t === 'of' || b.t === 'or' || b.t === '/' || b.t === 'ofwel' || b.t === 'ou')) {
        const group = [it, next];
        let m = n + 2;
        while (m < lineItems.length) {
          const b2 = tokensBetween(scan, lineItems[m - 1]!.end, lineItems[m]!.pos);
          if (b2.length >= 1 && b2.length <= 2 && b2.every((b) => ALTERNATIVE.has(b.t) || b.t === 'the' || b.t === 'de')) group.push(lineItems[m++]!);
          else break;
        }
        const anyQty = group.find((g) => g.isQty);
        const allBare = group.every((g) => !g.isQty && g.per === null && !g.cur);
        const anyPer = group.find((g) => g.per !== null);
        const asQty = anyQty !== undefined || (allBare && (qtyMode || group.every((g) => g.the) || group.every((g) => g.value < 10 && Number.isInteger(g.value))));
        // only when none of them pairs with an amount next: "5 for 40 or 10 for 70" are bundles
        const after = lineItems[n + group.length];
        const lastG = group[group.length - 1]!;
        const bAfter = after ? tokensBetween(scan, lastG.end, after.pos) : [];
        const forQty = after !== undefined && (after.isQty || (after.per === null && !after.cur)) && !lastG.isQty && bAfter.length >= 1 && bAfter.length <= 2 && (bAfter[0]!.t === 'for' || bAfter[0]!.t === 'voor') && bAfter.slice(1).every((x) => x.t === 'the' || x.t === 'de' || x.t === 'a' || x.t === 'an');
        const pairsNext = after && !after.used && (bundleConnector(scan, lastG, after) || forQty);
        if (forQty && anyPer) {
          // "12 a g or 35 for the eighth", "70 a g or 130 for the 2": the per-unit price alone, the rest reads on
          it.used = true;
          prices.push({ pos: it.pos, price: { amount: it.value, qty: 1, unit: it.per, product: null } });
          carryUnit = it.per;
          carryPer = true;
          continue;
        }
        if (!pairsNext && !(anyQty && anyQty.isQty && group.some((g) => g.cur))) {
          for (const g of group) {
            g.used = true;
            if (asQty) {
              const u = g.isQty ? g.unit : anyQty?.unit ?? carryUnit;
              quantities.push({ pos: g.pos, qty: g.value, unit: g.the && !g.isQty && !anyQty ? carryUnit : u });
            } else {
              const per = g.per ?? anyPer?.per ?? (carryPer ? carryUnit : null);
              prices.push({ pos: g.pos, price: { amount: g.value, qty: per ? 1 : null, unit: per, product: null } });
            }
          }
          if (anyQty) {
            carryUnit = anyQty.unit;
            qtyMode = true;
          }
          n += group.length - 1;
          continue;
        }
      }
      // a combination: "1g coke + 1g md voor 90", "2 zakjes wiet en 1 gram coke, 60 samen"
      if (it.isQty && next && next.isQty && !next.used) {
        const b = tokensBetween(scan, it.end, next.pos);
        const after = lineItems[n + 2];
        if (b.length <= 3 && b.some((x) => x.t === '+' || x.t === 'en' || x.t === 'and' || x.t === '&') && b.every((x) => x.t === '+' || x.t === 'en' || x.t === 'and' || x.t === '&' || productAt.has(x.i)) && after && !after.used && !after.isQty && after.per === null) {
          const b2 = tokensBetween(scan, next.end, after.pos);
          if (b2.length <= 4 && b2.every((x) => CONNECT.has(x.t) || x.t === ',' || productAt.has(x.i))) {
            it.used = next.used = after.used = true;
            quantities.push({ pos: it.pos, qty: it.value, unit: it.unit }, { pos: next.pos, qty: next.value, unit: next.unit });
            prices.push({ pos: after.pos, price: { amount: after.value, qty: null, unit: null, product: null }, combo: true });
            n += 2;
            continue;
          }
        }
      }
      // a quantity and, in the next clause, an amount with currency: "nog 1 zakske over van de amnesia, 15 euro"
      if (it.isQty && !it.threshold && next && !next.used && next.cur && next.per === null && next.clause === it.clause + 1 && next.sent === it.sent && next.pos - it.end <= 8 && lineItems[n + 2]?.clause !== next.clause) {
        it.used = next.used = true;
        prices.push({ pos: next.pos, price: { amount: next.value, qty: it.value, unit: it.unit, product: null } });
        n++;
        continue;
      }
      // quantity + amount: "2g 100 euro", "5g = 45", "10 pillen voor 20", "8th for 30", "2g wit = 120"
      if (it.isQty && next && !next.used && !next.isQty && (next.per === null || next.per === it.unit) && sameClause && bundleConnector(scan, it, next) && !it.threshold) {
        it.used = next.used = true;
        prices.push({ pos: next.pos, price: { amount: next.value, qty: it.value, unit: it.unit, product: null } });
        carryUnit = it.unit;
        carryPer = false;
        n++;
        continue;
      }
      // amount + for/voor + (the) quantity or bare number: "90 for 2", "250 for the 5", "100 voor de 2g", "$40 an 8th"
      if (!it.isQty && it.per === null && next && !next.used && next.per === null && !(it.cur && next.cur) && sameClause) {
        const b = between!;
        const forWord =
          (b.length >= 1 && b.length <= 2 && (b[0]!.t === 'for' || b[0]!.t === 'voor' || b[0]!.t === 'fo' || b[0]!.t === '4') && (b.length === 1 || b[1]!.t === 'the' || b[1]!.t === 'de' || b[1]!.t === 'a' || b[1]!.t === 'an')) ||
          // "3.5 of the white for 200", "2 van de groene voor 20"
          (b.length >= 3 && b.length <= 5 && (b[0]!.t === 'of' || b[0]!.t === 'van') && (b[b.length - 1]!.t === 'for' || b[b.length - 1]!.t === 'voor') && b.slice(1, -1).every((x) => x.t === 'the' || x.t === 'de' || x.t === 'that' || x.t === 'die' || productAt.has(x.i)));
        const anWord = next.isQty && b.length === 1 && (b[0]!.t === 'an' || b[0]!.t === 'a' || b[0]!.t === 'per');
        // "voor 200 krijgt ge 5 gram", "50 en ge krijgt 2 gram"
        const getWord = next.isQty && b.length >= 1 && b.length <= 6 && b.some((x) => GET.has(x.t)) && b.every((x) => GET.has(x.t) || GET_FILLER.has(x.t) || x.t === 'the' || x.t === 'de' || SIZE_ADJ.has(x.t));
        if (forWord || anWord || getWord) {
          let amount = it;
          let qty = next;
          // "12 for 50 quid": the one with the currency is the amount; two bare numbers: the larger ("10 for 50", "90 for 2")
          if (!next.isQty && ((!it.cur && next.cur) || (!it.cur && !next.cur && next.value > it.value))) {
            amount = next;
            qty = it;
          }
          it.used = next.used = true;
          // "5 voor 20 bij de pillekes", "3 for 50 on the tabs": the counted thing named right after
          const unit = qty.isQty ? qty.unit : carryUnit ?? trailingUnit(scan, Math.max(it.end, next.end));
          prices.push({ pos: amount.pos, price: { amount: amount.value, qty: qty.value, unit, product: null } });
          n++;
          continue;
        }
      }
      it.used = true;
      if (it.per !== null) {
        prices.push({ pos: it.pos, price: { amount: it.value, qty: 1, unit: it.per, product: null } });
        carryUnit = it.per;
        carryPer = true;
        continue;
      }
      if (it.isQty) {
        quantities.push({ pos: it.pos, qty: it.value, unit: it.unit });
        carryUnit = it.unit;
        if (it.threshold) carryPer = true;
        continue;
      }
      // a bare number or an amount alone
      if (qtyMode && !it.cur && carryUnit !== null) {
        quantities.push({ pos: it.pos, qty: it.value, unit: carryUnit });
        continue;
      }
      if (it.the && !it.cur) {
        quantities.push({ pos: it.pos, qty: it.value, unit: carryUnit });
        continue;
      }
      // stock: "ik heb er nog 3 liggen", "still got 4", "got 20 left"
      if (!it.cur && (toks[it.pos - 1]?.t === 'nog' || STOCK_AFTER.has(toks[it.end + 1]?.t ?? '') || toks[it.pos - 1]?.t === 'still' || (toks[it.pos - 1]?.t === 'got' && toks[it.pos - 2]?.t === 'still'))) {
        quantities.push({ pos: it.pos, qty: it.value, unit: carryUnit });
        continue;
      }
      // "vijftig de gram, zestig als ik moet rijden": a per-unit price earlier on the line carries to
      // a number that opens the next clause as its alternative; not to stock ("got 20 left") or a combo
      const opens = ALT_OPENER.has(toks[it.pos - 1]?.t ?? '');
      const combo = COMBO.has(toks[it.pos - 1]?.t ?? '') || COMBO.has(toks[it.pos - 2]?.t ?? '') || COMBO.has(toks[it.end + 1]?.t ?? '');
      if (carryPer && carryUnit !== null && !it.cur && it.value >= 5 && opens && !combo && !STOCK_AFTER.has(toks[it.end + 1]?.t ?? '')) {
        prices.push({ pos: it.pos, price: { amount: it.value, qty: 1, unit: carryUnit, product: null } });
        continue;
      }
      if (!it.cur && !priceEligible(ctx, it)) continue;
      // "or both for 100", "allebei samen voor 90": a combination, no unit or product carries
      if (COMBO.has(toks[it.pos - 1]?.t ?? '') || COMBO.has(toks[it.pos - 2]?.t ?? '') || COMBO.has(toks[it.end + 1]?.t ?? '')) {
        prices.push({ pos: it.pos, price: { amount: it.value, qty: null, unit: null, product: null }, combo: true });
        continue;
      }
      if (carryPer && carryUnit !== null) {
        prices.push({ pos: it.pos, price: { amount: it.value, qty: 1, unit: carryUnit, product: null } });
        continue;
      }
      if (menuPerGram && !headerLines.has(line) && lastProduct !== null) {
        prices.push({ pos: it.pos, price: { amount: it.value, qty: 1, unit: 'g', product: null } });
        continue;
      }
      prices.push({ pos: it.pos, price: { amount: it.value, qty: null, unit: null, product: null } });
    }
  }

  // ---- 5. products and units of the prices -----------------------------------------------------
  const outPrices: Price[] = [];
  prices.sort((a, b) => a.pos - b.pos);
  for (const p of prices) {
    const product = p.combo ? null : productFor(ctx, p.pos);
    const unit = p.price.unit === 'stuk' ? (product === 'mdma' ? 'pill' : 'piece') : p.price.unit;
    const price: Price = { amount: p.price.amount, qty: p.price.qty, unit, product };
    if (!outPrices.some((o) => o.amount === price.amount && o.qty === price.qty && o.unit === price.unit && o.product === price.product)) outPrices.push(price);
  }
  const outQty: Quantity[] = [];
  quantities.sort((a, b) => a.pos - b.pos);
  for (const q of quantities) {
    const unit = q.unit === 'stuk' ? (productFor(ctx, q.pos) === 'mdma' ? 'pill' : 'piece') : q.unit;
    if (!outQty.some((o) => o.qty === q.qty && o.unit === unit)) outQty.push({ qty: q.qty, unit });
  }
  return { prices: outPrices, quantities: outQty };
}

/** a pill or piece noun right after a bundle, in its clause ("bij de pillekes", "on the tabs") */
function trailingUnit(scan: Scan, end: number): RawUnit | null {
  const toks = scan.tokens;
  const clause = toks[end]!.clause;
  for (let k = end + 1; k <= end + 4 && toks[k] && toks[k]!.clause === clause; k++) {
    const t = toks[k]!;
    if (t.kind === 'num') return null;
    const u = unitWord(t);
    if (u === 'pill' || u === 'piece') return t.claim === '' ? u : null;
    if (!(t.t === 'bij' || t.t === 'van' || t.t === 'voor' || t.t === 'on' || t.t === 'op' || t.t === 'for' || t.t === 'of' || t.t === 'de' || t.t === 'the' || t.t === 'die' || t.t === 'those' || t.t === 'the')) return null;
  }
  return null;
}

function lineStart(scan: Scan, line: number): number {
  const toks = scan.tokens;
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function tokensBetween(scan: Scan, a: number, b: number): Tok[] {
  return scan.tokens.slice(a + 1, b);
}

/** tokens between a quantity and an amount that still make one bundle */
function bundleConnector(scan: Scan, q: Item, a: Item): boolean {
  if (a.clause !== q.clause && !(scan.tokens.slice(q.end + 1, a.pos).every((t) => t.t === '-' || t.t === '=' || t.t === ':'))) return false;
  const b = scan.tokens.slice(q.end + 1, a.pos);
  if (b.length > 5) return false;
  // "an 8th of the white for 180", "2 van de groene voor 20"
  if (b.length >= 2 && (b[0]!.t === 'of' || b[0]!.t === 'van') && (b[b.length - 1]!.t === 'for' || b[b.length - 1]!.t === 'voor')) {
    return b.slice(1, -1).every((t) => t.t === 'the' || t.t === 'de' || t.t === 'that' || t.t === 'die' || t.t === 'da' || isProductWordTok(t) || t.kind === 'emoji');
  }
  if (b.length > 4) return false;
  return b.every((t) => CONNECT.has(t.t) || t.kind === 'emoji' || isProductWordTok(t));
}

const PRODUCTISH = /^(wit|witte|white|coke|groen|weed|wiet|hasj|hash|md|mdma|xtc|ket|speed|kush|haze|blanche|coco)$/;
function isProductWordTok(t: Tok): boolean {
  return PRODUCTISH.test(t.t);
}

/** "blokje van 10", and the next "van 20" of the same list */
function vanPieceContext(scan: Scan, i: number, items: readonly Item[]): boolean {
  const prev = scan.tokens[i - 1];
  if (prev && PIECE.has(prev.t)) return true;
  // "… van 10, van 20 en van 50"
  const last = items[items.length - 1];
  if (last && last.per === 'piece' && last.line === scan.tokens[i]!.line) {
    const between = scan.tokens.slice(last.end + 1, i);
    return between.length <= 2 && between.every((t) => t.t === ',' || t.t === 'en' || t.t === 'and' || t.t === 'of' || t.t === 'or');
  }
  // "twee zakskes van 20": a quantity of pieces
  if (prev && last && last.isQty && last.unit === 'piece' && last.end === i - 1) return true;
  return false;
}

function fractionAt(scan: Scan, i: number): { value: number; end: number } | null {
  const toks = scan.tokens;
  const t = toks[i]!;
  if (t.kind !== 'word') return null;
  const prev = toks[i - 1]?.t ?? '';
  // "the whole ounce", "nen hele zip": an adjective between the article and the fraction
  const prevA = SIZE_ADJ.has(prev) ? toks[i - 2]?.t ?? '' : prev;
  const article = prevA === 'a' || prevA === 'an' || prevA === 'the' || prevA === 'de' || prevA === 'een' || prevA === 'nen' || prevA === 'per' || prevA === 'for' || prevA === 'voor';
  const fv = FRACTION.get(t.t);
  if (fv !== undefined) {
    // plural or bare fraction words are sizes in general ("zips n halves"), not a quantity; a
    // fraction with a price next to it is one ("quarter for 120", "eighth 45", "60 an eighth")
    const nx = toks[i + 1];
    const priced = nx !== undefined && (nx.kind === 'num' || nx.t === 'for' || nx.t === 'voor' || nx.t === 'is' || nx.t === '=' || nx.t === '-' || nx.t === ':' || nx.t === '€' || nx.t === '£' || nx.t === '$');
    if (!article && !priced && !(nx && GRAM.has(nx.t))) return null;
    if (t.t === 'quarter' && (toks[i + 1]?.t === 'past' || toks[i + 1]?.t === 'to' || toks[i + 1]?.t === 'of' || toks[i + 1]?.t === 'after')) return null;
    return { value: fv, end: toks[i + 1] && GRAM.has(toks[i + 1]!.t) ? i + 1 : i };
  }
  if ((t.t === 'half' || t.t === 'halve' || t.t === 'halfje') && toks[i + 1]) {
    const nx = toks[i + 1]!;
    if (GRAM.has(nx.t)) return { value: 0.5, end: i + 1 };
    if ((nx.t === 'a' || nx.t === 'een') && toks[i + 2] && GRAM.has(toks[i + 2]!.t)) return { value: 0.5, end: i + 2 };
    if (nx.t === 'ounce' || nx.t === 'oz' || nx.t === 'onz' || nx.t === 'zip') return { value: 14, end: i + 1 };
    if ((nx.t === 'an' || nx.t === 'a' || nx.t === 'een') && toks[i + 2] && (toks[i + 2]!.t === 'ounce' || toks[i + 2]!.t === 'oz' || toks[i + 2]!.t === 'zip')) return { value: 14, end: i + 2 };
  }
  // "35 for a half", "a half or a full g"
  if (t.t === 'half' && (prev === 'a' || prev === 'the' || prev === 'een' || prev === 'nen') && (toks[i + 1] === undefined || toks[i + 1]!.kind !== 'word' || toks[i + 1]!.t === 'or' || toks[i + 1]!.t === 'of' || toks[i + 1]!.t === 'for' || toks[i + 1]!.t === 'voor')) {
    return { value: 0.5, end: i };
  }
  return null;
}

const SIZE_ADJ = new Set(['whole', 'full', 'hele', 'volle', 'ganse', 'heel']);

const WINDOW = 12;

function dropReason(ctx: Ctx, it: Item): string | null {
  const { scan, productAt } = ctx;
  const toks = scan.tokens;
  const first = toks[it.pos]!;
  const prev = toks[it.pos - 1];
  const prevWord = prev && prev.kind === 'word' ? prev : undefined;
  // echo of our number: "40??", "1000 euro voor 1 gram??"
  const lastInSent = toks[ctx.sentLast[it.sent]!];
  if (lastInSent && /^\?{2,}$/.test(lastInSent.t) && ctx.sentOnlyNumbers[it.sent]) return 'echo';
  // "105 ipv 110", "90 instead of 100", "120 in plaats van 180": the old price, replaced by the one before it
  if (replacedBefore(toks, it.pos)) return 'replaced';
  // "60 is te weinig", "35 is too low"
  let j = it.end + 1;
  if (toks[j]?.t === 'is' || toks[j]?.t === 'da' || toks[j]?.t === "da's" || toks[j]?.t === 'thats' || toks[j]?.t === "that's") j++;
  if (toks[j] && REJECT_AFTER.has(toks[j]!.t) && toks[j + 1] && (LOW_WORDS.has(toks[j + 1]!.t) || toks[j + 1]!.t === 'much' || toks[j + 1]!.t === 'veel')) return 'rejected';
  if (toks[j] && (toks[j]!.t === 'robbery' || toks[j]!.t === 'zever' || toks[j]!.t === 'belachelijk' || toks[j]!.t === 'ridiculous')) return 'rejected';
  // "ge moogt dromen van 30", "forget 30", "dream on"
  for (let q = it.pos - 1; q >= 0 && q >= it.pos - 3 && toks[q]!.clause === first.clause; q--) if (DREAM.has(toks[q]!.t)) return 'rejected';
  // "geen 40", "not 40"
  if (prevWord && (prevWord.t === 'not' || prevWord.t === 'geen' || prevWord.t === 'never' || prevWord.t === 'nooit' || prevWord.t === 'ni' || prevWord.t === 'nie' || prevWord.t === 'niet')) return 'negated';
  // a negated clause without a floor: "i aint selling a kilo for 500"
  {
    let neg = false;
    let floor = false;
    for (let q = it.pos - 1; q >= 0 && q >= it.pos - WINDOW && toks[q]!.clause === first.clause; q--) {
      scan.steps++;
      // "kan" alone is no negation
      if (NEGATION.has(toks[q]!.t) && toks[q]!.t !== 'kan') neg = true;
      if (FLOOR.has(toks[q]!.t)) floor = true;
    }
    if (neg && !floor && toks[it.pos - 1]?.t !== 'dan' && toks[it.pos - 1]?.t !== 'than') return 'negated';
  }
  // thresholds: "minimum bestelling is 40 euro", "orders over 50", "spend over 200"
  for (let q = it.pos - 1; q >= 0 && q >= it.pos - 4 && toks[q]!.clause === first.clause; q--) {
    const w = toks[q]!.t;
    if (w === 'minimum' || w === 'minimaal' || w === 'minimale' || w === 'minstens' || w === 'spend' || w === 'spending' || w === 'boven' || w === 'above') {
      if (!it.isQty) return 'threshold';
      it.threshold = true;
    }
    if ((w === 'orders' || w === 'order' || w === 'bestelling' || w === 'bestellingen') && (toks[q + 1]?.t === 'over' || toks[q + 1]?.t === 'above' || toks[q + 1]?.t === 'vanaf' || toks[q + 1]?.t === 'boven' || toks[q + 1]?.t === 'from')) return 'threshold';
  }
  if (prevWord && (prevWord.t === 'vanaf' || prevWord.t === 'from' || prevWord.t === 'boven' || prevWord.t === 'over' || prevWord.t === 'above')) {
    if (it.isQty) it.threshold = true;
    else if (prevWord.t !== 'from' || it.cur) return 'threshold';
  }
  // money talk in the clause
  for (let q = it.pos - 1; q >= 0 && q >= it.pos - WINDOW && toks[q]!.clause === first.clause; q--) {
    scan.steps++;
    if (MONEY_TALK.has(toks[q]!.t)) return 'money-talk';
  }
  // counting something else: "2 kids", "3 keer", "07 golf"; a house/gate number; a postcode
  const nx = toks[it.end + 1];
  if (!it.isQty && it.per === null && !it.cur && nx && nx.kind === 'word') {
    if (COUNT_NOUNS.has(nx.t)) return 'count';
    if (nx.raw[0] !== nx.t[0] && !productAt.has(nx.i) && !isProductWordTok(nx) && /^[a-z]/.test(nx.t) && nx.t.length > 2 && !SHOUTED.has(nx.t)) return 'before-name';
  }
  if (!it.isQty && !it.cur && prevWord && (NOUN_BEFORE.has(prevWord.t) || STREET_SUFFIX.test(prevWord.t) || isPlaceWordBeforeNumber(prevWord))) {
    if (!productAt.has(prevWord.i)) return 'house-number';
  }
  return null;
}

/** "ipv" / "i.p.v." / "instead of" / "in plaats van" / "in de plaats van" right before token `pos` */
function replacedBefore(toks: readonly Tok[], pos: number): boolean {
  const w = (k: number) => (pos - k >= 0 ? toks[pos - k]!.t : '');
  if (w(1) === 'ipv') return true;
  // "i.p.v." is five tokens: i . p . v (.)
  const k = w(1) === '.' ? 1 : 0;
  if (w(1 + k) === 'v' && w(2 + k) === '.' && w(3 + k) === 'p' && w(4 + k) === '.' && w(5 + k) === 'i') return true;
  if (w(1) === 'of' && w(2) === 'instead') return true;
  if (w(1) === 'van' && w(2) === 'plaats' && (w(3) === 'in' || (w(3) === 'de' && w(4) === 'in'))) return true;
  return false;
}

/** capitalised words a dealer shouts before or after a price, not names */
const SHOUTED = new Set(['euro', 'eur', 'cash', 'only', 'final', 'max', 'tops', 'bro', 'fam', 'per', 'voor', 'for', 'and', 'en', 'each', 'a', 'de', 'the', 'is']);

function isPlaceWordBeforeNumber(t: Tok): boolean {
  // "Antwerpen 2060": a capitalised word (not the first of its line) before a four-digit number
  const nxt = t.i + 1;
  return t.raw[0] !== t.t[0] && /^[a-z]/.test(t.t) && t.t.length > 3 && PLACE_LIKE.test(t.t) && nxt > 0;
}
const PLACE_LIKE = /^(?:antwerpen|antwerp|anvers|berchem|borgerhout|deurne|merksem|hoboken|wilrijk|ekeren|mortsel|edegem|schoten|brasschaat|kapellen|zwijndrecht|gent|brussel|mechelen|leuven|lier|boom)$/;

const PRICE_WORDS = new Set([
  'prijs', 'price', 'prices', 'bod', 'offer', 'final', 'laatste', 'lager', 'lower', 'minder', 'less', 'cheaper', 'goedkoper', 'kost', 'costs', 'cost',
  'betaal', 'pay', 'best', 'doe', 'do', 'maak', 'make', 'give', 'geef', 'aan', 'voor', 'for', 'is', 'vriendenprijs', 'max', 'tops', 'deal',
  'robbery', 'duur', 'expensive', 'vast', 'flat', 'firm', 'cash', 'good', 'goed', 'u',
  // "105 ipv 110", "90 instead of 100": a new price in place of an old one
  'ipv', 'instead',
]);

/** A bare number (no currency, no unit) is a price when the message talks prices or products. */
function priceEligible(ctx: Ctx, it: Item): boolean {
  const toks = ctx.scan.tokens;
  const productAt = ctx.productAt;
  const anyProduct = ctx.distinct.length > 0;
  if (!Number.isInteger(it.value) && it.value < 5) return false;
  if (it.value < 1) return false;
  const prev = toks[it.pos - 1];
  const next = toks[it.end + 1];
  if (prev && (productAt.has(prev.i) || prev.kind === 'emoji')) return true;
  if (anyProduct && it.value >= 5) return true;
  if (prev && PRICE_WORDS.has(prev.t)) return it.value >= 5;
  // "lager dan 55", "lower than 180"
  if (prev && (prev.t === 'dan' || prev.t === 'than') && FLOOR.has(toks[it.pos - 2]?.t ?? '')) return true;
  if (next && ((next.t === 'in' && toks[it.end + 2]?.t === 'plaats' && toks[it.end + 3]?.t === 'van') || (next.t === 'i' && toks[it.end + 3]?.t === 'p'))) return it.value >= 5;
  if (next && (PRICE_WORDS.has(next.t) || next.t === 'and' || next.t === 'en' || next.t === 'like' || next.t === 'zoals' || next.t === 'zeker')) return it.value >= 5;
  const standalone = next === undefined || next.kind !== 'word' || ADDRESS.has(next.t);
  // a number standing alone ("55", "55.", "50 and we good")
  if (ctx.hasCurrencyWord) return it.value >= 5;
  return it.value >= 10 && standalone;
}

/** words of address after a price ("55 manneke", "60 bro") */
const ADDRESS = new Set(['manneke', 'mannekes', 'mateke', 'maat', 'bro', 'broer', 'brother', 'fam', 'g', 'man', 'mate', 'lads', 'boss', 'baas', 'chef', 'khoya', 'sahbi', 'frere', 'neef', 'jong', 'gast', 'vriend', 'friend', 'bruv', 'fr', 'tho', 'though', 'only', 'enkel', 'max', 'tops', 'cash', 'final', 'flat', 'vast', 'firm', 'he', 'hé', 'eh', 'ok', 'oke', 'okay', 'ja', 'yes', 'yeah', 'now', 'nu', 'dan', 'then', 'lol', 'haha']);

function productFor(ctx: Ctx, pos: number): Product | null {
  const toks = ctx.scan.tokens;
  const live = ctx.live;
  const bi = ctx.prevMention[pos]!;
  if (bi >= 0) {
    const before = live[bi]!;
    // several products with one shared price: "de la bonne beuh et du shit marocain, 10 le gramme"
    const prevM = live[bi - 1];
    if (prevM && prevM.product !== before.product && toks[prevM.from]!.line === toks[pos]!.line && before.from - prevM.to <= 5) {
      let joined = false;
      for (let k = prevM.to + 1; k < before.from; k++) {
        const t = toks[k]!;
        if (t.kind === 'num') {
          joined = false;
          break;
        }
        if (t.t === 'et' || t.t === 'and' || t.t === 'en' || t.t === '&' || t.t === 'n') joined = true;
      }
      // …and no other number between the list and this price
      if (joined && ctx.prevNum[pos]! < before.to) return null;
    }
    return before.product;
  }
  const ni = ctx.nextMention[pos]!;
  if (ni >= 0 && toks[live[ni]!.from]!.line === toks[pos]!.line) return live[ni]!.product;
  return ctx.distinct.length === 1 ? ctx.distinct[0]! : null;
}

/** Rough plausibility of a price as a street price in euro (the reader extracts it either way). */
export function plausiblePrice(p: Price): boolean {
  const per = p.qty && p.qty > 0 ? p.amount / p.qty : p.amount;
  if (!(p.amount > 0) || !Number.isFinite(p.amount)) return false;
  switch (p.unit) {
    case 'g':
      return per >= 2 && per <= 250;
    case 'pill':
      return per >= 1 && per <= 50;
    case 'piece':
      return per >= 2 && per <= 300;
    default:
      return p.amount >= 2 && p.amount <= 5000;
  }
}
