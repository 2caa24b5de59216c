// classify() and explain() give exactly the outputs recorded in
// nlu/test-fixtures/classify-golden.json for every message of the data sets and seeded variants
// of each (see that file). A change that is meant only to be faster (the rule prefilter, shared
// tokenisation) must leave every digest as it is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from './classifier.js';
import { computeGolden, GOLDEN_FILE, type GoldenDigests } from './test-fixtures/classify-golden.js';

describe('classify golden outputs', () => {
  it('every field of every data-set message and variant is as recorded', () => {
    const want = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenDigests;
    const got = computeGolden(loadClassifier());
    expect(got.messages).toBeGreaterThan(40_000);
    // per (file, variant), so a failure names where to look; diff two trees' --dump to see which message
    const keys = [...new Set([...Object.keys(want.digests), ...Object.keys(got.digests)])];
    const differ = keys.filter((k) => want.digests[k]?.sha !== got.digests[k]?.sha || want.digests[k]?.n !== got.digests[k]?.n);
    expect(differ).toEqual([]);
    expect(got.messages).toBe(want.messages);
  });
});
