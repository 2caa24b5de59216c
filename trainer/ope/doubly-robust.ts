// Doubly robust estimators: importance weights correct a model's Q̂, the model lowers the weights'
// variance. With V̂(s) = Σ_a π_e(a|s) Q̂(s,a) and w_{-1} = 1:
//   DR  (Jiang & Li 2016)         = mean_i Σ_t γ^t [ w_t r_t − (w_t Q̂(s_t,a_t) − w_{t-1} V̂(s_t)) ]
//   WDR (Thomas & Brunskill 2016) = the same with w_t replaced by w_t / Σ_j w_t^j per step
// DR is unbiased whenever the propensities are right (whatever Q̂); WDR trades a little bias for
// much less variance. Both add the plain mean of the initial reward (see importance-sampling.ts).
import { discountByStep, suffixSums } from './importance-sampling.js';
import type { QEstimates } from './fqe-common.js';
import type { PreparedData } from './prepared-data.js';
import { centred, countedMean, type Statistic } from './statistic.js';
import { stepNormalisers } from './step-normaliser.js';

function drTerms(d: PreparedData, qv: QEstimates): Float64Array {
  const terms = Float64Array.from(d.initial);
  for (let i = 0; i < d.n; i++) {
    let sum = 0;
    for (let s = d.start[i]!; s < d.start[i + 1]!; s++) {
      sum += d.discount[s]! * (d.w[s]! * (d.reward[s]! - qv.q[s]!) + d.wPrev[s]! * qv.v[s]!);
    }
    terms[i] += sum;
  }
  return terms;
}

export function drStatistic(d: PreparedData, qv: QEstimates): Statistic {
  const terms = drTerms(d, qv);
  return (counts) => countedMean(terms, counts);
}

/** Influence values with Q̂ held fixed (DR's first-order sensitivity to Q̂ has mean zero). */
export const drInfluence = (d: PreparedData, qv: QEstimates): Float64Array => centred(drTerms(d, qv));

export function wdrStatistic(d: PreparedData, qv: QEstimates): Statistic {
  const corrected = new Float64Array(d.nSteps);
  const baseline = new Float64Array(d.nSteps);
  for (let s = 0; s < d.nSteps; s++) {
    corrected[s] = d.w[s]! * (d.reward[s]! - qv.q[s]!);
    baseline[s] = d.wPrev[s]! * qv.v[s]!;
  }
  const gammaT = discountByStep(d);
  return (counts) => {
    const { denominators, total } = stepNormalisers(d, counts);
    const numCorrected = new Float64Array(d.maxLen);
    const numBaseline = new Float64Array(d.maxLen);
    for (let i = 0; i < d.n; i++) {
      const c = counts ? counts[i]! : 1;
      if (c === 0) continue;
      const s0 = d.start[i]!;
      for (let s = s0; s < d.start[i + 1]!; s++) {
        numCorrected[s - s0] += c * corrected[s]!;
        numBaseline[s - s0] += c * baseline[s]!;
      }
    }
    let v = countedMean(d.initial, counts);
    for (let t = 0; t < d.maxLen; t++) {
      const dt = denominators[t]!;
      const dPrev = t === 0 ? total : denominators[t - 1]!;
      let term = 0;
      if (dt > 0) term += numCorrected[t]! / dt;
      if (dPrev > 0) term += numBaseline[t]! / dPrev;
      v += gammaT[t]! * term;
    }
    return v;
  };
}

/**
 * WDR influence with Q̂ held fixed: per step t, the corrected part normalised by D_t and the
 * baseline part by D_{t-1} (D_{-1} = n), each as (x_t^i − θ_t w̃^i) · γ^t n / D.
 */
export function wdrInfluence(d: PreparedData, qv: QEstimates): Float64Array {
  const inf = centred(d.initial);
  const { denominators, total } = stepNormalisers(d, undefined);
  const gammaT = discountByStep(d);
  const numC = new Float64Array(d.maxLen);
  const numB = new Float64Array(d.maxLen);
  for (let i = 0; i < d.n; i++) {
    const s0 = d.start[i]!;
    for (let s = s0; s < d.start[i + 1]!; s++) {
      numC[s - s0] += d.w[s]! * (d.reward[s]! - qv.q[s]!);
      numB[s - s0] += d.wPrev[s]! * qv.v[s]!;
    }
  }
  const scaleC = new Float64Array(d.maxLen);
  const scaleB = new Float64Array(d.maxLen);
  const thetaC = new Float64Array(d.maxLen);
  const thetaB = new Float64Array(d.maxLen);
  for (let t = 0; t < d.maxLen; t++) {
    const dt = denominators[t]!;
    const dPrev = t === 0 ? total : denominators[t - 1]!;
    if (dt > 0) {
      scaleC[t] = (gammaT[t]! * d.n) / dt;
      thetaC[t] = numC[t]! / dt;
    }
    if (dPrev > 0) {
      scaleB[t] = (gammaT[t]! * d.n) / dPrev;
      thetaB[t] = numB[t]! / dPrev;
    }
  }
  // an ended conversation (t ≥ T_i) weighs W_i in both D_t and D_{t-1}
  const after = suffixSums(scaleC.map((x, t) => x * thetaC[t]! + scaleB[t]! * thetaB[t]!));
  for (let i = 0; i < d.n; i++) {
    const s0 = d.start[i]!;
    const s1 = d.start[i + 1]!;
    let v = 0;
    for (let s = s0; s < s1; s++) {
      const t = s - s0;
      v += scaleC[t]! * (d.w[s]! * (d.reward[s]! - qv.q[s]!) - thetaC[t]! * d.w[s]!);
      v += scaleB[t]! * (d.wPrev[s]! * qv.v[s]! - thetaB[t]! * d.wPrev[s]!);
    }
    inf[i] += v - d.episodeWeight[i]! * after[s1 - s0]!;
  }
  return inf;
}
