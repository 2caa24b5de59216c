// Extremely randomised regression trees (Geurts, Ernst & Wehenkel 2006), the regressor of
// tree-based fitted Q iteration (Ernst, Geurts & Wehenkel 2005). Split structure and leaf values
// are kept apart on purpose: a forest's prediction is then a fixed weighted average of training
// targets (an "averager", Gordon 1995), so iterating Q ← r + γ P^π Q̂ with a frozen structure can
// neither extrapolate past the targets it has seen nor diverge, which linear FQE at γ = 1 did.
import type { Rng } from '../../data/random.js';

export interface TreeOptions {
  /** rows a leaf must keep (default 5) */
  minLeaf?: number;
  /** candidate features drawn per node (default: all, as Geurts et al. recommend for regression) */
  maxFeatures?: number;
  /** deepest level (default 32) */
  maxDepth?: number;
}

/** One tree as flat arrays; node 0 is the root, a node's parent always has a smaller index. */
export interface Tree {
  /** split feature, −1 at a leaf */
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  parent: Int32Array;
  nodes: number;
}

/** Observations packed row-major (row r's feature k at r·m + k): one array, no pointer chasing. */
export interface Matrix {
  data: Float32Array;
  m: number;
}

/**
 * Grows one tree on rows `rows` of `x` with targets y[row]. At each node: for each of
 * `maxFeatures` random features, one uniform random cut between that feature's min and max in
 * the node; the cut with the largest variance reduction wins. A feature constant in a node is
 * constant in all its descendants, so each node hands its children only the features that still
 * vary (one-hot encodings die out fast: deep nodes look at a handful).
 */
export function growTree(x: Matrix, rows: Int32Array, y: Float64Array, rng: Rng, opts: TreeOptions = {}): Tree {
  const minLeaf = Math.max(1, opts.minLeaf ?? 5);
  const maxDepth = opts.maxDepth ?? 32;
  const { data, m } = x;
  const order = Int32Array.from(rows);
  // a tree of leaves holding ≥ minLeaf rows has at most 2·⌊n / minLeaf⌋ − 1 nodes
  const cap = Math.max(1, 2 * Math.floor(rows.length / minLeaf));
  const feature = new Int32Array(cap).fill(-1);
  const threshold = new Float32Array(cap);
  const left = new Int32Array(cap);
  const right = new Int32Array(cap);
  const parent = new Int32Array(cap);
  let nodes = 0;
  const newNode = (p: number): number => {
    parent[nodes] = p;
    return nodes++;
  };
  const mins = new Float32Array(m);
  const maxs = new Float32Array(m);
  const cuts = new Float32Array(m);
  const sumsL = new Float64Array(m);
  const countsL = new Int32Array(m);

  interface Pending {
    node: number;
    lo: number;
    hi: number;
    depth: number;
    /** features not (yet) known to be constant in this node */
    features: Int32Array;
  }
  const stack: Pending[] = [{ node: newNode(-1), lo: 0, hi: order.length, depth: 0, features: Int32Array.from({ length: m }, (_, k) => k) }];
  while (stack.length) {
    const { node, lo, hi, depth, features } = stack.pop()!;
    const n = hi - lo;
    if (n < 2 * minLeaf || depth >= maxDepth) continue;
    let sum = 0;
    let sumSq = 0;
    for (let j = lo; j < hi; j++) {
      const v = y[order[j]!]!;
      sum += v;
      sumSq += v * v;
    }
    if (sumSq - (sum * sum) / n <= 1e-12 * (1 + sumSq)) continue; // constant targets: a leaf

    // Two passes over the node's rows, each reading whole rows, not one pass per feature:
    // min/max of every candidate feature, then left sums for one random cut per feature.
    const k = drawFeatures(features, opts.maxFeatures ?? m, rng);
    mins.fill(Infinity, 0, k);
    maxs.fill(-Infinity, 0, k);
    for (let j = lo; j < hi; j++) {
      const base = order[j]! * m;
      for (let f = 0; f < k; f++) {
        const v = data[base + features[f]!]!;
        if (v < mins[f]!) mins[f] = v;
        if (v > maxs[f]!) maxs[f] = v;
      }
    }
    // features constant here stay constant below; when all were candidates, drop them now
    let varying = features;
    if (k === features.length) {
      let c = 0;
      for (let f = 0; f < k; f++) if (maxs[f]! > mins[f]!) c++;
      if (c < k) {
        varying = new Int32Array(c);
        const keepMin = new Float32Array(c);
        const keepMax = new Float32Array(c);
        for (let f = 0, o = 0; f < k; f++) {
          if (maxs[f]! > mins[f]!) {
            varying[o] = features[f]!;
            keepMin[o] = mins[f]!;
            keepMax[o++] = maxs[f]!;
          }
        }
        mins.set(keepMin);
        maxs.set(keepMax);
      }
    }
    const kv = k === features.length ? varying.length : k;
    if (kv === 0) continue;
    for (let f = 0; f < kv; f++) {
      // a constant feature (or a cut rounded onto the max) cannot split the node
      const cut = maxs[f]! > mins[f]! ? Math.fround(mins[f]! + rng.next() * (maxs[f]! - mins[f]!)) : NaN;
      cuts[f] = cut < maxs[f]! ? cut : NaN;
    }
    sumsL.fill(0, 0, kv);
    countsL.fill(0, 0, kv);
    for (let j = lo; j < hi; j++) {
      const r = order[j]!;
      const base = r * m;
      const v = y[r]!;
      for (let f = 0; f < kv; f++) {
        if (data[base + varying[f]!]! <= cuts[f]!) {
          sumsL[f] += v;
          countsL[f]++;
        }
      }
    }
    let bestScore = (sum * sum) / n; // Σ over children of (Σ y)² / n; larger is a better split
    let bestFeature = -1;
    let bestCut = 0;
    for (let f = 0; f < kv; f++) {
      const nL = countsL[f]!;
      const nR = n - nL;
      if (Number.isNaN(cuts[f]!) || nL < minLeaf || nR < minLeaf) continue;
      const sumL = sumsL[f]!;
      const score = (sumL * sumL) / nL + ((sum - sumL) * (sum - sumL)) / nR;
      if (score > bestScore + 1e-12 * Math.abs(bestScore)) {
        bestScore = score;
        bestFeature = varying[f]!;
        bestCut = cuts[f]!;
      }
    }
    if (bestFeature < 0) continue;

    // partition order[lo, hi) in place: ≤ cut first
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      if (data[order[i]! * m + bestFeature]! <= bestCut) i++;
      else {
        const t = order[i]!;
        order[i] = order[j]!;
        order[j--] = t;
      }
    }
    feature[node] = bestFeature;
    threshold[node] = bestCut;
    const l = newNode(node);
    const r = newNode(node);
    left[node] = l;
    right[node] = r;
    // siblings may share the list: drawing a subset only permutes it
    stack.push({ node: l, lo, hi: i, depth: depth + 1, features: varying }, { node: r, lo: i, hi, depth: depth + 1, features: varying });
  }
  return {
    feature: feature.slice(0, nodes),
    threshold: threshold.slice(0, nodes),
    left: left.slice(0, nodes),
    right: right.slice(0, nodes),
    parent: parent.slice(0, nodes),
    nodes,
  };
}

/** Moves `k` distinct random features to the front of `features` (partial Fisher–Yates); returns k. */
function drawFeatures(features: Int32Array, k: number, rng: Rng): number {
  const m = features.length;
  if (k >= m) return m;
  for (let f = 0; f < k; f++) {
    const r = f + rng.int(m - f);
    const t = features[r]!;
    features[r] = features[f]!;
    features[f] = t;
  }
  return k;
}

/** The leaf of the row starting at x[base] (a packed matrix row, or a plain observation with base 0). */
export function leafOf(tree: Tree, x: Float32Array, base = 0): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = x[base + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return node;
}

/**
 * Node values from weighted targets that fell into leaves: each node holds the weighted mean of
 * its subtree; a node without weight (a bootstrap resample can empty a leaf) inherits its parent's.
 * `sums`/`weights`/`out` hold this tree's nodes from `offset` on (several trees share the arrays);
 * the caller fills sums and weights at the leaves, they are accumulated upwards in place.
 */
export function nodeValues(tree: Tree, sums: Float64Array, weights: Float64Array, out: Float64Array, offset = 0): void {
  for (let node = tree.nodes - 1; node > 0; node--) {
    const p = offset + tree.parent[node]!;
    sums[p] += sums[offset + node]!;
    weights[p] += weights[offset + node]!;
  }
  for (let node = 0; node < tree.nodes; node++) {
    const x = offset + node;
    const w = weights[x]!;
    out[x] = w > 0 ? sums[x]! / w : node > 0 ? out[offset + tree.parent[node]!]! : 0;
  }
}
