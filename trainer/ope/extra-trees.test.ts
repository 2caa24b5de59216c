import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { growForests, growTree, leafOf, leafWalker, nodeValues, packTrees, type Matrix, type Tree } from './extra-trees.js';

/** n rows of m uniform features, packed. */
function randomMatrix(n: number, m: number, rng: Rng): Matrix {
  return { data: Float32Array.from({ length: n * m }, () => rng.next()), m };
}

function leafMeans(tree: Tree, x: Matrix, rows: Int32Array, y: Float64Array): Float64Array {
  const sums = new Float64Array(tree.nodes);
  const weights = new Float64Array(tree.nodes);
  for (const r of rows) {
    const leaf = leafOf(tree, x.data, r * x.m);
    sums[leaf] += y[r]!;
    weights[leaf] += 1;
  }
  const out = new Float64Array(tree.nodes);
  nodeValues(tree, sums, weights, out);
  return out;
}

describe('extremely randomised trees', () => {
  const rng = new Rng('trees');
  const x = randomMatrix(2000, 6, rng);
  const rows = Int32Array.from({ length: 2000 }, (_, i) => i);
  // a step in feature 2 and a slope in feature 4; the other features are noise
  const y = Float64Array.from(rows, (r) => (x.data[r * 6 + 2]! > 0.5 ? 10 : 0) + 2 * x.data[r * 6 + 4]!);

  it('finds the structure: training rows predicted within a fraction of the signal', () => {
    const tree = growTree(x, rows, y, new Rng(1), { minLeaf: 5 });
    const values = leafMeans(tree, x, rows, y);
    let sq = 0;
    for (const r of rows) sq += (values[leafOf(tree, x.data, r * 6)]! - y[r]!) ** 2;
    expect(Math.sqrt(sq / rows.length)).toBeLessThan(1); // the signal's sd is ≈ 5 (predicting the mean)
  });

  it('leaves hold at least minLeaf rows and parents come before their children', () => {
    const tree = growTree(x, rows, y, new Rng(2), { minLeaf: 7 });
    const counts = new Map<number, number>();
    for (const r of rows) {
      const leaf = leafOf(tree, x.data, r * 6);
      counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
    }
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(7);
    for (let node = 1; node < tree.nodes; node++) expect(tree.parent[node]).toBeLessThan(node);
  });

  it('predicts averages of seen targets only: far outside the data it stays within their range', () => {
    const tree = growTree(x, rows, y, new Rng(3));
    const values = leafMeans(tree, x, rows, y);
    const [lo, hi] = [Math.min(...y), Math.max(...y)];
    const probe = new Rng('probe');
    for (let k = 0; k < 500; k++) {
      const far = Float32Array.from({ length: 6 }, () => (probe.next() - 0.5) * 1e6);
      const v = values[leafOf(tree, far)]!;
      expect(v).toBeGreaterThanOrEqual(lo);
      expect(v).toBeLessThanOrEqual(hi);
    }
  });

  it('is reproducible from its seed, and another seed draws other cuts', () => {
    const a = growTree(x, rows, y, new Rng(4));
    const b = growTree(x, rows, y, new Rng(4));
    const c = growTree(x, rows, y, new Rng(5));
    expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
    expect(Array.from(c.threshold)).not.toEqual(Array.from(a.threshold));
  });

  it('does not split constant targets or constant features', () => {
    expect(growTree(x, rows, new Float64Array(2000).fill(3), new Rng(6)).nodes).toBe(1);
    const flat: Matrix = { data: new Float32Array(2000 * 6).fill(0.5), m: 6 };
    expect(growTree(flat, rows, y, new Rng(7)).nodes).toBe(1);
  });

  it('growForests grows the trees of as many growTree calls, group after group', () => {
    const groups = [rows.subarray(0, 1200), rows.subarray(700), rows.subarray(0, 3)];
    const rngA = new Rng(9);
    const one = groups.flatMap((g) => [0, 1].map(() => growTree(x, g, y, rngA, { minLeaf: 4 })));
    const all = growForests(x, groups, y, 2, new Rng(9), { minLeaf: 4 });
    expect(all.length).toBe(6);
    all.forEach((tree, i) => {
      expect(tree.nodes).toBe(one[i]!.nodes);
      expect(Array.from(tree.feature)).toEqual(Array.from(one[i]!.feature));
      expect(Array.from(tree.threshold)).toEqual(Array.from(one[i]!.threshold));
      expect(Array.from(tree.left)).toEqual(Array.from(one[i]!.left));
    });
    expect(all[4]!.nodes).toBe(1); // 3 rows cannot be split
  });

  it('packed trees walked in bulk reach the leaves leafOf reaches, NaN and infinities included', () => {
    const trees = [growTree(x, rows, y, new Rng(10)), growTree(x, rows, new Float64Array(2000), new Rng(11)), growTree(x, rows, y, new Rng(12), { minLeaf: 50 })];
    expect(trees[1]!.nodes).toBe(1); // a root-only tree
    const packed = packTrees(trees);
    // 1003 rows (not a multiple of the 8 walked in lockstep), some with NaN or ±∞ in a feature
    const probe = new Rng('packed');
    const n = 1003;
    const obs = Float32Array.from({ length: n * 6 }, () => probe.next());
    for (let r = 0; r < n; r += 7) obs[r * 6 + (r % 6)] = [NaN, Infinity, -Infinity][r % 3]!;
    // rows out of order in the block, as forEachLeafBlock hands them over
    const walker = leafWalker(packed, 6, n, 2);
    try {
      walker.block.set(obs);
      for (let r = 0; r < n; r++) walker.starts[r] = (n - 1 - r) * 6;
      trees.forEach((tree, tau) => {
        const leaves = walker.walk(tau, n, tau % 2);
        expect(leaves.length).toBe(n);
        for (let r = 0; r < n; r++) expect(leaves[r]).toBe(packed.offset[tau]! + leafOf(tree, obs, (n - 1 - r) * 6));
      });
      expect(() => walker.walk(0, n + 1, 0)).toThrow(RangeError);
    } finally {
      walker.release();
    }
  });

  it('an empty leaf (a bootstrap resample can empty one) takes its parent value', () => {
    const tree = growTree(x, rows, y, new Rng(8), { minLeaf: 20 });
    const sums = new Float64Array(tree.nodes);
    const weights = new Float64Array(tree.nodes);
    // only rows landing left of the root are counted
    const leftRows = rows.filter((r) => x.data[r * 6 + tree.feature[0]!]! <= tree.threshold[0]!);
    for (const r of leftRows) {
      const leaf = leafOf(tree, x.data, r * 6);
      sums[leaf] += y[r]!;
      weights[leaf] += 1;
    }
    const out = new Float64Array(tree.nodes);
    nodeValues(tree, sums, weights, out);
    const leftMean = leftRows.reduce((a, r) => a + y[r]!, 0) / leftRows.length;
    expect(out[tree.left[0]!]).toBeCloseTo(leftMean, 9);
    expect(out[tree.right[0]!]).toBeCloseTo(leftMean, 9); // no weight on the right: the root's (= left) mean
    expect(out[0]).toBeCloseTo(leftMean, 9);
  });
});
