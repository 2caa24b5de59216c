// What both Fitted Q Evaluation models (fqe-linear.ts, fqe-forest.ts) share: the estimates they
// hand to DR/WDR and the direct method, the refit interface of FQE's bootstrap, and the
// bookkeeping over logged steps (next step, fitting subset, the range targets are kept in).
import { Rng } from '../../data/random.js';
import type { PreparedData } from './prepared-data.js';

export interface QEstimates {
  /** per step: Q̂(s_t, a_t) */
  q: Float64Array;
  /** per step: V̂(s_t) = Σ_a π_e(a|s_t) Q̂(s_t, a) */
  v: Float64Array;
  iterations: number;
  converged: boolean;
  fitSteps: number;
  /** approximate operations of this fit: what a refit would cost */
  cost: number;
}

export interface FqeRefitter {
  /** Q̂ fitted on all the data */
  fit: QEstimates;
  /**
   * Q̂ refitted with the conversations weighted by bootstrap `counts`, so that FQE's interval
   * includes the uncertainty of Q̂ itself. Only `v` at each drawn conversation's first decision
   * is guaranteed (all the direct method reads).
   */
  refit(counts: Float64Array): QEstimates;
  /**
   * Per-conversation influence values of the direct method (n ∂V̂/∂c_i, Q̂ refitted to first
   * order), when the model can give them cheaply: a closed-form interval instead of refits.
   */
  influence?(): Float64Array;
}

/** The step after s in the same conversation, or −1 when s is its last decision. */
export function nextStep(d: PreparedData, s: number): number {
  return s + 1 < d.nSteps && d.t[s + 1] === d.t[s]! + 1 ? s + 1 : -1;
}

/** Step indices to fit on: all of them, or whole conversations drawn without replacement. */
export function fitSteps(d: PreparedData, maxFitSteps: number, seed: number): Int32Array {
  if (d.nSteps <= maxFitSteps) return Int32Array.from({ length: d.nSteps }, (_, s) => s);
  const order = Int32Array.from({ length: d.n }, (_, i) => i);
  const rng = new Rng(seed);
  const picked: number[] = [];
  for (let k = 0; k < d.n && picked.length < maxFitSteps; k++) {
    const j = k + rng.int(d.n - k);
    const i = order[j]!;
    order[j] = order[k]!;
    order[k] = i;
    for (let s = d.start[i]!; s < d.start[i + 1]!; s++) picked.push(s);
  }
  return Int32Array.from(picked.sort((x, y) => x - y));
}

/**
 * [2·min, 2·max] of the logged rewards-to-go (min taken with 0), the range bootstrapped targets
 * are kept in. No value can be far outside what the logs ever earned from a step on; on healthy
 * data the bound never binds, on narrow data it stops a divergent iteration.
 */
export function returnToGoBounds(d: PreparedData): [number, number] {
  let min = 0;
  let max = 0;
  let acc = 0;
  for (let s = d.nSteps - 1; s >= 0; s--) {
    acc = d.reward[s]! + (nextStep(d, s) >= 0 ? d.gamma * acc : 0);
    if (acc < min) min = acc;
    if (acc > max) max = acc;
  }
  return [2 * min, 2 * max];
}

/** Direct method: the FQE value of each conversation's first decision, plus its initial reward. */
export function fqeEpisodeTerms(d: PreparedData, qv: QEstimates): Float64Array {
  const terms = Float64Array.from(d.initial);
  for (let i = 0; i < d.n; i++) if (d.start[i + 1]! > d.start[i]!) terms[i] += qv.v[d.start[i]!]!;
  return terms;
}
