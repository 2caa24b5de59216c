// Fitted Q Evaluation with extremely randomised trees: one forest per action, Q̂(s, a) the mean of
// its trees' leaf values. Unlike the linear ridge (fqe-linear.ts), a forest predicts averages of
// targets it has seen, so a target policy that leads far outside the logged states (a trained
// policy proposing its fifth meeting where the logs hold two) gets the values of the nearest
// logged states instead of a linear extrapolation that feeds on itself at γ = 1.
//
// Schedule (after Ernst et al. 2005, who freeze the tree structure to make the iteration
// converge): grow the structure on the logged returns-to-go, iterate the leaf values to a fixed
// point, regrow once on the converged targets (now the target policy's values, not the logging
// policy's), iterate again. With a frozen structure each iteration is a weighted average of the
// previous targets, so it converges; the targets also stay inside the logged return range.
//
// Interval: with the structure frozen, Q̂ is a smooth function of how much each conversation
// weighs, so the direct method has influence values (the infinitesimal jackknife, as Wager,
// Hastie & Efron 2014 use for forests): one adjoint solve, as cheap as the fit, instead of 200
// refits. `refit` (bootstrap) is kept to check it against.
import { Rng } from '../../lib/random.js';
import { growForests, leafOf, leafWalker, nodeValues, packTrees, type Matrix, type PackedTrees, type Tree, type TreeOptions } from './extra-trees.js';
import {
  episodeOfSteps,
  fitSteps,
  fqeEpisodeTerms,
  nextStep,
  refitEstimates,
  returnsToGo,
  returnToGoBounds,
  type FqeRefitter,
  type QEstimates,
} from './fqe-common.js';
import type { PreparedData } from './prepared-data.js';
import { solveFixedPoint } from './gmres.js';
import { centred } from './statistic.js';

export interface ForestFqeOptions extends TreeOptions {
  /** trees per action (default 10) */
  trees?: number;
  /** structure regrowths on the converged targets (default 1) */
  regrow?: number;
  /** iteration cap per phase (default 500) */
  maxIterations?: number;
  /**
   * stop when the distance left to the fixed point, estimated from the geometric rate of the last
   * iterations, is below tolerance × (1 + max |target|) (default 1e-4: ≈ 0.007 dealer-minutes on
   * dealer data, far inside any interval)
   */
  tolerance?: number;
  /** fit on a seeded subset of whole conversations holding about this many decisions (default 100,000: all of 5,000 dealer conversations; a subset adds its own noise) */
  maxFitSteps?: number;
  seed?: number;
}

/** All trees of all actions, flattened: tree τ = a·T + k owns nodes offset[τ] .. offset[τ+1]−1. */
interface Forests {
  trees: Tree[];
  offset: Int32Array;
  /** the same trees laid out for traversal in bulk (its offset is `offset`) */
  packed: PackedTrees;
  /** node values (weighted means of the targets below each node), by global node index */
  values: Float64Array;
  T: number;
}

/** Everything the iteration needs about the fit steps, computed once per structure. */
interface FitIndex {
  /** per fit step j and tree k of its own action: the global leaf, at [j·T + k] */
  ownLeaf: Int32Array;
  /** next-state terms of fit step j: entries next[j] .. next[j+1]−1 (actions with π_e(a|s') > 0) */
  next: Int32Array;
  /** per entry e: π_e(a|s') / T */
  nextWeight: Float64Array;
  /** per action a: its entries, in increasing order */
  entriesOf: Int32Array[];
  /**
   * per tree τ = a·T + k: the global leaf of s' of entry entriesOf[a][i] at [i]. Laid out tree by
   * tree for passes that take one tree at a time: entry by entry, the T leaves lie in T trees
   * megabytes apart; tree by tree, the values read stay in cache and the leaves are read in order.
   */
  nextLeaf: Int32Array[];
}

const PHASE0_TOLERANCE = 1e-2;
/**
 * Actions the target all but never takes add nothing but cost: V̂ leaves out those below this
 * probability, moving it by under 16 · 1e-5 · max Q̂ (≈ 0.01 dealer-minutes).
 */
const NEGLIGIBLE = 1e-5;

export function forestFqe(d: PreparedData, opts: ForestFqeOptions = {}): FqeRefitter {
  const T = opts.trees ?? 10;
  const seed = opts.seed ?? 1;
  const fit = fitSteps(d, opts.maxFitSteps ?? 100_000, seed);
  const logged = returnsToGo(d);
  const bounds = returnToGoBounds(d, logged);
  const rng = new Rng(`fqe-forest:${seed}`);
  const regrow = opts.regrow ?? 1;

  // phase 0: structure from the logged returns-to-go (the logging policy's Q, a first guess);
  // only the next structure depends on its fixed point, so it need not be tight
  const y = Float64Array.from(fit, (s) => logged[s]!);
  let forests!: Forests;
  let index!: FitIndex;
  let totalIterations = 0;
  let converged = false;
  let cost = 0;
  const x = packRows(d, fit);
  for (let phase = 0; phase <= regrow; phase++) {
    forests = grow(d, fit, x, y, T, rng, opts);
    index = indexFitSteps(d, fit, forests);
    setLeafValues(d, fit, index, forests, y, undefined);
    const tolerance = phase < regrow ? Math.max(PHASE0_TOLERANCE, opts.tolerance ?? 0) : opts.tolerance;
    const r = iterate(d, fit, index, forests, y, undefined, bounds, { ...opts, tolerance });
    totalIterations += r.iterations;
    converged = r.converged;
    cost += r.iterations * iterationCost(fit, index, T);
  }

  const { q, v } = allValues(d, forests);
  const qv: QEstimates = { q, v, iterations: totalIterations, converged, fitSteps: fit.length, cost };

  const episodeOf = episodeOfSteps(d);
  return {
    fit: qv,
    influence: () => directMethodInfluence(d, fit, index, forests, y, bounds, episodeOf, qv, opts),
    // Refits keep the final structure (its own sampling noise is left out, as in the influence
    // values) and start from copies of the full-data values and targets.
    refit(counts) {
      const stepCounts = Float64Array.from(fit, (s) => counts[episodeOf[s]!]!);
      const own: Forests = { ...forests, values: Float64Array.from(forests.values) };
      const yb = Float64Array.from(y);
      setLeafValues(d, fit, index, own, yb, stepCounts);
      const r = iterate(d, fit, index, own, yb, stepCounts, bounds, opts);
      return refitEstimates(d, counts, (s) => stateValue(d, own, s), {
        iterations: r.iterations,
        converged: r.converged,
        fitSteps: fit.length,
        cost: r.iterations * iterationCost(fit, index, T),
      });
    },
  };
}

function packRows(d: PreparedData, fit: Int32Array): Matrix {
  const m = d.obsDim;
  const data = new Float32Array(fit.length * m);
  fit.forEach((s, j) => data.set(d.obs[s]!, j * m));
  return { data, m };
}

function iterationCost(fit: Int32Array, index: FitIndex, T: number): number {
  return (fit.length + index.next[fit.length]!) * T;
}

function grow(d: PreparedData, fit: Int32Array, x: Matrix, y: Float64Array, T: number, rng: Rng, opts: TreeOptions): Forests {
  // rows of the packed matrix are fit steps
  const byAction: number[][] = Array.from({ length: d.nActions }, () => []);
  for (let j = 0; j < fit.length; j++) byAction[d.action[fit[j]!]!]!.push(j);
  // an action never logged gets a root-only tree without data: Q̂ = 0 there (nothing is known)
  const trees = growForests(x, byAction.map((rows) => Int32Array.from(rows)), y, T, rng, opts);
  const packed = packTrees(trees);
  return { trees, offset: packed.offset, packed, values: new Float64Array(packed.offset[trees.length]!), T };
}

function indexFitSteps(d: PreparedData, fit: Int32Array, f: Forests): FitIndex {
  const A = d.nActions;
  const T = f.T;
  const ownLeaf = new Int32Array(fit.length * T);
  forEachLeafBlock(d, f, fit, (s, a) => d.action[s] === a, (_a, at, n, leaves) => {
    for (let r = 0; r < n; r++) for (let k = 0; k < T; k++) ownLeaf[at[r]! * T + k] = leaves[k]![r]!;
  });
  // the next-state terms, counted and then written (typed arrays, not a million pushes: the JS
  // heap would grow by tens of megabytes and be collected whole, logged episodes and all)
  const next = new Int32Array(fit.length + 1);
  const perAction = new Int32Array(A);
  let withNext = 0;
  for (let j = 0; j < fit.length; j++) {
    const sn = nextStep(d, fit[j]!);
    let e = next[j]!;
    if (sn >= 0) {
      withNext++;
      for (let a = 0; a < A; a++) if (d.targetProbs[sn * A + a]! >= NEGLIGIBLE) perAction[a]++, e++;
    }
    next[j + 1] = e;
  }
  const nextWeight = new Float64Array(next[fit.length]!);
  const nextStates = new Int32Array(withNext);
  const entriesOf = Array.from(perAction, (count) => new Int32Array(count));
  perAction.fill(0);
  for (let j = 0, i = 0; j < fit.length; j++) {
    const sn = nextStep(d, fit[j]!);
    if (sn < 0) continue;
    nextStates[i++] = sn;
    for (let a = 0, e = next[j]!; a < A; a++) {
      const p = d.targetProbs[sn * A + a]!;
      if (p < NEGLIGIBLE) continue;
      entriesOf[a]![perAction[a]!++] = e;
      nextWeight[e++] = p / T;
    }
  }
  // their leaves; next states come in order, so a's entries do too: the i-th visited for a is entriesOf[a][i]
  const nextLeaf = Array.from({ length: A * T }, (_, tau) => new Int32Array(entriesOf[Math.floor(tau / T)]!.length));
  const filled = new Int32Array(A);
  forEachLeafBlock(d, f, nextStates, (s, a) => d.targetProbs[s * A + a]! >= NEGLIGIBLE, (a, _at, n, leaves) => {
    for (let r = 0; r < n; r++, filled[a]++) for (let k = 0; k < T; k++) nextLeaf[a * T + k]![filled[a]!] = leaves[k]![r]!;
  });
  return { ownLeaf, next, nextWeight, entriesOf, nextLeaf };
}

/** Steps per block of forEachLeafBlock: 4,096 observations (1.5 MB at 94 features) share each tree's trip into cache. */
const BLOCK = 4096;

/**
 * Tree traversal in bulk, the costliest part of the forest. For each block of `steps` and each
 * action, visit gets the block's steps `wanted` for that action (at[r]: their positions in
 * `steps`) and their global leaves in each of the action's trees (leaves[k][r]). A block meets
 * one tree after another, so each tree's nodes are fetched once per block, not once per step.
 */
function forEachLeafBlock(
  d: PreparedData,
  f: Forests,
  steps: Int32Array,
  wanted: (s: number, a: number) => boolean,
  visit: (a: number, at: Int32Array, n: number, leaves: Int32Array[]) => void,
): void {
  const m = d.obsDim;
  const at = new Int32Array(BLOCK);
  const leaves: Int32Array[] = new Array(f.T);
  const walker = leafWalker(f.packed, m, BLOCK, f.T);
  try {
    const { block, starts } = walker;
    for (let p0 = 0; p0 < steps.length; p0 += BLOCK) {
      const p1 = Math.min(steps.length, p0 + BLOCK);
      for (let p = p0; p < p1; p++) block.set(d.obs[steps[p]!]!, (p - p0) * m);
      for (let a = 0; a < d.nActions; a++) {
        let n = 0;
        for (let p = p0; p < p1; p++) {
          if (!wanted(steps[p]!, a)) continue;
          at[n] = p;
          starts[n++] = (p - p0) * m;
        }
        if (n === 0) continue;
        for (let k = 0; k < f.T; k++) leaves[k] = walker.walk(a * f.T + k, n, k);
        visit(a, at, n, leaves);
      }
    }
  } finally {
    walker.release();
  }
}

/**
 * Buffers an iteration reuses. Allocated afresh each iteration they would churn gigabytes, and
 * every few hundred megabytes of arrays V8 collects the whole heap, logged episodes and all.
 */
interface Workspace {
  /** per node: weighted sums of targets and their weights */
  sums: Float64Array;
  weights: Float64Array;
  /** per next-state entry: the output of entrySums */
  entrySums: Float64Array;
  /** room for one action's entries */
  group: Float64Array;
}

function workspace(index: FitIndex, f: Forests): Workspace {
  return {
    sums: new Float64Array(f.values.length),
    weights: new Float64Array(f.values.length),
    entrySums: new Float64Array(index.nextWeight.length),
    group: new Float64Array(Math.max(...index.entriesOf.map((e) => e.length))),
  };
}

/** Leaf values = weighted means of the current targets of the fit steps in each leaf. */
function setLeafValues(
  d: PreparedData,
  fit: Int32Array,
  index: FitIndex,
  f: Forests,
  y: Float64Array,
  stepCounts: Float64Array | undefined,
  w: Workspace = workspace(index, f),
): void {
  const T = f.T;
  const sums = w.sums.fill(0);
  const weights = w.weights.fill(0);
  for (let j = 0; j < fit.length; j++) {
    const c = stepCounts ? stepCounts[j]! : 1;
    if (c === 0) continue;
    for (let k = 0; k < T; k++) {
      const leaf = index.ownLeaf[j * T + k]!;
      sums[leaf] += c * y[j]!;
      weights[leaf] += c;
    }
  }
  f.trees.forEach((tree, i) => nodeValues(tree, sums, weights, f.values, f.offset[i]!));
}

/**
 * Per next-state entry e: the sum of the current values at its T leaves, Q̂(s', a)·T, taken one
 * tree at a time (see FitIndex.nextLeaf). Each sum still adds its trees in the order k = 0, 1, …
 */
function entrySums(index: FitIndex, f: Forests, w: Workspace): Float64Array {
  const T = f.T;
  const values = f.values;
  const sums = w.entrySums;
  for (let a = 0; a < index.entriesOf.length; a++) {
    const entries = index.entriesOf[a]!;
    const acc = w.group.subarray(0, entries.length).fill(0);
    for (let k = 0; k < T; k++) {
      const leaves = index.nextLeaf[a * T + k]!;
      for (let i = 0; i < acc.length; i++) acc[i] += values[leaves[i]!]!;
    }
    for (let i = 0; i < acc.length; i++) sums[entries[i]!] = acc[i]!;
  }
  return sums;
}

/** V̂(s_{j+1}) from entrySums. */
function nextValue(index: FitIndex, sums: Float64Array, j: number): number {
  let v = 0;
  for (let e = index.next[j]!, end = index.next[j + 1]!; e < end; e++) v += index.nextWeight[e]! * sums[e]!;
  return v;
}

function iterate(
  d: PreparedData,
  fit: Int32Array,
  index: FitIndex,
  f: Forests,
  y: Float64Array,
  stepCounts: Float64Array | undefined,
  [lo, hi]: [number, number],
  opts: ForestFqeOptions,
): { iterations: number; converged: boolean } {
  const maxIterations = opts.maxIterations ?? 500;
  const tolerance = opts.tolerance ?? 1e-4;
  let iterations = 0;
  const deltas: number[] = [];
  const w = workspace(index, f);
  while (iterations < maxIterations) {
    iterations++;
    let maxDelta = 0;
    let maxAbs = 0;
    const sums = entrySums(index, f, w);
    for (let j = 0; j < fit.length; j++) {
      if (stepCounts && stepCounts[j] === 0) continue;
      // y_j = r_j + γ V̂(s_{j+1}), clamped to the logged range
      const target = Math.min(hi, Math.max(lo, d.reward[fit[j]!]! + d.gamma * nextValue(index, sums, j)));
      maxDelta = Math.max(maxDelta, Math.abs(target - y[j]!));
      maxAbs = Math.max(maxAbs, Math.abs(target));
      y[j] = target;
    }
    setLeafValues(d, fit, index, f, y, stepCounts, w);
    deltas.push(maxDelta);
    if (maxDelta === 0 || distanceLeft(deltas) <= tolerance * (1 + maxAbs)) return { iterations, converged: true };
  }
  return { iterations, converged: false };
}

/**
 * The iteration contracts geometrically (rate ρ < 1 with a frozen structure), so the distance
 * still to go is about δ_t ρ / (1 − ρ); ρ is read, cautiously, as the larger of the last two
 * ratios of successive changes.
 */
function distanceLeft(deltas: number[]): number {
  const t = deltas.length;
  if (t < 3) return Infinity;
  const rho = Math.max(deltas[t - 1]! / deltas[t - 2]!, deltas[t - 2]! / deltas[t - 3]!);
  return rho < 1 ? (deltas[t - 1]! * rho) / (1 - rho) : Infinity;
}

/**
 * Influence values of the direct method, L_i = n ∂V̂/∂c_i for conversation i's weight c_i, with
 * the structure frozen. Writing θ for the leaf values, y = r + γPθ for the targets and A_c for
 * the weighted leaf averages (θ = A_c y), weighting conversation i moves θ by
 * (I − γA P)⁻¹ g_i with g_i(L) = Σ_{j ∈ i ∩ L} (y_j − θ_L) / W_L; V̂ reads θ through the first
 * states' leaves b, so ∂V̂/∂c_i = (term_i − V̂)/n + λᵀ g_i with the adjoint λ = b + γ Pᵀ Aᵀ λ,
 * solved by GMRES (a linear system: no clamp to iterate through). Targets held at the clamp do not move.
 */
function directMethodInfluence(
  d: PreparedData,
  fit: Int32Array,
  index: FitIndex,
  f: Forests,
  y: Float64Array,
  [lo, hi]: [number, number],
  episodeOf: Int32Array,
  qv: QEstimates,
  opts: ForestFqeOptions,
): Float64Array {
  const T = f.T;
  const A = d.nActions;
  const nodes = f.values.length;
  // leaf weights W_L of the full data
  const W = new Float64Array(nodes);
  for (let j = 0; j < fit.length; j++) for (let k = 0; k < T; k++) W[index.ownLeaf[j * T + k]!] += 1;
  // b: how V̂ = mean_i (initial_i + V̂(s_0^i)) reads the leaf values
  const b = new Float64Array(nodes);
  const firstSteps: number[] = [];
  for (let i = 0; i < d.n; i++) if (d.start[i + 1]! > d.start[i]!) firstSteps.push(d.start[i]!);
  forEachLeafBlock(d, f, Int32Array.from(firstSteps), (s, a) => d.targetProbs[s * A + a]! >= NEGLIGIBLE, (a, at, n, leaves) => {
    for (let r = 0; r < n; r++) {
      const w = d.targetProbs[firstSteps[at[r]!]! * A + a]! / T / d.n;
      for (let k = 0; k < T; k++) b[leaves[k]![r]!] += w;
    }
  });
  const w = workspace(index, f);
  const sums = entrySums(index, f, w);
  const free = Uint8Array.from(fit, (s, j) => {
    const target = d.reward[s]! + d.gamma * nextValue(index, sums, j);
    return target > lo && target < hi ? 1 : 0;
  });
  // λ = b + γ Pᵀ (Aᵀ λ), by GMRES: the plain iteration contracts by only ~0.94 a sweep on
  // 20-decision conversations (113 sweeps on the OPE benchmark, GMRES ~30). A residual of 1e-4
  // of ‖b‖ leaves λ, which only scales influence values, good to about 1e-3 (a standard error
  // needs two digits).
  const pushed = new Float64Array(index.nextWeight.length); // per entry: what it adds to each of its leaves
  const apply = (lambda: Float64Array, out: Float64Array): void => {
    pushed.fill(0);
    for (let j = 0; j < fit.length; j++) {
      if (!free[j]) continue;
      let mu = 0;
      for (let k = 0; k < T; k++) {
        const leaf = index.ownLeaf[j * T + k]!;
        mu += lambda[leaf]! / W[leaf]!;
      }
      for (let e = index.next[j]!, end = index.next[j + 1]!; e < end; e++) pushed[e] = d.gamma * mu * index.nextWeight[e]!;
    }
    // one tree at a time, as in entrySums
    out.fill(0);
    for (let a = 0; a < A; a++) {
      const entries = index.entriesOf[a]!;
      const push = w.group.subarray(0, entries.length);
      for (let i = 0; i < push.length; i++) push[i] = pushed[entries[i]!]!;
      for (let k = 0; k < T; k++) {
        const leaves = index.nextLeaf[a * T + k]!;
        for (let i = 0; i < push.length; i++) out[leaves[i]!] += push[i]!;
      }
    }
  };
  const { x: lambda } = solveFixedPoint(apply, b, { tolerance: opts.tolerance ?? 1e-4, maxIterations: opts.maxIterations ?? 500 });

  // the direct method's own spread over conversations, then how each moves the leaf values
  const influence = centred(fqeEpisodeTerms(d, qv));
  for (let j = 0; j < fit.length; j++) {
    let g = 0;
    for (let k = 0; k < T; k++) {
      const leaf = index.ownLeaf[j * T + k]!;
      g += (lambda[leaf]! * (y[j]! - f.values[leaf]!)) / W[leaf]!;
    }
    influence[episodeOf[fit[j]!]!] += d.n * g;
  }
  return influence;
}

/** Q̂(s, a_s) and V̂(s) at every logged step (DR and WDR read them all: on large logs the costliest pass). */
function allValues(d: PreparedData, f: Forests): { q: Float64Array; v: Float64Array } {
  const A = d.nActions;
  const T = f.T;
  const q = new Float64Array(d.nSteps);
  const v = new Float64Array(d.nSteps);
  const steps = Int32Array.from({ length: d.nSteps }, (_, s) => s);
  forEachLeafBlock(d, f, steps, (s, a) => d.action[s] === a || d.targetProbs[s * A + a]! >= NEGLIGIBLE, (a, at, n, leaves) => {
    for (let r = 0; r < n; r++) {
      const s = at[r]!;
      let sum = 0;
      for (let k = 0; k < T; k++) sum += f.values[leaves[k]![r]!]!;
      const qa = sum / T;
      const p = d.targetProbs[s * A + a]!;
      if (p >= NEGLIGIBLE) v[s] += p * qa;
      if (d.action[s] === a) q[s] = qa;
    }
  });
  return { q, v };
}

function qValue(f: Forests, a: number, x: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < f.T; k++) {
    const tau = a * f.T + k;
    sum += f.values[f.offset[tau]! + leafOf(f.trees[tau]!, x)]!;
  }
  return sum / f.T;
}

function stateValue(d: PreparedData, f: Forests, s: number): number {
  let v = 0;
  for (let a = 0; a < d.nActions; a++) {
    const p = d.targetProbs[s * d.nActions + a]!;
    if (p >= NEGLIGIBLE) v += p * qValue(f, a, d.obs[s]!);
  }
  return v;
}
