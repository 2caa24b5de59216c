import { describe, expect, it } from 'vitest';
import { meanCi95, median, quantile } from './ci.js';
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
