// Fitted Q Evaluation (Le, Voloshin & Yue 2019): repeat Q ← argmin Σ (Q(s,a) − r − γ Σ_a' π_e(a'|s') Q(s',a'))²
// over logged transitions (terminal: no bootstrap term). The regression is ridge on the observation
// plus a bias, one weight vector per action (features × action one-hot, block by block).
//
// Why ridge and not an MLP: the Gram matrix of each action's features is the same in every
// iteration, so it is factored once and each iteration is a matrix-vector pass — exact, seeded by
// nothing, and seconds on 2M decisions, where an MLP would need many epochs per iteration. The
// feature encoder is built for linear read-outs; and DR/WDR correct what a linear Q misses.
import { Rng } from '../../data/random.js';
import { choleskyInPlace, choleskySolve } from './cholesky.js';
import { featureRows, type FeatureRows } from './feature-rows.js';
import type { PreparedData } from './prepared-data.js';

export interface FqeOptions {
  /** ridge penalty added to each Gram diagonal (default 1e-3) */
  ridge?: number;
  /** iteration cap (default 200); with γ = 1 on episodes of length H, tabular FQE needs H + 1 */
  maxIterations?: number;
  /** stop when no regression target moves by more than tolerance × (1 + max |target|) (default 1e-6) */
  tolerance?: number;
  /**
   * fit on a seeded subset of whole conversations holding about this many decisions (default
   * 20,000: with 95 features × 16 tactics = 1,536 weights that is ~13 decisions per weight; an
   * iteration over it costs ~40 ms and γ = 1 can need ~200; Q̂ is then evaluated on every decision)
   */
  maxFitSteps?: number;
  seed?: number;
}

export interface QEstimates {
  /** per step: Q̂(s_t, a_t) */
  q: Float64Array;
  /** per step: V̂(s_t) = Σ_a π_e(a|s_t) Q̂(s_t, a) */
  v: Float64Array;
  /** per action a, the p regression weights at [a·p, (a+1)·p) */
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  fitSteps: number;
  /** approximate multiply-adds of this fit (Gram matrices + iterations): what a refit would cost */
  cost: number;
}

export function fitFqe(d: PreparedData, opts: FqeOptions = {}): QEstimates {
  const fit = fitSteps(d, opts.maxFitSteps ?? 20_000, opts.seed ?? 1);
  const rows = featureRows(d);
  const { weights, iterations, converged } = fitWeights(d, rows, fit, undefined, opts);
  const q = new Float64Array(d.nSteps);
  const v = new Float64Array(d.nSteps);
  for (let s = 0; s < d.nSteps; s++) {
    q[s] = rows.dot(weights, d.action[s]! * rows.p, s);
    v[s] = stateValue(d, rows, weights, s);
  }
  return { q, v, weights, iterations, converged, fitSteps: fit.length, cost: fitCost(d, rows, fit.length, iterations) };
}

function fitCost(d: PreparedData, rows: FeatureRows, fitSteps: number, iterations: number): number {
  return fitSteps * (rows.rowCost ** 2 / 2 + iterations * (d.nActions + 1) * rows.rowCost);
}

/**
 * Q̂ refitted on a bootstrap resample (the conversations' counts weight the regression), so that
 * the intervals of FQE, DR and WDR include the uncertainty of Q̂ itself and not only the spread
 * of the conversations around one fitted Q̂. `warmStart` (the full-data weights) starts each
 * refit near its answer: with dense features the iterations then stop after a few passes.
 */
export function fqeRefitter(d: PreparedData, opts: FqeOptions = {}, warmStart?: Float64Array): (counts: Float64Array) => QEstimates {
  const fit = fitSteps(d, opts.maxFitSteps ?? 20_000, opts.seed ?? 1);
  const rows = featureRows(d);
  const episodeOf = new Int32Array(d.nSteps);
  for (let i = 0; i < d.n; i++) episodeOf.fill(i, d.start[i]!, d.start[i + 1]!);
  return (counts) => {
    const stepCounts = Float64Array.from(fit, (s) => counts[episodeOf[s]!]!);
    const { weights, iterations, converged } = fitWeights(d, rows, fit, stepCounts, opts, warmStart);
    const q = new Float64Array(d.nSteps);
    const v = new Float64Array(d.nSteps);
    for (let i = 0; i < d.n; i++) {
      if (counts[i] === 0) continue;
      for (let s = d.start[i]!; s < d.start[i + 1]!; s++) {
        q[s] = rows.dot(weights, d.action[s]! * rows.p, s);
        v[s] = stateValue(d, rows, weights, s);
      }
    }
    return { q, v, weights, iterations, converged, fitSteps: fit.length, cost: fitCost(d, rows, fit.length, iterations) };
  };
}

/** Iterated ridge regressions; `weightsPerFit[j]` (optional) weights fit step j. */
function fitWeights(
  d: PreparedData,
  rows: FeatureRows,
  fit: Int32Array,
  weightsPerFit: Float64Array | undefined,
  opts: FqeOptions,
  warmStart?: Float64Array,
): { weights: Float64Array; iterations: number; converged: boolean } {
  const ridge = opts.ridge ?? 1e-3;
  const maxIterations = opts.maxIterations ?? 200;
  const tolerance = opts.tolerance ?? 1e-6;
  const A = d.nActions;
  const p = rows.p;

  // Gram matrices per action (lower triangle), factored once
  const gram = Array.from({ length: A }, () => new Float64Array(p * p));
  for (let j = 0; j < fit.length; j++) {
    const c = weightsPerFit ? weightsPerFit[j]! : 1;
    if (c !== 0) rows.addOuter(gram[d.action[fit[j]!]!]!, fit[j]!, c);
  }
  for (const g of gram) {
    for (let j = 0; j < p; j++) g[j * p + j] += ridge;
    choleskyInPlace(g, p);
  }

  const weights = warmStart ? Float64Array.from(warmStart) : new Float64Array(A * p);
  // Linear FQE at γ = 1 can diverge on small or narrow data (the deadly triad: off-policy,
  // bootstrapping, function approximation) and once returned -3.6e36. No value can be far
  // outside what the logs ever earned from a step on, so bootstrapped targets are kept within
  // twice that range; on healthy data the bound never binds.
  const [lo, hi] = returnToGoBounds(d);
  const b = Array.from({ length: A }, () => new Float64Array(p));
  const solution = new Float64Array(p);
  const targets = new Float64Array(fit.length);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    for (const v of b) v.fill(0);
    let maxDelta = 0;
    let maxAbs = 0;
    for (let j = 0; j < fit.length; j++) {
      const c = weightsPerFit ? weightsPerFit[j]! : 1;
      if (c === 0) continue;
      const s = fit[j]!;
      const next = s + 1 < d.nSteps && d.t[s + 1] === d.t[s]! + 1 ? s + 1 : -1;
      const y = Math.min(hi, Math.max(lo, d.reward[s]! + (next >= 0 ? d.gamma * stateValue(d, rows, weights, next) : 0)));
      maxDelta = Math.max(maxDelta, Math.abs(y - targets[j]!));
      maxAbs = Math.max(maxAbs, Math.abs(y));
      targets[j] = y;
      rows.addScaled(b[d.action[s]!]!, s, c * y);
    }
    for (let a = 0; a < A; a++) {
      choleskySolve(gram[a]!, p, b[a]!, solution);
      weights.set(solution, a * p);
    }
    if (iterations > 1 && maxDelta <= tolerance * (1 + maxAbs)) {
      converged = true;
      break;
    }
  }
  return { weights, iterations, converged };
}

/** [2·min, 2·max] of the logged rewards-to-go (min taken with 0), the range targets are kept in. */
function returnToGoBounds(d: PreparedData): [number, number] {
  let min = 0;
  let max = 0;
  let acc = 0;
  for (let s = d.nSteps - 1; s >= 0; s--) {
    const continues = s + 1 < d.nSteps && d.t[s + 1] === d.t[s]! + 1;
    acc = d.reward[s]! + (continues ? d.gamma * acc : 0);
    if (acc < min) min = acc;
    if (acc > max) max = acc;
  }
  return [2 * min, 2 * max];
}

function stateValue(d: PreparedData, rows: FeatureRows, weights: Float64Array, s: number): number {
  const probs = d.targetProbs;
  const base = s * d.nActions;
  let v = 0;
  for (let a = 0; a < d.nActions; a++) {
    const pa = probs[base + a]!;
    if (pa !== 0) v += pa * rows.dot(weights, a * rows.p, s);
  }
  return v;
}

/** Step indices to fit on: all of them, or whole conversations drawn without replacement. */
function fitSteps(d: PreparedData, maxFitSteps: number, seed: number): Int32Array {
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

/** Direct method: the FQE value of each conversation's first decision, plus its initial reward. */
export function fqeEpisodeTerms(d: PreparedData, qv: QEstimates): Float64Array {
  const terms = Float64Array.from(d.initial);
  for (let i = 0; i < d.n; i++) if (d.start[i + 1]! > d.start[i]!) terms[i] += qv.v[d.start[i]!]!;
  return terms;
}
