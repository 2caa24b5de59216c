// Means with 95% confidence intervals: every dealer-minutes figure is reported this way.

export interface MeanCi {
  mean: number;
  /** [lo, hi] of a 95% confidence interval for the mean (Student t); [mean, mean] when n < 2 */
  ci95: [number, number];
  n: number;
}

// two-sided 97.5% quantiles of Student's t for df = 1..30; beyond 30 the normal 1.96 is within 2%
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[df - 1]!;
  // Cornish-Fisher style correction toward 1.96 for large df
  return 1.959964 + 2.37 / df;
}

export function meanCi95(values: ArrayLike<number>): MeanCi {
  const n = values.length;
  if (n === 0) return { mean: NaN, ci95: [NaN, NaN], n: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n < 2) return { mean, ci95: [mean, mean], n };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  const h = tQuantile975(n - 1) * se;
  return { mean, ci95: [mean - h, mean + h], n };
}

/** Quantile by linear interpolation on a copy (q in [0,1]). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(values as ArrayLike<number>).sort();
  if (a.length === 0) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo]! + (a[hi]! - a[lo]!) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

export interface ProportionCi {
  /** successes / n */
  p: number;
  /** [lo, hi] of the 95% Wilson score interval; [0, 1] when n = 0 */
  ci95: [number, number];
  k: number;
  n: number;
}

/**
 * A proportion with its 95% Wilson score interval (good coverage for small n and for p near 0 or
 * 1, where the normal interval collapses: 48/48 is not "recall 1.0 ± 0").
 */
export function proportionCi95(k: number, n: number): ProportionCi {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && n >= 0 && k <= n)) throw new RangeError(`proportion ${k}/${n}: need integers 0 ≤ k ≤ n`);
  if (n === 0) return { p: NaN, ci95: [0, 1], k, n };
  const z = 1.959964;
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z2n / n) / 4)) / (1 + z2n);
  // exact at the edges: with k = 0 the lower end is 0, with k = n the upper end is 1
  const lo = k === 0 ? 0 : Math.max(0, centre - half);
  const hi = k === n ? 1 : Math.min(1, centre + half);
  return { p, ci95: [lo, hi], k, n };
}
