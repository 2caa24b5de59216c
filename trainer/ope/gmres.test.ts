import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { solveFixedPoint } from './gmres.js';

/** A random non-negative, non-symmetric n×n M whose rows sum to `rate` (a contraction like the adjoint's). */
function contraction(n: number, rate: number, rng: Rng): Float64Array[] {
  return Array.from({ length: n }, () => {
    const row = Float64Array.from({ length: n }, () => (rng.bool(0.2) ? rng.next() : 0));
    const sum = row.reduce((a, v) => a + v, 0) || 1;
    return row.map((v) => (v / sum) * rate);
  });
}

const applyOf = (M: Float64Array[]) => (v: Float64Array, out: Float64Array) => {
  for (let i = 0; i < M.length; i++) {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += M[i]![j]! * v[j]!;
    out[i] = s;
  }
};

/** (I − M) x = b by Gaussian elimination with partial pivoting: the reference answer. */
function direct(M: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const A = M.map((row, i) => Float64Array.from(row, (v, j) => (i === j ? 1 : 0) - v));
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    [x[c], x[p]] = [x[p]!, x[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k < n; k++) A[r]![k] -= f * A[c]![k]!;
      x[r] -= f * x[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < n; k++) s -= A[r]![k]! * x[k]!;
    x[r] = s / A[r]![r]!;
  }
  return x;
}

const maxDiff = (a: Float64Array, b: Float64Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('solveFixedPoint (restarted GMRES)', () => {
  const rng = new Rng('gmres');
  const n = 80;
  const M = contraction(n, 0.95, rng);
  const b = Float64Array.from({ length: n }, () => rng.next());
  const exact = direct(M, b);

  it('solves x = b + Mx to its tolerance, in far fewer applications of M than fixed-point iteration', () => {
    const r = solveFixedPoint(applyOf(M), b, { tolerance: 1e-8 });
    expect(r.converged).toBe(true);
    expect(r.residual).toBeLessThanOrEqual(1e-8);
    expect(maxDiff(r.x, exact)).toBeLessThan(1e-6 * Math.max(...exact));
    // plain iteration x ← b + Mx to the same accuracy
    let x = Float64Array.from(b);
    const next = new Float64Array(n);
    let sweeps = 0;
    while (maxDiff(x, exact) >= 1e-6 * Math.max(...exact)) {
      applyOf(M)(x, next);
      x = next.map((v, i) => v + b[i]!);
      sweeps++;
    }
    expect(r.iterations).toBeLessThan(sweeps / 3);
  });

  it('restarts when its basis is full and still converges', () => {
    const r = solveFixedPoint(applyOf(M), b, { tolerance: 1e-8, restart: 3 });
    expect(r.converged).toBe(true);
    expect(maxDiff(r.x, exact)).toBeLessThan(1e-6 * Math.max(...exact));
  });

  it('stops at its cap and says it did not converge', () => {
    const r = solveFixedPoint(applyOf(M), b, { tolerance: 1e-12, maxIterations: 4 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBeLessThanOrEqual(5);
    expect(r.residual).toBeGreaterThan(1e-12);
  });

  it('returns b itself when M is zero, and zero for b = 0', () => {
    const zero = Array.from({ length: 4 }, () => new Float64Array(4));
    const b4 = Float64Array.of(1, 2, 3, 4);
    expect(Array.from(solveFixedPoint(applyOf(zero), b4, { tolerance: 1e-10 }).x)).toEqual([1, 2, 3, 4]);
    const r = solveFixedPoint(applyOf(M), new Float64Array(n), { tolerance: 1e-10 });
    expect(r.iterations).toBe(0);
    expect(Math.max(...r.x.map(Math.abs))).toBe(0);
  });
});
