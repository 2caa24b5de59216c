// Nonparametric bootstrap over conversations, for the one estimator whose uncertainty has no
// closed form: FQE, whose Q̂ is refitted on each resample. Each resample draws n conversations
// with replacement (as counts). The interval is normal with the bootstrap standard error: it
// needs far fewer refits than percentiles do for a stable tail (refits are what cost time).
import { Rng } from '../../lib/random.js';

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** asked before each resample after the first, with the number done: true ends the bootstrap early */
  shouldStop?: (done: number) => boolean;
}

export function resampleCounts(n: number, rng: Rng, out = new Float64Array(n)): Float64Array {
  out.fill(0);
  for (let k = 0; k < n; k++) out[rng.int(n)] += 1;
  return out;
}

/** The statistic on `resamples` seeded resamples of the n conversations (fewer if `shouldStop` says so). */
export function bootstrapDraws(statistic: (counts: Float64Array) => number, n: number, opts: BootstrapOptions = {}): Float64Array {
  const resamples = opts.resamples ?? 200;
  const rng = new Rng(opts.seed ?? 1);
  const draws = new Float64Array(resamples);
  const counts = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    if (b > 0 && opts.shouldStop?.(b)) return draws.slice(0, b);
    draws[b] = statistic(resampleCounts(n, rng, counts));
  }
  return draws;
}

/** estimate ± 1.96 × the standard deviation of the bootstrap draws. */
export function bootstrapSeInterval(estimate: number, draws: Float64Array): [number, number] {
  let mean = 0;
  for (const x of draws) mean += x;
  mean /= draws.length;
  let ss = 0;
  for (const x of draws) ss += (x - mean) ** 2;
  const h = 1.959964 * Math.sqrt(ss / (draws.length - 1));
  return [estimate - h, estimate + h];
}
