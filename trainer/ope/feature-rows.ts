// The rows FQE regresses on: each decision's observation plus a constant 1 (the bias, last).
// Sparse observations (one-hot encodings, tabular test MDPs) are stored as index lists so that a
// dot product costs their non-zeros, not the full width: FQE refits per bootstrap resample stay cheap.
import type { PreparedData } from './prepared-data.js';

export interface FeatureRows {
  /** width including the bias */
  p: number;
  /** w[off .. off+p) · φ(s) */
  dot(w: Float64Array, off: number, s: number): number;
  /** b[0..p) += c φ(s) */
  addScaled(b: Float64Array, s: number, c: number): void;
  /** lower triangle of g (p×p) += c φ(s) φ(s)ᵀ */
  addOuter(g: Float64Array, s: number, c: number): void;
}

const SPARSE_BELOW = 0.25;

export function featureRows(d: PreparedData): FeatureRows {
  let nonZero = 0;
  const probe = Math.min(d.nSteps, 2000);
  for (let s = 0; s < probe; s++) for (const x of d.obs[s]!) if (x !== 0) nonZero++;
  return nonZero / Math.max(1, probe * d.obsDim) < SPARSE_BELOW ? sparseRows(d) : denseRows(d);
}

function denseRows(d: PreparedData): FeatureRows {
  const m = d.obsDim;
  const p = m + 1;
  return {
    p,
    dot(w, off, s) {
      const x = d.obs[s]!;
      let sum = w[off + m]!;
      for (let k = 0; k < m; k++) sum += w[off + k]! * x[k]!;
      return sum;
    },
    addScaled(b, s, c) {
      const x = d.obs[s]!;
      for (let k = 0; k < m; k++) b[k] += c * x[k]!;
      b[m] += c;
    },
    addOuter(g, s, c) {
      const x = d.obs[s]!;
      for (let i = 0; i < m; i++) {
        const xi = c * x[i]!;
        if (xi === 0) continue;
        const row = i * p;
        for (let k = 0; k <= i; k++) g[row + k] += xi * x[k]!;
      }
      const last = m * p;
      for (let k = 0; k < m; k++) g[last + k] += c * x[k]!;
      g[last + m] += c;
    },
  };
}

function sparseRows(d: PreparedData): FeatureRows {
  const m = d.obsDim;
  const p = m + 1;
  const idx: Int32Array[] = new Array(d.nSteps);
  const val: Float64Array[] = new Array(d.nSteps);
  for (let s = 0; s < d.nSteps; s++) {
    const x = d.obs[s]!;
    const is: number[] = [];
    for (let k = 0; k < m; k++) if (x[k] !== 0) is.push(k);
    idx[s] = Int32Array.from(is);
    val[s] = Float64Array.from(is, (k) => x[k]!);
  }
  return {
    p,
    dot(w, off, s) {
      const is = idx[s]!;
      const vs = val[s]!;
      let sum = w[off + m]!;
      for (let j = 0; j < is.length; j++) sum += w[off + is[j]!]! * vs[j]!;
      return sum;
    },
    addScaled(b, s, c) {
      const is = idx[s]!;
      const vs = val[s]!;
      for (let j = 0; j < is.length; j++) b[is[j]!] += c * vs[j]!;
      b[m] += c;
    },
    addOuter(g, s, c) {
      const is = idx[s]!;
      const vs = val[s]!;
      const last = m * p;
      for (let a = 0; a < is.length; a++) {
        const i = is[a]!;
        for (let b = 0; b <= a; b++) g[i * p + is[b]!] += c * vs[a]! * vs[b]!;
        g[last + i] += c * vs[a]!;
      }
      g[last + m] += c;
    },
  };
}
