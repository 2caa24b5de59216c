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

/**
 * Empirical influence values of a plain mean: x_i − x̄. Influence values L_i (Σ L_i = 0) are
 * what each conversation moves an estimator by, n · ∂θ/∂c_i; BCa's acceleration and the
 * delta-method variance Σ L² / n² are read from them.
 */
export function centred(x: Float64Array): Float64Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  return Float64Array.from(x, (v) => v - mean);
}
