// Fitted Q Evaluation (Le, Voloshin & Yue 2019): repeat Q ← argmin Σ (Q(s,a) − r − γ Σ_a' π_e(a'|s') Q(s',a'))²
// over logged transitions (terminal: no bootstrap term). The regression is ridge on the observation
// plus a bias, one weight vector per action (features × action one-hot, block by block).
//
// Why ridge and not an MLP: the Gram matrix of each action's features is the same in every
// iteration, so it is factored once and each iteration is a matrix-vector pass — exact, seeded by
// nothing, and seconds on 2M decisions, where an MLP would need many epochs per iteration. The
// feature encoder is built for linear read-outs; and DR/WDR correct what a linear Q misses.
import { choleskyInPlace, choleskySolve } from './cholesky.js';
import { featureRows, type FeatureRows } from './feature-rows.js';
import { episodeOfSteps, fitSteps, nextStep, refitEstimates, returnToGoBounds, type FqeRefitter } from './fqe-common.js';
import type { PreparedData } from './prepared-data.js';

export interface LinearFqeOptions {
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

export function linearFqe(d: PreparedData, opts: LinearFqeOptions = {}): FqeRefitter {
  const fit = fitSteps(d, opts.maxFitSteps ?? 20_000, opts.seed ?? 1);
  const rows = featureRows(d);
  const full = fitWeights(d, rows, fit, undefined, opts);
  const q = new Float64Array(d.nSteps);
  const v = new Float64Array(d.nSteps);
  for (let s = 0; s < d.nSteps; s++) {
    q[s] = rows.dot(full.weights, d.action[s]! * rows.p, s);
    v[s] = stateValue(d, rows, full.weights, s);
  }
  const episodeOf = episodeOfSteps(d);
  return {
    fit: { q, v, iterations: full.iterations, converged: full.converged, fitSteps: fit.length, cost: fitCost(d, rows, fit.length, full.iterations) },
    // Refits weight the regression by the resample's counts and start from the full-data
    // weights: with dense features they then stop after a few passes.
    refit(counts) {
      const stepCounts = Float64Array.from(fit, (s) => counts[episodeOf[s]!]!);
      const { weights, iterations, converged } = fitWeights(d, rows, fit, stepCounts, opts, full.weights);
      return refitEstimates(d, counts, (s) => stateValue(d, rows, weights, s), {
        iterations,
        converged,
        fitSteps: fit.length,
        cost: fitCost(d, rows, fit.length, iterations),
      });
    },
  };
}

function fitCost(d: PreparedData, rows: FeatureRows, fitSteps: number, iterations: number): number {
  return fitSteps * (rows.rowCost ** 2 / 2 + iterations * (d.nActions + 1) * rows.rowCost);
}

/** Iterated ridge regressions; `weightsPerFit[j]` (optional) weights fit step j. */
function fitWeights(
  d: PreparedData,
  rows: FeatureRows,
  fit: Int32Array,
  weightsPerFit: Float64Array | undefined,
  opts: LinearFqeOptions,
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
  // bootstrapping, function approximation) and once returned -3.6e36: targets are bounded.
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
      const next = nextStep(d, s);
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
