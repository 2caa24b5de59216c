import { describe, expect, it } from 'vitest';
import { readMessage } from './read.js';
import type { Product } from './types.js';

const products = (text: string) => [...readMessage(text).products].sort();
const cases: [string, Product[]][] = [
  // names, slang and emoji
  ['verse coco binnen, 70 per gram', ['coke']],
  ['got that zaza 🔥 and some charlie', ['coke', 'weed']],
  ['beuh de qualité, 10 le g', ['weed']],
  ['heb nog wat van de groene liggen', ['weed']],
  ['lemon haze en amnesia, beide 10/g', ['weed']],
  ["e's 5 per stuk", ['mdma']],
  ['molly caps 15 each', ['mdma']],
  ['K 30, C 60', ['coke', 'ket']],
  ['special k is binnen', ['ket']],
  ['amfetamine 8 per gram', ['speed']],
  ["tripjes en paddo's te koop", ['lsd', 'mushrooms']],
  ['lsd papers 12 each', ['lsd']],
  ['H is 40 a bag', ['heroin']],
  ['heroine ook beschikbaar', ['heroin']],
  // brown is heroin when the message names heroin, also by an H that reads as heroin; hash otherwise
  ['got brown too, H is 40 a bag', ['heroin']],
  ['bruin ook, de H 50', ['heroin']],
  ['bruin 8, wit 60', ['coke', 'hash']],
  // a menu row "C: …", "K: …"
  ['C: 1g 70, 3g 200', ['coke']],
  ['K: 30/g', ['ket']],
  ['thc carts 35 per stuk', ['carts']],
  ['dab pens binnen', ['carts']],
  ['pre-rolls 8 each', ['weed']],
  ['❄️❄️', ['coke']],
  ['🍀', ['weed']],
  ['🍄🍄 back', ['mushrooms']],
  ['de witte is terug', ['coke']],
  ['the white is fire this week', ['coke']],
  ['snoepjes 💊 4 per stuk', ['mdma']],
  ['shit marocain 8 le g', ['hash']],
  ['moroccan 🍫 7 a g', ['hash']],
  ['bruin 8, wit 60', ['coke', 'hash']],
  ['bruin, de echte H, 35 per bolleke', ['heroin']],
  ['got pep and ket', ['ket', 'speed']],
  // negated, gone, taken back
  ['geen coke meer, enkel wiet', ['weed']],
  ['dont ask me for lsd or shrooms', []],
  ['ket is op, speed nog wel', ['speed']],
  ['no weed today, only hash', ['hash']],
  // look like products, are not
  ['🐴🐴', []],
  ['🔥💯', []],
  ['🇧🇴', []],
  ['k kom eraan', []],
  ['k, tot straks', []],
  ['ewa ket, alles goed?', []],
  ['c u later', []],
  ['c ya bro', []],
  ["c'est bon", []],
  ['ik sta naast een witte Polo', []],
  ['white van outside', []],
  ['groen licht, kom maar', []],
  ['nen k-way aan', []],
  ['efkes een blokje om', []],
  ['chillen op het gras', []],
  ['papers are sorted', []],
  ['top speed lol', []],
  ['aan de H&M', []],
  ['binnen 1 h', []],
  ['shit man, sorry', []],
  ['met die sneeuw', []],
  ['hey its charlie', []],
  ['420 friendly', []],
  ['xx', []],
  ['goed spul, alles is binnen', []],
  ['got the stuff', []],
];

describe('products', () => {
  it.each(cases)('%s', (text, want) => {
    expect(products(text)).toEqual([...want].sort());
  });

  it('lists each product once, in text order', () => {
    expect(readMessage('wit 60, groen 10, wit 2g 110, groen 5g 45').products).toEqual(['coke', 'weed']);
  });
});
