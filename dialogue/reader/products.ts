// The products lexicon: names, slang and emoji of the ten canonical products, and the context
// rules for the words that are products only sometimes (wit, groen, bruin, ket, k, c, h, shit,
// speed, gas, snow, charlie, bud). Mentions keep their token positions: prices attach to them.
import type { Product } from './types.js';
import type { Scan, Tok } from './tokens.js';

export interface ProductMention {
  product: Product;
  /** first and last token of the mention */
  from: number;
  to: number;
  /** negated or taken back ("geen wiet meer"): not offered */
  negated: boolean;
}

const SURE = new Map<string, Product>();
const add = (p: Product, words: string) => {
  for (const w of words.split(' ')) SURE.set(w, p);
};
add('coke', 'coke cocaine coca coco coka koka kokain cocaina blanche yayo yeyo perico cocaïne');
add('weed', 'weed wiet wietje beuh zaza kush haze amnesia skunk buds ganja marihuana marijuana cannabis herb spliff spliffs joint joints jointje jointjes pre-rolls pre-roll preroll prerolls gelato sativa indica wiet');
add('hash', 'hasj hash hasch hashish haschisch hasjiesj hasjies pollen charas');
add('mdma', 'mdma md molly mandy xtc ecstasy extasy ecstacy extacy pil pillen pilletjes pillekes pilleke pills pill mollys mdma-kristal');
add('ket', 'keta ketamine ketamin ketje');
add('speed', 'pep amfetamine amfetamines amphetamine amphetamines amfet amfe');
add('lsd', 'lsd acid tripjes tripje blotter blotters microdots');
add('mushrooms', "paddo's paddos paddo paddestoelen shrooms shroom mushrooms mushroom truffels truffles");
add('heroin', 'heroine heroin smack');
add('carts', 'carts cart vapes');

/** several-word names, longest first per first word */
const MULTI: [string[], Product][] = [
  [['special', 'k'], 'ket'],
  [['lemon', 'haze'], 'weed'],
  [['white', 'widow'], 'weed'],
  [['og', 'kush'], 'weed'],
  [['pre', 'rolls'], 'weed'],
  [['pre', 'roll'], 'weed'],
  [['de', 'groene'], 'weed'],
  [['de', 'witte'], 'coke'],
  [['the', 'white'], 'coke'],
  [['nose', 'candy'], 'coke'],
  [['molly', 'caps'], 'mdma'],
  [["e's"], 'mdma'],
  [['acid', 'tabs'], 'lsd'],
  [['lsd', 'papers'], 'lsd'],
  [['magic', 'mushrooms'], 'mushrooms'],
  [['thc', 'vape'], 'carts'],
  [['thc', 'carts'], 'carts'],
  [['vape', 'carts'], 'carts'],
  [['vape', 'pens'], 'carts'],
  [['vape', 'pen'], 'carts'],
  [['dab', 'pens'], 'carts'],
  [['dab', 'pen'], 'carts'],
  [['wax', 'pen'], 'carts'],
];
const MULTI_BY_FIRST = new Map<string, [string[], Product][]>();
for (const m of MULTI) {
  const list = MULTI_BY_FIRST.get(m[0][0]!) ?? [];
  list.push(m);
  list.sort((a, b) => b[0].length - a[0].length);
  MULTI_BY_FIRST.set(m[0][0]!, list);
}

/** first code point of an emoji token → product */
const EMOJI = new Map<number, Product>(Object.entries({
  0x2744: 'coke', // ❄
  0x1f340: 'weed', // 🍀
  0x1f33f: 'weed', // 🌿
  0x1f331: 'weed', // 🌱
  0x1f966: 'weed', // 🥦
  0x1f343: 'weed', // 🍃
  0x2618: 'weed', // ☘
  0x1f36b: 'hash', // 🍫
  0x1f48a: 'mdma', // 💊
  0x1f344: 'mushrooms', // 🍄
} as Record<number, Product>).map(([k, v]) => [Number(k), v]));

/** nouns a colour word describes when it is a colour, not a product ("witte Polo", "groen licht") */
const COLOUR_NOUNS = new Set(
  (
    'kap pet cap hat muts polo van car auto wagen golf bmw audi mercedes merc opel vw jas jacket hoodie shirt tshirt t-shirt trui pull ' +
    'schoenen shoes sneakers nikes broek pants jeans aan truck bus busje boy guy man vrouw girl wine wijn house huis deur door fiets ' +
    'bike scooter helm tas trainingspak tracksuit jogging kleren clothes licht light lichten lights kant side muur wall gebouw building ' +
    'mannen mensen people kous sokken socks jasje vest bomber north air force ' +
    'lane lanes park street road square point zone'
  ).split(' '),
);
const GREETINGS = new Set('ewa wesh yo salut hey hallo hi hoi salam salaam ey eh allez oe oei cava sava dag daag ciao merci thanks bedankt ok oke okay'.split(' '));
const NUMBERISH = (t: Tok | undefined) => t !== undefined && (t.kind === 'num' || t.t === '€' || t.t === '£' || t.t === '$' || t.t === '=');
const NAME_FRAME = new Set(['its', "it's", 'this', 'is', 'ben', 'kzen', 'hey', 'yo', 'tis', "'t", 'als', 'as', 'heet', 'named', 'called']);

function firstCodePoint(s: string): number {
  return s.codePointAt(0) ?? 0;
}

/** All product mentions of the message, in text order, with negation marked. */
export function findProducts(scan: Scan): ProductMention[] {
  const toks = scan.tokens;
  const out: ProductMention[] = [];
  let heroinCue = false;
  let chocolate = false;
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.t === 'heroine' || t.t === 'heroin' || t.t === 'smack') heroinCue = true;
    // "de echte H", "real H", "H is 40 a bag": an H that reads as heroin makes "bruin/brown" heroin too
    if (t.t === 'h' && !heroinCue && contextual(scan, i, false, false) === 'heroin') heroinCue = true;
    if (t.kind === 'emoji' && firstCodePoint(t.t) === 0x1f36b) chocolate = true;
  }
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.kind === 'emoji') {
      const p = EMOJI.get(firstCodePoint(t.t));
      if (p) out.push({ product: p, from: i, to: i, negated: false });
      continue;
    }
    if (t.kind !== 'word') continue;
    const multi = MULTI_BY_FIRST.get(t.t);
    if (multi) {
      const m = multi.find(([ws]) => ws.every((x, k) => toks[i + k]?.t === x));
      if (m) {
        out.push({ product: m[1], from: i, to: i + m[0].length - 1, negated: false });
        i += m[0].length - 1;
        continue;
      }
    }
    const sure = SURE.get(t.t);
    if (sure) {
      out.push({ product: sure, from: i, to: i, negated: false });
      continue;
    }
    const p = contextual(scan, i, heroinCue, chocolate);
    if (p) out.push({ product: p, from: i, to: i, negated: false });
  }
  markNegations(scan, out);
  return out;
}

function contextual(scan: Scan, i: number, heroinCue: boolean, chocolate: boolean): Product | null {
  const toks = scan.tokens;
  const t = toks[i]!;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  const pt = prev?.t ?? '';
  const nt = next?.t ?? '';
  switch (t.t) {
    case 'wit':
    case 'witte':
    case 'white':
    case 'wite':
      if (COLOUR_NOUNS.has(nt) || pt === 'in' || pt === 'het' || pt === 'wearing' || pt === 'draag' || pt === 'zwart' || pt === 'black') return null;
      if (t.t === 'witte' && next?.kind === 'word' && !isFunctionWord(nt) && nt !== 'is') return null;
      return 'coke';
    case 'sneeuw':
      return NUMBERISH(next) ? 'coke' : null;
    case 'snow':
      return pt === 'the' || pt === 'in' || pt === 'de' || pt === 'die' || nt === 'storm' ? null : 'coke';
    case 'groen':
    case 'groene':
    case 'green':
      if (COLOUR_NOUNS.has(nt) || pt === 'in' || pt === 'het') return null;
      if (t.t === 'groene' && next?.kind === 'word' && !isFunctionWord(nt)) return null;
      return 'weed';
    case 'bruin':
    case 'bruine':
    case 'brown':
      if (COLOUR_NOUNS.has(nt)) return null;
      if (heroinCue) return 'heroin';
      return 'hash';
    case 'charlie':
      return NAME_FRAME.has(pt) ? null : 'coke';
    case 'c':
      // "C 70", "C❄️", a menu row "C: 1g 70"
      return NUMBERISH(next) || (next?.kind === 'emoji' && firstCodePoint(nt) === 0x2744) || (nt === ':' && NUMBERISH(toks[i + 2])) ? 'coke' : null;
    case 'k':
      if (nt === ':' && NUMBERISH(toks[i + 2]) && (prev === undefined || prev.kind !== 'word')) return 'ket';
      return NUMBERISH(next) && next!.sp ? 'ket' : next?.t === '/' || (next?.kind === 'num' && !next.sp) ? 'ket' : null;
    case 'h':
      if (prev?.kind === 'num' || nt === '&' || nt === "'") return null;
      if (pt === 'echte' || pt === 'real' || pt === 'some' || pt === 'wat' || pt === 'de' || pt === 'the') return 'heroin';
      if (NUMBERISH(next) || (nt === 'is' && NUMBERISH(toks[i + 2]))) return 'heroin';
      return null;
    case 'ket':
      if (GREETINGS.has(pt)) return null;
      if (NUMBERISH(next) || nt === 'a' || nt === 'per' || nt === '/') return 'ket';
      if (prev === undefined || prev.kind === 'sym' || prev.kind === 'nl') return nt === ',' || nt === '!' || next === undefined ? null : 'ket';
      return 'ket';
    case 'speed':
      return pt === 'top' || pt === 'full' || pt === 'high' || pt === 'max' || pt === 'internet' || pt === 'light' ? null : 'speed';
    case 'shit':
      if (nt === 'marocain' || nt === 'marokkaans' || nt === 'marokkaanse' || nt === 'moroccan') return 'hash';
      return pt === 'du' || pt === 'le' || pt === 'la' || pt === 'goeie' || pt === 'bonne' || pt === 'some' || pt === 'good' ? 'hash' : null;
    case 'moroccan':
    case 'marokkaans':
    case 'marokkaanse':
      return chocolate ? 'hash' : null;
    case 'gas':
      if (nt === 'money' || nt === 'station' || nt === 'geld' || nt === 'tank' || nt === 'pedal' || pt === 'out' || pt === 'no') return null;
      return 'weed';
    case 'loud':
      // "got that loud", "some loud": weed; "too loud", "loud music": not
      return pt === 'that' || pt === 'some' || pt === 'the' || pt === 'da' || pt === 'got' || NUMBERISH(next) || next?.kind === 'emoji' ? 'weed' : null;
    case 'bud':
      // "hey bud", "thanks bud", "my bud": a friend
      return GREETINGS.has(pt) || pt === 'my' || pt === 'thanks' || pt === 'cheers' ? null : 'weed';
    default:
      return null;
  }
}

const FUNCTION_WORDS = new Set(
  (
    'de het een den der the a an en and of or is zijn was aan voor for van of met with op on in at bij by te to per ook also nog ' +
    'maar but dan then die dat da deze this that er here hier daar there u ge gij je jij you ik i we wij ze zij they he hij ' +
    'is are be goed good top beste best nieuwe nieuw new verse fresh'
  ).split(' '),
);
function isFunctionWord(t: string): boolean {
  return FUNCTION_WORDS.has(t);
}

const NEGATORS = new Set(['geen', 'no', 'not', 'niet', 'nie', 'ni', 'nooit', 'never', 'zonder', 'without', 'dont', "don't", 'aint', "ain't", 'nomore', 'niks']);
const SCOPE_ENDS = new Set(['maar', 'but', 'enkel', 'alleen', 'only', 'wel', 'just', 'ook', 'also']);
const GONE = new Set(['op', 'uitverkocht', 'out', 'gone', 'weg', 'gedaan', 'finished', 'sold']);

/** Negated mentions: "geen X", "no X", "dont ask me for X or Y"; "X is op", "X sold out". */
function markNegations(scan: Scan, mentions: ProductMention[]): void {
  const toks = scan.tokens;
  for (const m of mentions) {
    scan.steps++;
    const clause = toks[m.from]!.clause;
    for (let k = m.from - 1; k >= 0 && k >= m.from - 6; k--) {
      const t = toks[k]!;
      if (t.clause !== clause || SCOPE_ENDS.has(t.t)) break;
      if (NEGATORS.has(t.t)) {
        m.negated = true;
        break;
      }
    }
    if (m.negated) continue;
    let k = m.to + 1;
    if (toks[k]?.t === 'is' || toks[k]?.t === 'zijn' || toks[k]?.t === 'ist') k++;
    const g = toks[k];
    if (g && g.clause === toks[m.to]!.clause && GONE.has(g.t) && (g.t !== 'out' || toks[k + 1]?.t !== 'of') && (g.t !== 'sold' || toks[k + 1]?.t === 'out')) {
      // "wiet is op" / "weed sold out" (but not "op de Meir")
      if (g.t === 'op' && toks[k + 1] && toks[k + 1]!.clause === g.clause && toks[k + 1]!.kind === 'word') continue;
      m.negated = true;
    }
  }
}

/** Canonical products offered (not negated), deduplicated, in text order. */
export function productList(mentions: readonly ProductMention[]): Product[] {
  const out: Product[] = [];
  for (const m of mentions) if (!m.negated && !out.includes(m.product)) out.push(m.product);
  return out;
}
