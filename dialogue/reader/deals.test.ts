import { describe, expect, it } from 'vitest';
import { pick } from './test-fixtures/slots.js';
import type { Deal } from './types.js';

const deals = (text: string) => pick(text, ['deals']).deals ?? [];
const B = (buy: number, free: number): Deal => ({ kind: 'bonus', buy, free });
const Dc = (min_qty: number | null, amount_off: number | null): Deal => ({ kind: 'discount', min_qty, amount_off });

const cases: [string, Deal[]][] = [
  ['3+1 op alle zakskes', [B(3, 1)]],
  ['4 + 1 gratis dit weekend', [B(4, 1)]],
  ['koop 4 krijg er 1 gratis', [B(4, 1)]],
  ['buy three get one free', [B(3, 1)]],
  ['neem er drie, de vierde is gratis', [B(3, 1)]],
  ['bij 5 zakjes een 6de gratis', [B(5, 1)]],
  ['buy 2 carts get 1 free', [B(2, 1)]],
  ['10% korting deze week', [Dc(null, null)]],
  ['vanaf 10 pillen 10 euro korting', [Dc(10, 10)]],
  ['first order 5 off', [Dc(null, 5)]],
  ['breng een vriend mee en krijg 10 euro korting', [Dc(null, 10)]],
  ['spend over 150 get 15 off', [Dc(null, 15)]],
  ['5 euro eraf voor u', [Dc(null, 5)]],
  // no deals: tiers, freebies, free delivery
  ['xtc 5 per stuk, vanaf 10 stuks 4', []],
  ['gratis levering vanaf 50', []],
  ['free pre roll with every order', []],
  ['proevertje gratis', []],
  ['free delivery in Berchem', []],
  ['im off today', []],
  ["ill take 10 off for u", [Dc(null, 10)]],
  ['ik heb een dag off', []],
];

describe('deals', () => {
  it.each(cases)('%s', (text, want) => {
    expect(deals(text)).toEqual(want);
  });

  it('a deal number is no price', () => {
    expect(pick('2+1 gratis op de pillekes, 6 per stuk', ['prices', 'deals'])).toEqual({
      prices: [{ amount: 6, qty: 1, unit: 'pill', product: 'mdma' }],
      deals: [B(2, 1)],
    });
  });
});
