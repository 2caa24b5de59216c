// Closed-form 95% intervals from an estimator's influence values (its linearisation): a Student-t
// interval θ̂ ± t_{n−1} · sd(L) / √n. For the plain means (IS, PDIS, DR) this is exactly the
// t-interval on the per-conversation terms; for the self-normalised ones (WIS, WPDIS, WDR) it is
// the delta method.
//
// Why not percentile-bootstrap intervals: measured over 300 repeated data sets (ModelWin n = 400,
// Graph with slippage n = 600, 200 resamples), percentile intervals covered the truth 92–95% of
// the time, BCa 91–95% (the skewness correction is outweighed by the Monte Carlo noise of 200
// resamples in the tails), and these intervals 93–97%. They are also exact to compute, cost
// nothing, and do not depend on a bootstrap seed.
import { tQuantile975 } from '../../lib/ci.js';

export function deltaInterval95(estimate: number, influence: Float64Array): [number, number] {
  const n = influence.length;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += influence[i]! ** 2;
  const h = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return [estimate - h, estimate + h];
}
