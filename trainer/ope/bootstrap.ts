// Nonparametric bootstrap over conversations: each resample draws n conversations with
// replacement (as counts), and every estimator is evaluated on the same resample (paired).
// 95% percentile intervals.
import { quantile } from '../../data/ci.js';
import { Rng } from '../../data/random.js';
import type { Statistic } from './statistic.js';

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
}

export function resampleCounts(n: number, rng: Rng, out = new Float64Array(n)): Float64Array {
  out.fill(0);
  for (let k = 0; k < n; k++) out[rng.int(n)] += 1;
  return out;
}

export function bootstrapCi95<K extends string>(
  statistics: Record<K, Statistic>,
  n: number,
  opts: BootstrapOptions = {},
): Record<K, [number, number]> {
  const keys = Object.keys(statistics) as K[];
  return jointBootstrapCi95(keys, (counts) => Object.fromEntries(keys.map((k) => [k, statistics[k](counts)])) as Record<K, number>, n, opts);
}

/** Several statistics computed together from one resample (e.g. sharing one refitted model). */
export function jointBootstrapCi95<K extends string>(
  keys: readonly K[],
  statistics: (counts: Float64Array) => Record<K, number>,
  n: number,
  opts: BootstrapOptions = {},
): Record<K, [number, number]> {
  const resamples = opts.resamples ?? 200;
  const rng = new Rng(opts.seed ?? 1);
  const draws = Object.fromEntries(keys.map((k) => [k, new Float64Array(resamples)])) as Record<K, Float64Array>;
  const counts = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    resampleCounts(n, rng, counts);
    const values = statistics(counts);
    for (const k of keys) draws[k][b] = values[k];
  }
  return Object.fromEntries(keys.map((k) => [k, [quantile(draws[k], 0.025), quantile(draws[k], 0.975)]])) as Record<
    K,
    [number, number]
  >;
}
