// The rows FQE regresses on: each decision's observation plus a constant 1 (the bias, last).
// Sparse observations (one-hot encodings, tabular test MDPs) are stored as index lists so that a
// dot product costs their non-zeros, not the full width: FQE refits per bootstrap resample stay cheap.
import type { PreparedData } from './prepared-data.js';

export interface FeatureRows {
  /** width including the bias */
  p: number;
  /** mean stored entries per row, bias included (p when dense): what one dot product costs */
  rowCost: number;
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
  for (let s = 0; s < probe; s++) {
    const x = d.obs[s]!;
    for (let k = 0; k < x.length; k++) if (x[k] !== 0) nonZero++;
  }
  return nonZero / Math.max(1, probe * d.obsDim) < SPARSE_BELOW ? sparseRows(d) : denseRows(d);
}

function denseRows(d: PreparedData): FeatureRows {
  const m = d.obsDim;
  const p = m + 1;
  return {
    p,
    rowCost: p,
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
  // compressed rows: step s's non-zeros are idx/val[rowStart[s] .. rowStart[s+1])
  const rowStart = new Int32Array(d.nSteps + 1);
  for (let s = 0; s < d.nSteps; s++) {
    const x = d.obs[s]!;
    let nz = 0;
    for (let k = 0; k < m; k++) if (x[k] !== 0) nz++;
    rowStart[s + 1] = rowStart[s]! + nz;
  }
  const idx = new Int32Array(rowStart[d.nSteps]!);
  const val = new Float64Array(rowStart[d.nSteps]!);
  for (let s = 0; s < d.nSteps; s++) {
    const x = d.obs[s]!;
    let j = rowStart[s]!;
    for (let k = 0; k < m; k++) {
      if (x[k] !== 0) {
        idx[j] = k;
        val[j++] = x[k]!;
      }
    }
  }
  return {
    p,
    rowCost: 1 + rowStart[d.nSteps]! / Math.max(1, d.nSteps),
    dot(w, off, s) {
      let sum = w[off + m]!;
      for (let j = rowStart[s]!, end = rowStart[s + 1]!; j < end; j++) sum += w[off + idx[j]!]! * val[j]!;
      return sum;
    },
    addScaled(b, s, c) {
      for (let j = rowStart[s]!, end = rowStart[s + 1]!; j < end; j++) b[idx[j]!] += c * val[j]!;
      b[m] += c;
    },
    addOuter(g, s, c) {
      const last = m * p;
      const s0 = rowStart[s]!;
      for (let a = s0, end = rowStart[s + 1]!; a < end; a++) {
        const i = idx[a]!;
        const ca = c * val[a]!;
        for (let b = s0; b <= a; b++) g[i * p + idx[b]!] += ca * val[b]!;
        g[last + i] += ca;
      }
      g[last + m] += c;
    },
  };
}
