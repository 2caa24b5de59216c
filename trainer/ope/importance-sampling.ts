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
import { centred, countedMean, countedRatio, type Statistic } from './statistic.js';
import { stepNormalisers } from './step-normaliser.js';

function isTerms(d: PreparedData): Float64Array {
  const terms = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) terms[i] = d.initial[i]! + d.episodeWeight[i]! * d.decisionReturn[i]!;
  return terms;
}

export function isStatistic(d: PreparedData): Statistic {
  const terms = isTerms(d);
  return (counts) => countedMean(terms, counts);
}

export const isInfluence = (d: PreparedData): Float64Array => centred(isTerms(d));

export function wisStatistic(d: PreparedData): Statistic {
  const weighted = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) weighted[i] = d.episodeWeight[i]! * d.decisionReturn[i]!;
  return (counts) => countedMean(d.initial, counts) + countedRatio(weighted, d.episodeWeight, counts);
}

/** WIS influence: the initial reward's, plus W_i (G_i − θ) / mean(W) for the weighted ratio. */
export function wisInfluence(d: PreparedData): Float64Array {
  const inf = centred(d.initial);
  let num = 0;
  let den = 0;
  for (let i = 0; i < d.n; i++) {
    num += d.episodeWeight[i]! * d.decisionReturn[i]!;
    den += d.episodeWeight[i]!;
  }
  if (!(den > 0)) return inf;
  const theta = num / den;
  const meanW = den / d.n;
  for (let i = 0; i < d.n; i++) inf[i] += (d.episodeWeight[i]! * (d.decisionReturn[i]! - theta)) / meanW;
  return inf;
}

function pdisTerms(d: PreparedData): Float64Array {
  const terms = Float64Array.from(d.initial);
  for (let i = 0; i < d.n; i++) {
    let sum = 0;
    for (let s = d.start[i]!; s < d.start[i + 1]!; s++) sum += d.discount[s]! * d.w[s]! * d.reward[s]!;
    terms[i] += sum;
  }
  return terms;
}

export function pdisStatistic(d: PreparedData): Statistic {
  const terms = pdisTerms(d);
  return (counts) => countedMean(terms, counts);
}

export const pdisInfluence = (d: PreparedData): Float64Array => centred(pdisTerms(d));

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

/**
 * WPDIS influence: Σ_t γ^t (w_t^i r_t^i − θ_t w̃_t^i) / (D_t / n) with θ_t = N_t / D_t and w̃ the
 * padded weight (an ended conversation keeps its final weight in later denominators).
 */
export function wpdisInfluence(d: PreparedData): Float64Array {
  const inf = centred(d.initial);
  const { denominators } = stepNormalisers(d, undefined);
  const gammaT = discountByStep(d);
  const num = new Float64Array(d.maxLen);
  for (let i = 0; i < d.n; i++) {
    const s0 = d.start[i]!;
    for (let s = s0; s < d.start[i + 1]!; s++) num[s - s0] += d.w[s]! * d.reward[s]!;
  }
  // scale_t = γ^t n / D_t; after[T] = Σ_{t≥T} scale_t θ_t (what an ended conversation subtracts per unit weight)
  const scale = new Float64Array(d.maxLen);
  const theta = new Float64Array(d.maxLen);
  for (let t = 0; t < d.maxLen; t++) {
    if (denominators[t]! > 0) {
      scale[t] = (gammaT[t]! * d.n) / denominators[t]!;
      theta[t] = num[t]! / denominators[t]!;
    }
  }
  const after = suffixSums(scale.map((x, t) => x * theta[t]!));
  for (let i = 0; i < d.n; i++) {
    const s0 = d.start[i]!;
    const s1 = d.start[i + 1]!;
    let v = 0;
    for (let s = s0; s < s1; s++) {
      const t = s - s0;
      v += scale[t]! * (d.w[s]! * d.reward[s]! - theta[t]! * d.w[s]!);
    }
    inf[i] += v - d.episodeWeight[i]! * after[s1 - s0]!;
  }
  return inf;
}

/** out[T] = Σ_{t≥T} x[t], for T in [0, x.length] (out[x.length] = 0). */
export function suffixSums(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length + 1);
  for (let t = x.length - 1; t >= 0; t--) out[t] = out[t + 1]! + x[t]!;
  return out;
}

/** γ^t for t in [0, maxLen). */
export function discountByStep(d: PreparedData): Float64Array {
  const g = new Float64Array(d.maxLen);
  let x = 1;
  for (let t = 0; t < d.maxLen; t++, x *= d.gamma) g[t] = x;
  return g;
}
