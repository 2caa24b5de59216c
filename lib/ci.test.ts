import { describe, expect, it } from 'vitest';
import { meanCi95, median, proportionCi95, quantile } from './ci.js';
import { Rng } from './random.js';

describe('meanCi95', () => {
  it('matches a hand computation with Student t', () => {
    // mean 3, sample sd sqrt(2.5), se = sqrt(2.5/5), t(4) = 2.776
    const r = meanCi95([1, 2, 3, 4, 5]);
    expect(r.mean).toBe(3);
    const h = 2.776 * Math.sqrt(2.5 / 5);
    expect(r.ci95[0]).toBeCloseTo(3 - h, 6);
    expect(r.ci95[1]).toBeCloseTo(3 + h, 6);
  });

  it('covers the true mean about 95% of the time', () => {
    const rng = new Rng(7);
    let covered = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      const xs = Array.from({ length: 40 }, () => rng.logNormal(0, 0.5));
      const { ci95 } = meanCi95(xs);
      const truth = Math.exp(0.125);
      if (ci95[0] <= truth && truth <= ci95[1]) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.92);
    expect(covered / reps).toBeLessThan(0.975);
  });

  it('handles n = 0 and n = 1', () => {
    expect(meanCi95([]).n).toBe(0);
    expect(meanCi95([4]).ci95).toEqual([4, 4]);
  });
});

describe('quantile', () => {
  it('interpolates', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });
});

describe('proportionCi95 (Wilson)', () => {
  it('matches published Wilson intervals', () => {
    const half = proportionCi95(5, 10);
    expect(half.p).toBe(0.5);
    expect(half.ci95[0]).toBeCloseTo(0.2366, 4);
    expect(half.ci95[1]).toBeCloseTo(0.7634, 4);
    // all successes: [n / (n + z²), 1]
    const all = proportionCi95(48, 48);
    expect(all.ci95[0]).toBeCloseTo(48 / (48 + 1.959964 ** 2), 6);
    expect(all.ci95[1]).toBe(1);
    expect(proportionCi95(0, 20).ci95[0]).toBe(0);
    expect(proportionCi95(0, 20).ci95[1]).toBeCloseTo(0.1611, 4);
  });

  it('covers the true proportion about 95% of the time, also near 0', () => {
    const rng = new Rng(11);
    for (const truth of [0.5, 0.05]) {
      let covered = 0;
      const reps = 2000;
      for (let r = 0; r < reps; r++) {
        let k = 0;
        for (let i = 0; i < 60; i++) if (rng.next() < truth) k++;
        const { ci95 } = proportionCi95(k, 60);
        if (ci95[0] <= truth && truth <= ci95[1]) covered++;
      }
      expect(covered / reps, `p = ${truth}`).toBeGreaterThan(0.92);
      expect(covered / reps, `p = ${truth}`).toBeLessThan(0.99);
    }
  });

  it('refuses impossible counts and gives [0, 1] for n = 0', () => {
    expect(() => proportionCi95(3, 2)).toThrow(RangeError);
    expect(() => proportionCi95(-1, 2)).toThrow(RangeError);
    expect(proportionCi95(0, 0).ci95).toEqual([0, 1]);
  });
});
