// How much the importance weights can be trusted: Kish's effective sample size, the share of
// conversations the target policy would never have produced, and the largest weight.

export interface WeightDiagnostics {
  ess: number;
  zeroWeightShare: number;
  maxWeight: number;
  /** largest weight / sum of weights */
  maxWeightShare: number;
}

export function weightDiagnostics(weights: Float64Array): WeightDiagnostics {
  let sum = 0;
  let sumSq = 0;
  let zeros = 0;
  let max = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    sum += w;
    sumSq += w * w;
    if (w === 0) zeros++;
    if (w > max) max = w;
  }
  return {
    ess: sumSq > 0 ? (sum * sum) / sumSq : 0,
    zeroWeightShare: weights.length ? zeros / weights.length : 0,
    maxWeight: max,
    maxWeightShare: sum > 0 ? max / sum : 0,
  };
}
