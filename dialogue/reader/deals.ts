// Deals: bonus offers ("2+1 gratis", "buy 2 get 1 free", "bij 3 zakskes een 4de gratis", "koop
// er twee, de derde krijgt ge van mij") and discounts (korting, off, eraf) with a quantity
// threshold when there is one. Tier prices and freebies are no deals. The numbers a deal uses
// are claimed, so they are not read as prices.
import { numberWord, table } from './numbers.js';
import type { Deal } from './types.js';
import type { Scan, Tok } from './tokens.js';

const ORDINALS = table({
  tweede: 2, derde: 3, vierde: 4, vijfde: 5, zesde: 6, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6,
});
const BONUS_FILLER = new Set(['and', 'een', 'de', 'the', 'a', 'is', 'krijgt', 'krijg', 'krijgde', 'ge', 'je', 'gij', 'u', 'you', 'er', 'get', 'gets', 'dan', 'then']);
const FREE = new Set(['gratis', 'free', 'cadeau', 'kado', 'gift', 'offert', 'gratuit']);
const DISCOUNT = new Set(['korting', 'off', 'eraf', 'discount', 'reductie', 'remise']);
const QTY_UNIT = new Set(['g', 'gr', 'gram', 'grams', 'gramme', 'pillen', 'pills', 'pil', 'pillekes', 'stuks', 'stuk', 'zakjes', 'zakskes', 'bags', 'carts', 'tabs']);
const QTY_THRESHOLD = new Set(['vanaf', 'from', 'bij', 'boven', 'over', 'above', 'min', 'minimum', 'minstens']);

function intOf(t: Tok | undefined): number | null {
  if (t === undefined) return null;
  if (t.kind === 'num') return Number.isInteger(t.value) ? t.value : null;
  if (t.kind === 'word') {
    if (t.t === 'one' || t.t === 'een') return 1;
    return numberWord(t.t);
  }
  return null;
}

/** "4de", "3rd", "derde" → 4, 3, 3 (the position of the free unit) */
function ordinalAt(scan: Scan, k: number): { n: number; end: number } | null {
  const t = scan.tokens[k];
  if (t === undefined) return null;
  const o = t.kind === 'word' ? ORDINALS.get(t.t) : undefined;
  if (o !== undefined) return { n: o, end: k };
  const nx = scan.tokens[k + 1];
  if (t.kind === 'num' && nx && nx.start === t.end && /^(de|ste|e|th|rd|nd)$/.test(nx.t)) return { n: t.value, end: k + 1 };
  return null;
}

export function findDeals(scan: Scan): Deal[] {
  const toks = scan.tokens;
  const out: Deal[] = [];
  const claim = (a: number, b: number) => {
    for (let k = a; k <= b; k++) if (toks[k]!.claim === '') toks[k]!.claim = 'deal';
  };
  const push = (d: Deal) => {
    if (!out.some((o) => JSON.stringify(o) === JSON.stringify(d))) out.push(d);
  };
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.claim !== '') continue;
    // "2+1 (gratis)", "3 + 1"
    const n = t.kind === 'num' ? intOf(t) : null;
    if (n !== null && toks[i + 1]?.t === '+' && toks[i + 2]?.kind === 'num') {
      const m = intOf(toks[i + 2]);
      if (m !== null && m >= 1 && m <= n && n <= 20) {
        push({ kind: 'bonus', buy: n, free: m });
        claim(i, i + 2);
        i += 2;
        continue;
      }
    }
    // "buy 2 (g) get 1 (g) free", "koop 2 krijg 1 gratis"
    if (t.t === 'buy' || t.t === 'koop' || t.t === 'neem') {
      let k = i + 1;
      if (toks[k]?.t === 'er') k++;
      const b = intOf(toks[k]);
      if (b !== null && b >= 1) {
        const bk = k;
        k++;
        if (toks[k] && QTY_UNIT.has(toks[k]!.t)) k++;
        // "buy 2 get 1 free"
        if (toks[k]?.t === 'get' || toks[k]?.t === 'krijg' || toks[k]?.t === 'krijgt' || toks[k]?.t === 'en') {
          if (toks[k]!.t === 'en' && toks[k + 1]?.t !== 'krijg' && toks[k + 1]?.t !== 'krijgt') {
            // "koop 2 en ..." is no bonus by itself
          } else {
            k += toks[k]!.t === 'en' ? 2 : 1;
            if (toks[k]?.t === 'er') k++;
            const f = intOf(toks[k]);
            let e = k + 1;
            if (toks[e] && QTY_UNIT.has(toks[e]!.t)) e++;
            if (toks[e]?.t === 'ge' || toks[e]?.t === 'je') e++;
            if (f !== null && f >= 1 && toks[e] && FREE.has(toks[e]!.t)) {
              push({ kind: 'bonus', buy: b, free: f });
              claim(bk, k);
              i = e;
              continue;
            }
          }
        }
        // "koop er twee, de derde krijgt ge van mij" / "buy 2, the third is free"
        for (let j = k; j < toks.length && j <= k + 4 && toks[j]!.sent === t.sent; j++) {
          if (toks[j]!.t === 'de' || toks[j]!.t === 'the' || toks[j]!.t === 'een' || toks[j]!.t === 'a') {
            const o = ordinalAt(scan, j + 1);
            if (o && o.n === b + 1 && followsFree(scan, o.end + 1)) {
              push({ kind: 'bonus', buy: b, free: 1 });
              claim(bk, bk);
              claim(j + 1, o.end);
              i = o.end;
              break;
            }
          }
        }
        continue;
      }
    }
    // "3 grams get the 4th free", "3 zakjes en de 4de gratis"
    if (n !== null && n >= 1 && n <= 20) {
      let k = i + 1;
      if (toks[k] && QTY_UNIT.has(toks[k]!.t)) k++;
      if (toks[k]?.t === 'get' || toks[k]?.t === 'krijgt' || toks[k]?.t === 'krijg' || toks[k]?.t === 'en' || toks[k]?.t === 'and' || toks[k]?.t === '+') {
        for (let f = 0; f < 5 && toks[k] && BONUS_FILLER.has(toks[k]!.t); f++) k++;
        if (toks[k]?.t === 'and' || toks[k]?.t === '+') k++;
        if (toks[k]?.t === 'the') k++;
        const o = ordinalAt(scan, k);
        if (o && o.n === n + 1 && followsFree(scan, o.end + 1)) {
          push({ kind: 'bonus', buy: n, free: 1 });
          claim(i, i);
          claim(k, o.end);
          i = o.end;
          continue;
        }
      }
    }
    // "bij 3 zakskes een 4de gratis", "for every 3 bags the 4th free"
    if (t.t === 'bij' || t.t === 'every' || t.t === 'per') {
      const b = intOf(toks[i + 1]);
      if (b !== null && b >= 1 && b <= 20) {
        let k = i + 2;
        if (toks[k] && QTY_UNIT.has(toks[k]!.t)) k++;
        // "krijgt ge er een 5de", "u get the 4th": a few words before the ordinal
        for (let f = 0; f < 5 && toks[k] && BONUS_FILLER.has(toks[k]!.t); f++) k++;
        const o = ordinalAt(scan, k);
        if (o && o.n === b + 1 && followsFree(scan, o.end + 1)) {
          push({ kind: 'bonus', buy: b, free: 1 });
          claim(i + 1, i + 1);
          claim(k, o.end);
          i = o.end;
          continue;
        }
      }
    }
    // discounts: "10 euro korting", "10 off", "€10 korting", "korting van 10 euro"
    if (DISCOUNT.has(t.t) && !(t.t === 'off' && (toks[i - 1]?.t === 'log' || toks[i - 1]?.t === 'day' || toks[i - 1]?.t === 'dag'))) {
      let amount: number | null = null;
      let k = i - 1;
      if (toks[k] && (toks[k]!.t === 'euro' || toks[k]!.t === 'e' || toks[k]!.t === 'eur' || toks[k]!.t === '€' || toks[k]!.t === 'balle')) k--;
      const pct = toks[k]?.t === '%';
      if (toks[k]?.kind === 'num' && (toks[k]!.claim === '' || toks[k]!.claim === 'price')) {
        amount = toks[k]!.value;
        claim(k, i);
      } else if (pct) {
        amount = null;
      } else if (t.t === 'korting' && toks[i + 1]?.t === 'van' && toks[i + 2]?.kind === 'num') {
        amount = toks[i + 2]!.value;
        claim(i, i + 2);
      } else if (t.t === 'off' || t.t === 'eraf') {
        continue; // "off" with no amount: "day off", "log off"
      }
      // a quantity threshold in the same sentence: "vanaf 5 gram … korting"; a money threshold stays null
      let minQty: number | null = null;
      for (let j = i - 1; j >= 0 && j >= i - 12 && toks[j]!.sent === t.sent; j--) {
        scan.steps++;
        const tj = toks[j]!;
        if (QTY_THRESHOLD.has(tj.t) && toks[j + 1]?.kind === 'num' && toks[j + 2] && QTY_UNIT.has(toks[j + 2]!.t)) {
          minQty = toks[j + 1]!.value;
          claim(j + 1, j + 2);
          break;
        }
        if (QTY_THRESHOLD.has(tj.t) && toks[j + 1]?.kind === 'num' && toks[j + 1]!.claim === '') {
          // money threshold ("spend over 200"): not a price either
          toks[j + 1]!.claim = 'skip';
        }
      }
      push({ kind: 'discount', min_qty: minQty, amount_off: amount });
    }
  }
  return out;
}

function followsFree(scan: Scan, k: number): boolean {
  for (let j = k; j < scan.tokens.length && j <= k + 4; j++) {
    const t = scan.tokens[j]!.t;
    if (FREE.has(t) || t === 'mij' || t === 'me' || t === 'house') return true;
    if (t === '.' || t === '?' || t === '\n') return false;
  }
  return false;
}
