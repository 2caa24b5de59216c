// An estimator, once its per-episode (or per-step) terms are computed, as a function of how many
// times each conversation is drawn. `undefined` means every conversation once (the estimate
// itself); the bootstrap passes resampled counts. Terms are computed once, resamples are cheap.

export type Counts = Float64Array | undefined;
export type Statistic = (counts?: Counts) => number;

/** Σ c_i x_i / Σ c_i (plain mean without counts). */
export function countedMean(x: Float64Array, counts: Counts): number {
  let num = 0;
  let den = 0;
  if (!counts) {
    for (let i = 0; i < x.length; i++) num += x[i]!;
    return num / x.length;
  }
  for (let i = 0; i < x.length; i++) {
    const c = counts[i]!;
    if (c !== 0) {
      num += c * x[i]!;
      den += c;
    }
  }
  return num / den;
}

/** Σ c_i x_i / Σ c_i y_i: self-normalised (weighted) means; 0 when all weights are zero. */
export function countedRatio(x: Float64Array, y: Float64Array, counts: Counts): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const c = counts ? counts[i]! : 1;
    if (c !== 0) {
      num += c * x[i]!;
      den += c * y[i]!;
    }
  }
  return den > 0 ? num / den : 0;
}
