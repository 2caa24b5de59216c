// Extremely randomised regression trees (Geurts, Ernst & Wehenkel 2006), the regressor of
// tree-based fitted Q iteration (Ernst, Geurts & Wehenkel 2005). Split structure and leaf values
// are kept apart on purpose: a forest's prediction is then a fixed weighted average of training
// targets (an "averager", Gordon 1995), so iterating Q ← r + γ P^π Q̂ with a frozen structure can
// neither extrapolate past the targets it has seen nor diverge, which linear FQE at γ = 1 did.
import type { Rng } from '../../lib/random.js';
import { leaseKernelMemory, type ForestKernels } from './forest-kernels.js';

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
  return growForests(x, [rows], y, 1, rng, opts)[0]!;
}

/**
 * The rows of a tree, column by column, in three copies: feature k of the row at position j at
 * cols[c][k·N + j]. Copy 0 holds the rows as given and is only read (by the root); a split moves
 * its rows, in every column that can still vary, into its children's order in copy 1 or 2 (the
 * one its own rows are not in). A node's rows are then one range of each column, so every pass
 * runs down a column with its running sum or min/max in registers, and the children's min/max,
 * which their cuts need, come with the move instead of from a pass of their own. Rows end up in
 * the order an in-place partition of row indices gives them, so every sum, and split, is the same.
 * (The buffers may be longer than N·m: growForests shares them between groups of rows.)
 */
interface Columns {
  cols: readonly [Float32Array, Float32Array, Float32Array];
  ys: readonly [Float64Array, Float64Array, Float64Array];
  /** the same copies' byte offsets in the kernels' memory (forest-kernels.ts) */
  colsAt: readonly [number, number, number];
  ysAt: readonly [number, number, number];
  /** kernel scratch: a feature list and a child's ranges */
  scratch: { features: Int32Array; range: Float32Array };
  scratchAt: { features: number; range: number };
  orderAt: number;
  kernels: ForestKernels;
  /** per feature k over all rows: min at [k], max at [m + k] */
  range: Float32Array;
  /** scratch for partitions */
  order: Int32Array;
  N: number;
  m: number;
}

/**
 * For each group of rows in turn, `count` trees on them: the trees of as many growTree calls, in
 * the same order. The copies of the rows are made once per group, in buffers shared by all groups
 * (hundreds of megabytes of short-lived arrays would each time make V8 collect the whole heap).
 */
export function growForests(x: Matrix, groups: readonly Int32Array[], y: Float64Array, count: number, rng: Rng, opts: TreeOptions = {}): Tree[] {
  const m = x.m;
  const most = Math.max(1, ...groups.map((rows) => rows.length));
  const lease = leaseKernelMemory({
    cols0: ['f32', most * m], cols1: ['f32', most * m], cols2: ['f32', most * m],
    ys0: ['f64', most], ys1: ['f64', most], ys2: ['f64', most],
    order: ['i32', most],
    features: ['i32', m], range: ['f32', 2 * m],
  });
  try {
    const { view: v, ptr: p } = lease;
    const cols = [v.cols0, v.cols1, v.cols2] as const;
    const ys = [v.ys0, v.ys1, v.ys2] as const;
    return groups.flatMap((rows) => {
      const N = rows.length;
      const c: Columns = {
        cols, ys, colsAt: [p.cols0, p.cols1, p.cols2], ysAt: [p.ys0, p.ys1, p.ys2],
        scratch: v, scratchAt: p, orderAt: p.order, kernels: lease.kernels,
        range: new Float32Array(2 * m).fill(Infinity, 0, m).fill(-Infinity, m), order: v.order, N, m,
      };
      for (let j = 0; j < N; j++) {
        const base = rows[j]! * m;
        for (let k = 0; k < m; k++) {
          const value = x.data[base + k]!;
          cols[0][k * N + j] = value;
          if (value < c.range[k]!) c.range[k] = value;
          if (value > c.range[m + k]!) c.range[m + k] = value;
        }
        ys[0][j] = y[rows[j]!]!;
      }
      return Array.from({ length: count }, () => grow(c, rng, opts));
    });
  } finally {
    lease.release();
  }
}

function grow(columns: Columns, rng: Rng, opts: TreeOptions): Tree {
  const { cols, ys, colsAt, ysAt, scratch, scratchAt, orderAt, kernels, range: rootRange, order, N, m } = columns;
  const minLeaf = Math.max(1, opts.minLeaf ?? 5);
  const maxDepth = opts.maxDepth ?? 32;
  // a tree of leaves holding ≥ minLeaf rows has at most 2·⌊n / minLeaf⌋ − 1 nodes
  const cap = Math.max(1, 2 * Math.floor(N / minLeaf));
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
    /** min/max of those features in this node, by feature (as Columns.range) */
    range: Float32Array;
    /** which copy of the columns holds this node's rows */
    copy: 0 | 1 | 2;
  }
  const mayGrow = (n: number, depth: number): boolean => n >= 2 * minLeaf && depth < maxDepth;
  const stack: Pending[] = [];
  if (mayGrow(N, 0)) stack.push({ node: newNode(-1), lo: 0, hi: N, depth: 0, features: Int32Array.from({ length: m }, (_, k) => k), range: rootRange, copy: 0 });
  else newNode(-1);
  while (stack.length) {
    const { node, lo, hi, depth, features, range, copy } = stack.pop()!;
    const data = cols[copy];
    const yc = ys[copy];
    const n = hi - lo;
    let sum = 0;
    let sumSq = 0;
    for (let j = lo; j < hi; j++) {
      const v = yc[j]!;
      sum += v;
      sumSq += v * v;
    }
    if (sumSq - (sum * sum) / n <= 1e-12 * (1 + sumSq)) continue; // constant targets: a leaf

    // min/max of every candidate feature, then left sums for one random cut per feature
    const k = drawFeatures(features, opts.maxFeatures ?? m, rng);
    for (let f = 0; f < k; f++) {
      mins[f] = range[features[f]!]!;
      maxs[f] = range[m + features[f]!]!;
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
    for (let f = 0; f < kv; f++) {
      const c = varying[f]! * N;
      const cut = cuts[f]!;
      let sumL = 0;
      let nL = 0;
      // branch-free: a random cut makes `≤ cut` a coin flip the branch predictor cannot learn
      // (adding 0 · y leaves the sum bit-identical)
      for (let j = lo; j < hi; j++) {
        const isLeft = +(data[c + j]! <= cut);
        sumL += isLeft * yc[j]!;
        nL += isLeft;
      }
      sumsL[f] = sumL;
      countsL[f] = nL;
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

    // partition [lo, hi), ≤ cut first: order[j] is the position the row going to j comes from
    for (let j = lo; j < hi; j++) order[j] = j;
    let i = lo;
    let j = hi - 1;
    const split = bestFeature * N;
    while (i <= j) {
      if (data[split + order[i]!]! <= bestCut) i++;
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
    // move the rows of the children that may split in turn; siblings may share the feature
    // list: drawing a subset only permutes it
    const other = copy === 1 ? 2 : 1;
    // (forest-kernels.c move_rows: to[k·N + t] ← from[k·N + order[t]] in every column that can
    // still vary, and the targets, noting each column's min and max in the child's range)
    scratch.features.set(varying);
    for (const [child, from, to] of [[l, lo, i], [r, i, hi]] as const) {
      if (!mayGrow(to - from, depth + 1)) continue;
      kernels.move_rows(colsAt[copy], colsAt[other], ysAt[copy], ysAt[other], N, scratchAt.features, varying.length, orderAt, from, to, scratchAt.range, m);
      stack.push({ node: child, lo: from, hi: to, depth: depth + 1, features: varying, range: scratch.range.slice(), copy: other });
    }
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
 * Trees laid out for traversal in bulk. Node g (numbered over all trees, tree τ's nodes from
 * offset[τ]) takes three slots from 3g in one buffer: split feature, threshold, 3 × left child.
 * growTree always makes the right child left + 1, so a step is 3 × left + 3 · [not x ≤ threshold]
 * (NaN goes right, as in leafOf) without a branch: the random cuts make that branch a coin flip the
 * predictor cannot learn. A leaf steps onto itself (feature 0, threshold NaN, left = itself − 1),
 * so rows walked in lockstep can keep stepping until the deepest is done.
 */
export interface PackedTrees {
  /** slot 3g: node g's split feature; slot 3g + 2: 3 × its left child (a leaf: 3g − 3, which tells it apart) */
  nodes: Int32Array;
  /** the same buffer: slot 3g + 1 holds node g's threshold */
  thresholds: Float32Array;
  /** tree τ's nodes are offset[τ] .. offset[τ + 1] − 1 */
  offset: Int32Array;
}

export function packTrees(trees: readonly Tree[]): PackedTrees {
  const offset = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => (offset[i + 1] = offset[i]! + t.nodes));
  const buffer = new ArrayBuffer(12 * offset[trees.length]!);
  const nodes = new Int32Array(buffer);
  const thresholds = new Float32Array(buffer);
  trees.forEach((tree, i) => {
    for (let node = 0; node < tree.nodes; node++) {
      const g = 3 * (offset[i]! + node);
      const leaf = tree.feature[node]! < 0;
      nodes[g] = leaf ? 0 : tree.feature[node]!;
      thresholds[g + 1] = leaf ? NaN : tree.threshold[node]!;
      nodes[g + 2] = leaf ? g - 3 : 3 * (offset[i]! + tree.left[node]!);
    }
  });
  return { nodes, thresholds, offset };
}

/** Walks packed trees in bulk, in the kernels' memory (forest-kernels.c leaves_of). */
export interface LeafWalker {
  /** the rows to walk, row r from element starts[r] (both written by the caller) */
  block: Float32Array;
  starts: Int32Array;
  /** the leaves (global node indices) in packed tree τ of rows 0 .. n−1, written into slot `slot` and returned (a view, valid until release) */
  walk(tau: number, n: number, slot: number): Int32Array;
  release(): void;
}

/** A walker for `p` with room for `maxRows` rows of m features and `slots` leaf arrays; release it when done. */
export function leafWalker(p: PackedTrees, m: number, maxRows: number, slots: number): LeafWalker {
  const lease = leaseKernelMemory({ nodes: ['i32', p.nodes.length], block: ['f32', maxRows * m], starts: ['i32', maxRows], leaves: ['i32', slots * maxRows] });
  const { view, ptr, kernels } = lease;
  view.nodes.set(p.nodes); // thresholds share the buffer: their bits come along
  return {
    block: view.block,
    starts: view.starts,
    walk(tau, n, slot) {
      if (n > maxRows || slot >= slots) throw new RangeError(`leafWalker: ${n} rows into slot ${slot} (room for ${maxRows} rows, ${slots} slots)`);
      kernels.leaves_of(ptr.nodes, 3 * p.offset[tau]!, ptr.block, ptr.starts, n, ptr.leaves + 4 * slot * maxRows);
      return view.leaves.subarray(slot * maxRows, slot * maxRows + n);
    },
    release: () => lease.release(),
  };
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
