// What both Fitted Q Evaluation models (fqe-linear.ts, fqe-forest.ts) share: the estimates they
// hand to DR/WDR and the direct method, the refit interface of FQE's bootstrap, and the
// bookkeeping over logged steps (next step, fitting subset, the range targets are kept in).
import { Rng } from '../../lib/random.js';
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

/** Per step: the discounted reward logged from that decision to the end of its conversation. */
export function returnsToGo(d: PreparedData): Float64Array {
  const g = new Float64Array(d.nSteps);
  for (let s = d.nSteps - 1; s >= 0; s--) {
    const next = nextStep(d, s);
    g[s] = d.reward[s]! + (next >= 0 ? d.gamma * g[next]! : 0);
  }
  return g;
}

/**
 * [2·min, 2·max] of the logged rewards-to-go (min taken with 0), the range bootstrapped targets
 * are kept in. No value can be far outside what the logs ever earned from a step on; on healthy
 * data the bound never binds, on narrow data it stops a divergent iteration.
 */
export function returnToGoBounds(d: PreparedData, g = returnsToGo(d)): [number, number] {
  let min = 0;
  let max = 0;
  for (const x of g) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return [2 * min, 2 * max];
}

/** Per step: the index of its conversation. */
export function episodeOfSteps(d: PreparedData): Int32Array {
  const episodeOf = new Int32Array(d.nSteps);
  for (let i = 0; i < d.n; i++) episodeOf.fill(i, d.start[i]!, d.start[i + 1]!);
  return episodeOf;
}

/**
 * What a refit returns for FQE's bootstrap: V̂ (from `valueAt`) at the first decision of each
 * conversation the resample drew, zeros elsewhere; the direct method reads nothing else.
 */
export function refitEstimates(
  d: PreparedData,
  counts: Float64Array,
  valueAt: (s: number) => number,
  fit: { iterations: number; converged: boolean; fitSteps: number; cost: number },
): QEstimates {
  const v = new Float64Array(d.nSteps);
  for (let i = 0; i < d.n; i++) {
    const s = d.start[i]!;
    if (counts[i] !== 0 && d.start[i + 1]! > s) v[s] = valueAt(s);
  }
  return { q: new Float64Array(d.nSteps), v, ...fit };
}

/** Direct method: the FQE value of each conversation's first decision, plus its initial reward. */
export function fqeEpisodeTerms(d: PreparedData, qv: QEstimates): Float64Array {
  const terms = Float64Array.from(d.initial);
  for (let i = 0; i < d.n; i++) if (d.start[i + 1]! > d.start[i]!) terms[i] += qv.v[d.start[i]!]!;
  return terms;
}
