import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { TextFeaturizer } from '../text-features.js';
import type { SafetyExample } from './data.js';
import {
  applyPlatt,
  createScorer,
  DEFAULT_SAFETY_TRAIN,
  fitPlatt,
  logit,
  promoThresholds,
  recallTargetThreshold,
  safetyFeatures,
  sigmoid,
  trainSafetyModel,
} from './model.js';

describe('Platt scaling', () => {
  it('recovers the slope and offset of data drawn from a logistic curve', () => {
    const rng = new Rng(3);
    const raw: number[] = [];
    const pos: boolean[] = [];
    for (let i = 0; i < 20000; i++) {
      const z = rng.next() * 8 - 4;
      raw.push(sigmoid(z));
      pos.push(rng.next() < sigmoid(0.5 * z - 1));
    }
    const c = fitPlatt(raw, pos);
    expect(Math.abs(c.a - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(c.b + 1)).toBeLessThan(0.08);
    expect(Math.abs(applyPlatt(c, sigmoid(2)) - sigmoid(0))).toBeLessThan(0.03);
  });

  it('stays finite on separable data and needs both classes', () => {
    const c = fitPlatt([0.1, 0.2, 0.8, 0.9], [false, false, true, true]);
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
    expect(c.a).toBeGreaterThan(0);
    expect(() => fitPlatt([0.1, 0.2], [false, false])).toThrow(RangeError);
  });
});

describe('thresholds', () => {
  it('recall target: allows floor((1 - target) · n) misses', () => {
    const pos = Array.from({ length: 40 }, (_, i) => (i + 1) / 41);
    // 5% of 40 = 2 misses: the third lowest positive is kept, halfway down to the negative below it
    const t = recallTargetThreshold(pos, [0.06], 0.95);
    expect(pos.filter((p) => p >= t)).toHaveLength(38);
    expect(t).toBeGreaterThan(0.06);
    // the margin may let a lower positive in when no negative lies in between
    expect(pos.filter((p) => p >= recallTargetThreshold(pos, [0.01], 0.95)).length).toBeGreaterThanOrEqual(38);
  });

  it('promo: picks the pair of thresholds with the fewest first_other engaged, keeping recall ≥ 95%', () => {
    const ex = (label: SafetyExample['label']): SafetyExample => ({ text: 'x', lang: 'nl', label });
    // 20 anchored promos, 20 unanchored promos (2 misses allowed in all), and first_other messages
    const examples = [...Array(40).fill(0).map(() => ex('promo')), ex('first_other'), ex('first_other'), ex('ordinary')];
    const score = [...Array.from({ length: 20 }, (_, i) => 0.5 + i * 0.02), ...Array.from({ length: 20 }, (_, i) => (i < 2 ? 0.2 : 0.8 + i * 0.005)), 0.6, 0.3, 0.1];
    const anchored = [...Array(20).fill(true), ...Array(20).fill(false), true, false, false];
    const t = promoThresholds(examples, score, anchored);
    // the anchored first_other at 0.6 would be engaged unless 5 anchored promos were missed: it stays;
    // the unanchored one at 0.3 is kept out by missing the two unanchored promos at 0.2
    expect(t.unanchored).toBeGreaterThan(0.3);
    expect(t.anchored).toBeLessThanOrEqual(0.5);
    const engagedPromos = score.slice(0, 40).filter((s, i) => s >= (anchored[i] ? t.anchored : t.unanchored)).length;
    expect(engagedPromos).toBeGreaterThanOrEqual(38);
    // a promo the safety reader flags can never be engaged: it uses up the misses
    const flagged = examples.map((_, i) => i === 0 || i === 1);
    const t2 = promoThresholds(examples, score, anchored, flagged);
    expect(t2.unanchored).toBeLessThanOrEqual(0.2);
  });
});

describe('safety features', () => {
  const fz = new TextFeaturizer();
  it('have unit norm and drop the word features of function words', () => {
    for (const t of ['ik weet waar ge woont', 'u', 'STOP', '🍀 10 | ❄️ 60']) {
      const x = safetyFeatures(fz, t);
      let n = 0;
      for (const v of x.val) n += v * v;
      expect(n).toBeCloseTo(1, 5);
    }
    const u = fz.tokenBuckets('u', 'en').word;
    expect(Array.from(fz.extract('see u').idx)).toContain(u);
    expect(Array.from(safetyFeatures(fz, 'see u').idx)).not.toContain(u);
  });
});

describe('training', () => {
  const data: SafetyExample[] = [
    { text: 'stop met sturen', lang: 'nl', label: 'opt_out' },
    { text: 'wrong number', lang: 'en', label: 'opt_out' },
    { text: 'ik maak u kapot', lang: 'nl', label: 'threat' },
    { text: 'ill hurt u', lang: 'en', label: 'threat' },
    { text: 'ik ben 15', lang: 'nl', label: 'minor' },
    { text: 'after school', lang: 'en', label: 'minor' },
    { text: 'hoeveel wilde', lang: 'nl', label: 'ordinary' },
    { text: 'where u at', lang: 'en', label: 'ordinary', act: 'where_are_you' },
    { text: 'nieuwe lading binnen 🔥', lang: 'nl', label: 'promo' },
    { text: 'hey is dit Sarah?', lang: 'nl', label: 'first_other' },
  ];

  it('is deterministic for a seed and learns its training data', () => {
    const fz = new TextFeaturizer();
    const opts = { ...DEFAULT_SAFETY_TRAIN, epochs: 20 };
    const a = createScorer(trainSafetyModel(data, fz, opts), fz, opts);
    const b = createScorer(trainSafetyModel(data, fz, opts), fz, opts);
    for (const e of data) expect(a.raw(e.text)).toEqual(b.raw(e.text));
    for (const e of data) {
      const r = a.raw(e.text);
      const best = Object.entries(r).sort((x, y) => y[1] - x[1])[0]![0];
      expect(best, e.text).toBe(e.label);
    }
    const sum = Object.values(a.raw('iets anders')).reduce((x, y) => x + y, 0);
    expect(sum).toBeCloseTo(1, 6);
  });
});
