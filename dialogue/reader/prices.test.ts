import { describe, expect, it } from 'vitest';
import { plausiblePrice } from './prices.js';
import { readMessage } from './read.js';
import { P, pick } from './test-fixtures/slots.js';
import type { Slots } from './types.js';

const pq = (text: string) => pick(text, ['prices', 'quantities']);
const cases: [string, Pick<Slots, 'prices' | 'quantities'>][] = [
  ['coco 65 de gram', { prices: [P(65, 1, 'g', 'coke')] }],
  ['twee gram voor 120', { prices: [P(120, 2, 'g')] }],
  ['3,5 gram 150', { prices: [P(150, 3.5, 'g')] }],
  ['an eighth is 40', { prices: [P(40, 3.5, 'g')] }],
  ['a quarter for 70', { prices: [P(70, 7, 'g')] }],
  ['an ounce 250, no less', { prices: [P(250, 28, 'g')] }],
  ['half a g for 30', { prices: [P(30, 0.5, 'g')] }],
  ['vijftig euro voor 1 gram', { prices: [P(50, 1, 'g')] }],
  ['twenty five a gram', { prices: [P(25, 1, 'g')] }],
  ['a dime or a dub?', { prices: [P(10, 1, 'piece'), P(20, 1, 'piece')] }],
  ['30 of 35, hangt af van de kwaliteit', { prices: [P(30), P(35)] }],
  ['pillekes 5e per stuk', { prices: [P(5, 1, 'pill', 'mdma')] }],
  ['5 pillen 20 euro', { prices: [P(20, 5, 'pill', 'mdma')] }],
  ['3 zakskes voor 50', { prices: [P(50, 3, 'piece')] }],
  ['a 50 bag', { prices: [P(50, 1, 'piece')] }],
  ['nen twintiger', { prices: [P(20, 1, 'piece')] }],
  ['€45', { prices: [P(45)] }],
  ['45€ laatste prijs', { prices: [P(45)] }],
  ['45 eur', { prices: [P(45)] }],
  ['£40 final', { prices: [P(40)] }],
  ['60 quid', { prices: [P(60)] }],
  ['70 balle', { prices: [P(70)] }],
  ['voor u 1.000.000 euro', { prices: [P(1000000)] }],
  ['2.500 euro voor 50 gram', { prices: [P(2500, 50, 'g')] }],
  ['1 euro haha nee serieus 55', { prices: [P(55)] }],
  ['2000 euro lol jk, 65', { prices: [P(65)] }],
  ['45?? nee man, 55', { prices: [P(55)] }],
  ['50 is te weinig, 60', { prices: [P(60)] }],
  ['ni lager dan 50', { prices: [P(50)] }],
  ['best i can do is 40', { prices: [P(40)] }],
  ['coke 60, weed 10, hash 8', { prices: [P(60, null, null, 'coke'), P(10, null, null, 'weed'), P(8, null, null, 'hash')] }],
  ['2g wit 110', { prices: [P(110, 2, 'g', 'coke')] }],
  ['xtc 6 per stuk, vanaf 20 stuks 5', { prices: [P(6, 1, 'pill', 'mdma'), P(5, 1, 'pill', 'mdma')], quantities: [{ qty: 20, unit: 'pill' }] }],
  ['coke 70/g\nweed 12/g\n5g 50', { prices: [P(70, 1, 'g', 'coke'), P(12, 1, 'g', 'weed'), P(50, 5, 'g')] }],
  ['tarieven per gram:\ncoke 60\nket 25', { prices: [P(60, 1, 'g', 'coke'), P(25, 1, 'g', 'ket')] }],
  ['coke 60\nket 25\nalles per gram', { prices: [P(60, 1, 'g', 'coke'), P(25, 1, 'g', 'ket')] }],
  ['de la beuh et du shit, 10 le gramme', { prices: [P(10, 1, 'g')] }],
  ['weed 12/g, 5 for 50', { prices: [P(12, 1, 'g', 'weed'), P(50, 5, 'g', 'weed')] }],
  ['250mg pills 10 each', { prices: [P(10, 1, 'pill', 'mdma')] }],
  // the counted thing named after the bundle: carts are pieces (data/dialogue/README.md, unit piece)
  ['3 for 100 on the carts', { prices: [P(100, 3, 'piece', 'carts')] }],
  ['twee zakskes van 20', { prices: [P(20, 1, 'piece')], quantities: [{ qty: 2, unit: 'piece' }] }],
  // quantities
  ['nog 5 gram over', { quantities: [{ qty: 5, unit: 'g' }] }],
  ['got 10 pills left', { quantities: [{ qty: 10, unit: 'pill' }] }],
  ['levering vanaf 3 gram', { quantities: [{ qty: 3, unit: 'g' }] }],
  ['delivery from 5g', { quantities: [{ qty: 5, unit: 'g' }] }],
  ['minimum 2 gram', { quantities: [{ qty: 2, unit: 'g' }] }],
  ['ge neemt er 3 of 4?', { quantities: [{ qty: 3, unit: null }, { qty: 4, unit: null }] }],
  ['u tryna get a quarter?', { quantities: [{ qty: 7, unit: 'g' }] }],
  ['the 5 or the 10?', { quantities: [{ qty: 5, unit: null }, { qty: 10, unit: null }] }],
  ['ur the one who wanted 3 pills', { quantities: [{ qty: 3, unit: 'pill' }] }],
  ['hoeveel pillen? 10?', { quantities: [{ qty: 10, unit: 'pill' }] }],
  // nothing
  ['1000 euro voor 1 gram?? ben je zot', {}],
  ['spend over 200 and get 20 off', {}],
  ['minimum bestelling 50 euro', {}],
  ['orders over 100 get free delivery', {}],
  ['gratis levering vanaf 50', {}],
  ['bel 0471 23 45 67', {}],
  ['mijn nieuw nummer: +32 470 11 22 33', {}],
  ['0032 486 12 34 56 is mijn werk gsm', {}],
  ['IBAN BE71 0961 2345 6769', {}],
  ['since 2018 in the game', {}],
  ['100% puur', {}],
  ['3 - 1 voor Antwerp', {}],
  ['ik ben 1m80, zwarte jas', {}],
  ['bel 2 keer aan', {}],
  ['mijn 3 kinderen wachten', {}],
  ['ik rij een 09 golf', {}],
  ['aan gate 4', {}],
  ['Turnhoutsebaan 200', {}],
  ['no notes bigger than fifty', {}],
  ['we argued about ten euros last time', {}],
  ['i aint selling a kilo for 500', {}],
  ['24/7 open', {}],
  // a per-unit price carries to later numbers of its line, across a comma
  ['vijftig de gram, zestig als ik moet rijden', { prices: [P(50, 1, 'g'), P(60, 1, 'g')] }],
  ['veertig per gram, vijfenveertig als ik kom', { prices: [P(40, 1, 'g'), P(45, 1, 'g')] }],
  // fraction words: "the whole ounce", "half a zip"
  ['make it 2000 and u get the whole ounce', { prices: [P(2000, 28, 'g')] }],
  ['half a zip for 130', { prices: [P(130, 14, 'g')] }],
  ['an 8th of the white for 180', { prices: [P(180, 3.5, 'g', 'coke')] }],
  // a per-unit price or a bundle as alternatives
  ['haze 12 a g or 35 for the eighth', { prices: [P(12, 1, 'g', 'weed'), P(35, 3.5, 'g', 'weed')] }],
  ['coke 70 a g or 130 for the 2', { prices: [P(70, 1, 'g', 'coke'), P(130, 2, 'g', 'coke')] }],
  // the counted thing named after the bundle
  ['5 voor 20 bij de pillekes', { prices: [P(20, 5, 'pill', 'mdma')] }],
  ['ik doe 3 voor 50 op de tabs', { prices: [P(50, 3, 'piece')] }],
  // a quantity, then its amount in the next clause
  ['nog 1 zakske over, 15 euro en het is van u', { prices: [P(15, 1, 'piece')] }],
  ['ik heb 2g, 40 euro', { prices: [P(40, 2, 'g')] }],
  // a piece noun "van" a quantity with a unit is no piece price
  ['zakske van 5g voor 35', { prices: [P(35, 5, 'g')] }],
  // a menu row "C: …"
  ['C: 1g 70, 3g 200', { prices: [P(70, 1, 'g', 'coke'), P(200, 3, 'g', 'coke')] }],
  // taken back, dreamt of, a rule number: no price; a retraction takes back only what is right before it
  ['ge moogt dromen van 30, ik geef het voor 42', { prices: [P(42)] }],
  ['forget 30, its 45', { prices: [P(45)] }],
  ['Rule five: be on time', {}],
  ['5 pillen voor 25, aan de Oudaan 😂 grapje', { prices: [P(25, 5, 'pill', 'mdma')] }],
  ['1000000 euro lol jk, 60', { prices: [P(60)] }],
  // a four-digit amount is no year
  ['voor 2000 euro', { prices: [P(2000)] }],
  ['for 2000 u get the lot', { prices: [P(2000)] }],
  ['ik doe het voor 1500 euro', { prices: [P(1500)] }],
  // …but a bare "voor 2019" is "before 2019", and a per-unit price does not carry to stock or a combo
  ['voor 2019 deed ik dat niet', {}],
  ['50 a g, got 20 left', { prices: [P(50, 1, 'g')], quantities: [{ qty: 20, unit: 'g' }] }],
  ['coke 80 per g, ket 30 per g, or both for 100', { prices: [P(80, 1, 'g', 'coke'), P(30, 1, 'g', 'ket'), P(100)] }],
  // a new price in place of the old one: the new one only (the old one was read, the new one lost)
  ['als ge er 2 neemt doe ik 105 ipv 110', { prices: [P(105)] }],
  ['pak 3g wit = 120 in plaats van 180', { prices: [P(120, 3, 'g', 'coke')] }],
  ['take a 10g bag, 90 instead of 100', { prices: [P(90)], quantities: [{ qty: 10, unit: 'g' }] }],
  ['5g voor 45 i.p.v. 50', { prices: [P(45, 5, 'g')] }],
  // "zoals op de lijst" after a bare amount, as "like" does
  ['2g? 110 zoals op de lijst', { prices: [P(110)], quantities: [{ qty: 2, unit: 'g' }] }],
];

describe('prices and quantities', () => {
  it.each(cases)('%s', (text, want) => {
    expect(pq(text)).toEqual(sorted(want));
  });

  it('extracts an absurd price as written; plausiblePrice() is for the consumer', () => {
    const [p] = readMessage('voor u 1.000.000 euro 😂').prices;
    expect(p).toEqual(P(1000000));
    expect(plausiblePrice(p!)).toBe(false);
    expect(plausiblePrice(P(60, 1, 'g', 'coke'))).toBe(true);
    expect(plausiblePrice(P(6, 1, 'pill', 'mdma'))).toBe(true);
    expect(plausiblePrice(P(600, 1, 'pill', 'mdma'))).toBe(false);
  });

  it('keeps contradictory alternatives', () => {
    expect(readMessage('20 of 25?').prices).toEqual([P(20), P(25)]);
  });
});

function sorted(s: Pick<Slots, 'prices' | 'quantities'>): Pick<Slots, 'prices' | 'quantities'> {
  const k = (x: unknown) => JSON.stringify(x);
  const out: Pick<Slots, 'prices' | 'quantities'> = {};
  if (s.prices) out.prices = [...s.prices].sort((a, b) => (k(a) < k(b) ? -1 : 1));
  if (s.quantities) out.quantities = [...s.quantities].sort((a, b) => (k(a) < k(b) ? -1 : 1));
  return out;
}
