import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../catalogue/render.js';
import { LANGS } from '../../core/lang.js';
import { TACTICS } from '../../core/tactics.js';
import { packagePath } from '../../lib/package-root.js';
import { Rng } from '../../lib/random.js';
import { outboundRefusal, outboundViolation } from './outbound-filter.js';

const jsonl = (name: string) =>
  readFileSync(packagePath('data', 'outbound', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; lang: string; category?: string });

describe('outbound filter', () => {
  it('gives every text the verdict of the rules, however often and in whatever order it is asked', () => {
    const texts = ['bad.jsonl', 'good.jsonl', 'second-bad.jsonl', 'second-good.jsonl'].flatMap((f) => jsonl(f).map((x) => x.text));
    expect(texts.length).toBeGreaterThan(200);
    for (const t of [...texts, ...texts.slice().reverse(), 'x'.repeat(3000), 'x'.repeat(3000)]) expect(outboundViolation(t)).toBe(outboundRefusal(t)?.reason ?? null);
    expect(texts.some((t) => outboundViolation(t) === null) && texts.some((t) => outboundViolation(t) !== null)).toBe(true);
  });

  it.each([
    ['bel me op 0470 12 34 56', 'phone number'],
    ['+32 470 12.34.56', 'phone number'],
    ['BE68 5390 0754 7034', 'IBAN'],
    ['mail me op jan@example.org', 'e-mail'],
    ['ik woon in de Kerkstraat 12', 'street address'],
    ['kom naar 2000 Antwerpen', 'postcode'],
    ['ik stuur het via payconiq', 'payment'],
    ['ik ben van de politie', 'police'],
    ['ik maak je dood', 'threat'],
    ['vuile kankerlijer', 'slur'],
    ['', 'empty'],
  ])('refuses %j (%s)', (text, why) => {
    expect(outboundViolation(text)).toMatch(new RegExp(why, 'i'));
  });

  it.each(['ok, 50 euro is goed', 'aan het station om 21u?', 'sorry, was mijn gsm kwijt', 'ben je van de politie?', '2 gram voor 40'])(
    'lets %j through',
    (text) => {
      expect(outboundViolation(text)).toBeNull();
    },
  );

  // what an operator's edit let through before the filter had categories
  it.each([
    ['ik ben een flik', 'police'],
    ['this is police', 'police'],
    ['ik weet waar ge woont', 'threat'],
    ['ik betaal u morgen', 'payment'],
    ['bij Jan Peeters thuis', 'address'],
    ['vraag naar Kevin aan de bakker', 'person'],
    ['ok ik neem ze alle 3', 'purchase'],
  ])('refuses %j as %s', (text, category) => {
    expect(outboundRefusal(text)?.category).toBe(category);
  });

  it.each(['ik ben geen flik haha', 'im not a cop lol', 'ben je van de politie?', 'ik ben Jonas trouwens', "mate I'm on my way"])('lets the denial or question %j through', (text) => {
    expect(outboundViolation(text)).toBeNull();
  });

  // the development lists (data/outbound/README.md); the held-out pair is measured by
  // scripts/bench/outbound.ts, never asserted here, so that no rule is written to pass it
  it.each([
    ['bad.jsonl', 'good.jsonl'],
    ['second-bad.jsonl', 'second-good.jsonl'],
  ])('refuses every text of data/outbound/%s and lets every one of %s through', (badFile, goodFile) => {
    const bad = jsonl(badFile);
    const good = jsonl(goodFile);
    expect(bad.length).toBeGreaterThanOrEqual(100);
    expect(good.length).toBeGreaterThanOrEqual(100);
    expect(new Set(bad.map((b) => b.category))).toEqual(new Set(['police', 'threat', 'payment', 'purchase', 'address', 'person', 'personal_data', 'slur']));
    expect(bad.filter((b) => outboundRefusal(b.text) === null).map((b) => `${b.category}: ${b.text}`)).toEqual([]);
    expect(good.filter((g) => outboundRefusal(g.text) !== null).map((g) => `${g.text} → ${outboundViolation(g.text)}`)).toEqual([]);
  });

  it('lets thousands of catalogue renders through (a refused render is a lost reply)', () => {
    let n = 0;
    const refused: string[] = [];
    for (let seed = 100; seed < 130; seed++) {
      const r = createRenderer({ rng: new Rng(seed) });
      for (let i = 0; i < 100; i++)
        for (const lang of LANGS) {
          const x = r.render(TACTICS[(seed + i) % TACTICS.length]!, lang);
          if (x.text === null) continue;
          n++;
          if (outboundViolation(x.text)) refused.push(x.text);
        }
    }
    expect(n).toBeGreaterThan(4000);
    expect(refused).toEqual([]);
  });
});
