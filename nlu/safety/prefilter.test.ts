import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { goldenSources, VARIANTS } from '../test-fixtures/classify-golden.js';
import { LiteralScanner, requiredLiterals } from './prefilter.js';
import { MINOR_RULES, OPT_OUT_RULES, ruleHits, ruleHitsUnfiltered, rulesSkipped, safetyViews, THREAT_RULES } from './rules.js';

describe('requiredLiterals', () => {
  it('reads the strings every match must contain', () => {
    expect(requiredLiterals('(?:^| )(?:stop)')).toEqual(['stop']);
    expect(requiredLiterals('(wrong|rong) ?(number|nr)\\b')).toEqual(['rongnr', 'rong nr', 'rongnumber', 'rong number']);
    expect(requiredLiterals('(?<!(dont|niet) )(remove|wis) ?me')).toEqual(['wisme', 'wis me', 'removeme', 'remove me']);
    expect(requiredLiterals('(de |het )?verkeerde\\b(?! kant)')).toEqual(['verkeerde']);
    expect(requiredLiterals('ik ben 1[0-7]')).toEqual(['ik ben 10', 'ik ben 11', 'ik ben 12', 'ik ben 13', 'ik ben 14', 'ik ben 15', 'ik ben 16', 'ik ben 17']);
    expect(requiredLiterals('ab+c')).toEqual(['ab']);
    expect(requiredLiterals('(abcdef|xyzuvw)', 3)).toEqual(['abc', 'xyz']);
  });

  it('never joins across a part it cannot read (".", a large class, a repeat that may be empty)', () => {
    // "gemeld .{0,25}politie" matches "gemeld aan de politie": "gemeld politie" is not required
    expect(requiredLiterals('gemeld .{0,25}politie')).toEqual(['gemeld ']);
    expect(requiredLiterals('.{0,25}(en|and)')).toEqual(['en', 'and']);
    expect(requiredLiterals('x[a-z]+y')).toEqual(['x']);
    expect(requiredLiterals('x(ab)*y')).toEqual(['x']);
    expect(requiredLiterals('(a|.)b')).toEqual(['b']);
  });

  it('gives up (null: the rule always runs) when nothing is required', () => {
    expect(requiredLiterals('a*')).toBeNull();
    expect(requiredLiterals('(x|)')).toBeNull();
    expect(requiredLiterals('[^a-z]+')).toBeNull();
    expect(requiredLiterals('(?=abc)')).toBeNull();
    expect(requiredLiterals('(unclosed')).toBeNull();
  });
});

describe('LiteralScanner', () => {
  it('finds every string that occurs, overlapping ones and suffixes of others included', () => {
    const lits = [
      { text: 'he', owner: 0 },
      { text: 'she', owner: 1 },
      { text: 'his', owner: 2 },
      { text: 'hers', owner: 3 },
      { text: 'ü', owner: 4 },
    ];
    const s = new LiteralScanner(lits, 5);
    const found = (text: string) => {
      const m = new Uint8Array(5);
      s.scan(text, m);
      return [...m.keys()].filter((k) => m[k]);
    };
    expect(found('ushers')).toEqual([0, 1, 3]);
    expect(found('this')).toEqual([2]);
    expect(found('h?is')).toEqual([]);
    expect(found('über')).toEqual([4]);
    expect(found('')).toEqual([]);
  });
});

describe('the safety rules prefilter', () => {
  const texts: string[] = [];
  for (const { texts: ts } of goldenSources()) {
    for (const variant of Object.values(VARIANTS)) {
      ts.forEach((t, i) => {
        const v = variant(t, i);
        if (v !== null) texts.push(v);
      });
    }
  }
  // word soups from the rules' own words and the data's: phrasings no data set has
  const words = [...new Set([...OPT_OUT_RULES, ...THREAT_RULES, ...MINOR_RULES].flatMap(([, p]) => p.match(/[a-z0-9]+/g) ?? []))];
  const dataWords = [...new Set(texts.slice(0, 5000).flatMap((t) => t.toLowerCase().split(/\s+/)))];
  const rng = new Rng(15);
  const soups = Array.from({ length: 5_000 }, () => {
    const n = 1 + rng.int(8);
    return Array.from({ length: n }, () => (rng.next() < 0.7 ? words[rng.int(words.length)]! : dataWords[rng.int(dataWords.length)]!)).join(rng.next() < 0.1 ? '' : ' ');
  });

  it('gives every rule strings to look for (none runs on every message)', () => {
    expect(rulesSkipped('').length).toBe(OPT_OUT_RULES.length + THREAT_RULES.length + MINOR_RULES.length);
  });

  it('never leaves out a rule that matches: every data-set message, its variants and 5,000 word soups', () => {
    const unsound: string[] = [];
    for (const t of [...texts, ...soups]) {
      const { words, plain } = safetyViews(t);
      for (const view of new Set([words, plain])) for (const r of rulesSkipped(view)) if (r.re.test(view)) unsound.push(`${r.name} on ${JSON.stringify(view)}`);
    }
    expect(texts.length).toBeGreaterThan(40_000);
    expect(unsound.slice(0, 10)).toEqual([]);
  });

  it('gives the same hits as the unfiltered rules (every 4th message and variant, the word soups)', () => {
    const differ: string[] = [];
    let fired = 0;
    for (const t of [...texts.filter((_, i) => i % 4 === 0), ...soups]) {
      const a = ruleHits(t);
      const b = ruleHitsUnfiltered(t);
      fired += b.length;
      if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${JSON.stringify(t)}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    }
    expect(fired).toBeGreaterThan(2_000);
    expect(differ.slice(0, 10)).toEqual([]);
  });
});
