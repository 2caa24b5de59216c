// The importance-sampling family (Precup et al. 2000; Thomas 2015). With ρ_t = π_e(a_t|s_t) /
// π_b(a_t|s_t), w_t = Π_{k≤t} ρ_k and W = w_{T-1} (trajectory weight):
//   IS    = mean_i [ W_i G_i ]                      unbiased, highest variance
//   WIS   = Σ_i W_i G_i / Σ_i W_i                   biased (consistent), much lower variance
//   PDIS  = mean_i Σ_t γ^t w_t^i r_t^i              unbiased: a reward is weighted only by the past
//   WPDIS = Σ_t γ^t Σ_i w_t^i r_t^i / Σ_i w_t^i     biased (consistent)
// The initial reward (the dealer's promo, before any decision of ours) does not depend on the
// policy, so every estimator adds its plain mean instead of weighting it: same expectation, less
// variance.
import type { PreparedData } from './prepared-data.js';
import { countedMean, countedRatio, type Statistic } from './statistic.js';
import { stepNormalisers } from './step-normaliser.js';

export function isStatistic(d: PreparedData): Statistic {
  const terms = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) terms[i] = d.initial[i]! + d.episodeWeight[i]! * d.decisionReturn[i]!;
  return (counts) => countedMean(terms, counts);
}

export function wisStatistic(d: PreparedData): Statistic {
  const weighted = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) weighted[i] = d.episodeWeight[i]! * d.decisionReturn[i]!;
  return (counts) => countedMean(d.initial, counts) + countedRatio(weighted, d.episodeWeight, counts);
}

export function pdisStatistic(d: PreparedData): Statistic {
  const terms = Float64Array.from(d.initial);
  for (let i = 0; i < d.n; i++) {
    let sum = 0;
    for (let s = d.start[i]!; s < d.start[i + 1]!; s++) sum += d.discount[s]! * d.w[s]! * d.reward[s]!;
    terms[i] += sum;
  }
  return (counts) => countedMean(terms, counts);
}

export function wpdisStatistic(d: PreparedData): Statistic {
  const wr = new Float64Array(d.nSteps);
  for (let s = 0; s < d.nSteps; s++) wr[s] = d.w[s]! * d.reward[s]!;
  const gammaT = discountByStep(d);
  return (counts) => {
    const { denominators } = stepNormalisers(d, counts);
    const num = new Float64Array(d.maxLen);
    for (let i = 0; i < d.n; i++) {
      const c = counts ? counts[i]! : 1;
      if (c === 0) continue;
      const s0 = d.start[i]!;
      for (let s = s0; s < d.start[i + 1]!; s++) num[s - s0] += c * wr[s]!;
    }
    let v = countedMean(d.initial, counts);
    for (let t = 0; t < d.maxLen; t++) if (denominators[t]! > 0) v += (gammaT[t]! * num[t]!) / denominators[t]!;
    return v;
  };
}

/** γ^t for t in [0, maxLen). */
export function discountByStep(d: PreparedData): Float64Array {
  const g = new Float64Array(d.maxLen);
  let x = 1;
  for (let t = 0; t < d.maxLen; t++, x *= d.gamma) g[t] = x;
  return g;
}
