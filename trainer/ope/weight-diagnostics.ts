// How much the importance weights can be trusted: Kish's effective sample size, the share of
// conversations the target policy would never have produced, the largest weight, and the mean
// weight. E_b[W] = 1 exactly when the propensities are right, so a sample mean well below 1 says
// the weights' tail has not been seen (IS and PDIS then run low) or the propensities are wrong.

export interface WeightDiagnostics {
  ess: number;
  zeroWeightShare: number;
  maxWeight: number;
  /** largest weight / sum of weights */
  maxWeightShare: number;
  /** mean trajectory weight: its expectation under the logging policy is exactly 1 */
  meanWeight: number;
  /** standard error of meanWeight */
  meanWeightSe: number;
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
  const n = weights.length;
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
  return {
    meanWeight: mean,
    meanWeightSe: Math.sqrt(Math.max(0, variance) / Math.max(1, n)),
    ess: sumSq > 0 ? (sum * sum) / sumSq : 0,
    zeroWeightShare: weights.length ? zeros / weights.length : 0,
    maxWeight: max,
    maxWeightShare: sum > 0 ? max / sum : 0,
  };
}
