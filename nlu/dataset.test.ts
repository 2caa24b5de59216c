import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEALER_ACTS } from '../core/acts.js';
import { InputError } from '../lib/errors.js';
import { loadDataset, parseDatasetFile, splitDataset } from './dataset.js';

describe('shipped data set', () => {
  const all = loadDataset();

  it('has several hundred examples over all 14 acts, in both languages', () => {
    expect(all.length).toBeGreaterThanOrEqual(700);
    for (const act of DEALER_ACTS) {
      for (const lang of ['nl', 'en'] as const) {
        expect(all.filter((e) => e.act === act && e.lang === lang).length, `${act}/${lang}`).toBeGreaterThanOrEqual(20);
      }
    }
    expect(all.filter((e) => e.minor).length).toBeGreaterThanOrEqual(15);
  });

  it('has a fixed, disjoint, stratified split', () => {
    const a = splitDataset(all);
    const b = splitDataset([...all].reverse());
    expect(a.heldOut.map((e) => e.text).sort()).toEqual(b.heldOut.map((e) => e.text).sort());
    expect(a.train.length + a.heldOut.length).toBe(all.length);
    const held = new Set(a.heldOut.map((e) => e.text));
    expect(a.train.some((e) => held.has(e.text))).toBe(false);
    for (const act of DEALER_ACTS) {
      const n = all.filter((e) => e.act === act).length;
      expect(a.heldOut.filter((e) => e.act === act).length).toBe(Math.round(0.2 * n));
    }
    // another seed gives another split
    expect(splitDataset(all, 'other-seed').heldOut.map((e) => e.text)).not.toEqual(a.heldOut.map((e) => e.text));
  });
});

describe('parseDatasetFile', () => {
  it('names file, line and reason for a bad line', () => {
    const content = '{"text":"ok","act":"other","lang":"nl"}\n\n{"text":"x","act":"buy","lang":"nl"}\n';
    expect(() => parseDatasetFile('f.jsonl', content)).toThrow(InputError);
    expect(() => parseDatasetFile('f.jsonl', content)).toThrow(/^f\.jsonl:3: act: /);
    expect(() => parseDatasetFile('f.jsonl', '{oops')).toThrow('f.jsonl:1: not valid JSON');
    expect(() => parseDatasetFile('f.jsonl', '{"text":"a","act":"other","lang":"fr"}')).toThrow(/f\.jsonl:1: lang/);
  });
  it('refuses a text labelled twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-ds-'));
    writeFileSync(join(dir, 'a.jsonl'), '{"text":"ok","act":"other","lang":"nl"}\n');
    writeFileSync(join(dir, 'b.jsonl'), '{"text":"ok","act":"goodbye","lang":"nl"}\n');
    expect(() => loadDataset(dir)).toThrow(/duplicate text "ok"/);
  });
});
