import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabelled } from '../dataset.js';
import { evaluateReader } from '../evaluate.js';
import { MAX_CHARS, readMessage, readWithStats, toSlots } from './read.js';
import { sortSlots } from './test-fixtures/slots.js';

const EMPTY = { products: [], prices: [], deals: [], quantities: [], times: [], places: [], questions: [], name: null, placeSpans: [], phoneSpans: [] };

describe('readMessage', () => {
  it('reads what the dealer offered and proposed', () => {
    const r = readMessage('weed 10, hash 10, coke 60, md 40/g. what do u need');
    expect(r.products).toEqual(['weed', 'hash', 'coke', 'mdma']);
    expect(r.prices).toContainEqual({ amount: 40, qty: 1, unit: 'g', product: 'mdma' });
    expect(r.questions).toEqual(['what_want']);
    const m = readMessage('afspreken vanavond 22u aan de Sint-Annatunnel kant linkeroever, ok?');
    expect(m.times).toEqual([{ kind: 'day', day: 'tonight' }, { kind: 'clock', hour: 22, minute: 0 }]);
    expect(m.places).toEqual(['Sint-Annatunnel kant linkeroever']);
  });

  it('reads whole messages of its own example set exactly (written for these tests, not taken from data/dialogue)', () => {
    const file = new URL('./test-fixtures/examples.jsonl', import.meta.url).pathname;
    const examples = parseLabelled(file, readFileSync(file, 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(150);
    const ev = evaluateReader((t) => toSlots(readMessage(t)), examples, { misses: true });
    expect(ev.misses).toEqual([]);
  });

  it('is pure: the same text reads the same, whatever was read before', () => {
    const a = JSON.stringify(readMessage('2g wit voor 110, vanavond 21u aan de Groenplaats, ik ben de Yusuf'));
    readMessage('PRIJZEN PER GRAM:\nwit 60\nket 30');
    readMessage('zaterdag kan ik ni, zondag');
    expect(JSON.stringify(readMessage('2g wit voor 110, vanavond 21u aan de Groenplaats, ik ben de Yusuf'))).toBe(a);
  });

  it('takes a language, or detects one', () => {
    expect(readMessage('half 10').lang).toBe('nl');
    expect(readMessage('half 10 tonight at the shell').lang).toBe('en');
    expect(readMessage('half 10', 'en').times).toEqual([{ kind: 'clock', hour: 10, minute: 30, ambiguous: true }]);
  });
});

describe('bad input', () => {
  it.each([
    ['', 'empty'],
    ['   \n\n  ', 'blank'],
    ['👍', 'one emoji'],
    ['🔥🔥🔥💯💯🙏🏽👊🏾', 'emoji only'],
    ['?!?!?!', 'punctuation only'],
    ['.....,,,,;;;;', 'punctuation only'],
    ['Cześć, ile to kosztuje?', 'Polish'],
    ['Привет, как дела', 'Russian'],
    ['السلام عليكم خويا', 'Arabic'],
    ['你好，多少钱', 'Chinese'],
    ['constructor toString __proto__ hasOwnProperty valueOf', 'Object.prototype names'],
    ['\u0000\u0001\u0007\u001b\u007f', 'control characters'],
    ['\ud83d', 'a lone surrogate'],
  ])('%j (%s) reads without throwing, with no prices or times', (text) => {
    const r = readMessage(text);
    expect(r.prices).toEqual([]);
    expect(r.times).toEqual([]);
    expect(r.deals).toEqual([]);
  });

  it('an empty message has empty slots', () => {
    const { lang: _lang, ...rest } = readMessage('');
    expect(rest).toEqual(EMPTY);
  });

  it('a non-string (from untyped callers) reads as empty', () => {
    const { lang: _lang, ...rest } = readMessage(undefined as unknown as string);
    expect(rest).toEqual(EMPTY);
  });

  it('keeps both of contradictory numbers and absurd amounts as written', () => {
    expect(readMessage('20 of 25?').prices.map((p) => p.amount)).toEqual([20, 25]);
    expect(readMessage('1000000 euro').prices).toEqual([{ amount: 1000000, qty: null, unit: null, product: null }]);
  });

  it('reads a 2,000-character message to the end', () => {
    const filler = 'ik zeg het nog eens, kwaliteit is alles en ik lever altijd op tijd. ';
    const text = filler.repeat(Math.ceil(1950 / filler.length)).slice(0, 1950) + '\nwit 65/g, om 22u aan de Meir';
    expect(text.length).toBeGreaterThan(1970);
    const r = readMessage(text);
    expect(r.prices).toEqual([{ amount: 65, qty: 1, unit: 'g', product: 'coke' }]);
    expect(r.times).toEqual([{ kind: 'clock', hour: 22, minute: 0 }]);
    expect(r.places).toEqual(['Meir']);
  });

  it(`reads at most ${MAX_CHARS} characters`, () => {
    expect(readMessage('a '.repeat(MAX_CHARS) + 'coke 60').products).toEqual([]);
  });

  // The work is counted in steps (tokens visited by the extractors), not in time: the machine
  // is shared, and a wall-clock bound would be flaky. Linear work means the steps per token stay
  // bounded and ten times the text costs about ten times the steps.
  const adversarial: [string, (n: number) => string][] = [
    ['digits and spaces', (n) => '1 '.repeat(n / 2)],
    ['a digit run', (n) => '1'.repeat(n)],
    ['dotted digits', (n) => '1.'.repeat(n / 2)],
    ['phone-like groups', (n) => '0470 12 34 56 '.repeat(n / 14)],
    ['question marks', (n) => '?'.repeat(n)],
    ['one long word', (n) => 'a'.repeat(n)],
    ['hyphens', (n) => 'a-'.repeat(n / 2)],
    ['apostrophes', (n) => "a'".repeat(n / 2)],
    ['newlines', (n) => 'x\n'.repeat(n / 2)],
    ['repeated frames', (n) => 'ik ben '.repeat(n / 7)],
    ['capitalised places', (n) => 'Aan Berchem '.repeat(n / 12)],
    ['product and price', (n) => 'coke 1 '.repeat(n / 7)],
    ['retractions', (n) => '5 jk '.repeat(n / 5)],
    ['times', (n) => 'vanavond om 8 '.repeat(n / 14)],
    ['durations', (n) => '5 min '.repeat(n / 6)],
    ['deals', (n) => '2+1 '.repeat(n / 4)],
    ['emoji', (n) => '❄️'.repeat(n / 2)],
    ['a menu', (n) => 'wit 60/g, 2g 110 om 22u aan de Meir? '.repeat(n / 37)],
    ['laughter', (n) => 'ha'.repeat(n / 2)],
    ['alternatives', (n) => '20 of '.repeat(n / 6)],
  ];
  it.each(adversarial)('%s: bounded, linear work on 2,000 characters', (_name, make) => {
    const small = readWithStats(make(200));
    const big = readWithStats(make(2000));
    expect(make(2000).length).toBeGreaterThanOrEqual(1900);
    expect(big.steps).toBeLessThanOrEqual(120 * Math.max(1, big.tokens) + 200);
    expect(big.steps).toBeLessThanOrEqual(12 * small.steps + 500);
  });
});

describe('toSlots', () => {
  it('keeps only the slots that have something, in the labelled form', () => {
    expect(sortSlots(toSlots(readMessage('coke 60')))).toEqual({ products: ['coke'], prices: [{ amount: 60, qty: null, unit: null, product: 'coke' }] });
    expect(toSlots(readMessage('ok'))).toEqual({});
  });
});
