// Restarted GMRES (Saad & Schultz 1986) for x = b + M x, i.e. (I − M) x = b, given only x ↦ M x.
// The forest's adjoint is such a system, and plain fixed-point iteration contracts it by only
// ~0.94 a step on 20-decision conversations (over a hundred sweeps to 1e-3); GMRES needs a few
// dozen of the same sweeps, because it combines all of them instead of keeping the last.

export interface GmresOptions {
  /** stop when ‖b − (I − M) x‖₂ ≤ tolerance · ‖b‖₂ */
  tolerance: number;
  /** Krylov vectors kept before a restart (memory: restart + 1 vectors of b's length) */
  restart?: number;
  /** cap on applications of M (the last residual check may take one more) */
  maxIterations?: number;
}

export interface GmresResult {
  x: Float64Array;
  /** applications of M */
  iterations: number;
  converged: boolean;
  /** final ‖b − (I − M) x‖₂ / ‖b‖₂ */
  residual: number;
}

/** `apply(v, out)` writes M v into out (v must not be modified). Starts from x = b. */
export function solveFixedPoint(apply: (v: Float64Array, out: Float64Array) => void, b: Float64Array, opts: GmresOptions): GmresResult {
  const n = b.length;
  const m = Math.max(1, opts.restart ?? 20);
  const maxIterations = opts.maxIterations ?? 500;
  const x = Float64Array.from(b);
  const bNorm = norm(b);
  if (bNorm === 0) return { x, iterations: 0, converged: true, residual: 0 };
  const target = opts.tolerance * bNorm;
  const V = Array.from({ length: m + 1 }, () => new Float64Array(n));
  const w = new Float64Array(n);
  // H column by column, rotated into upper-triangular form as it grows
  const H = Array.from({ length: m }, () => new Float64Array(m + 1));
  const cs = new Float64Array(m);
  const sn = new Float64Array(m);
  const g = new Float64Array(m + 1);
  let iterations = 0;

  // r = b − (x − M x), written into V[0]; returns ‖r‖
  const residual = (): number => {
    apply(x, w);
    iterations++;
    const r = V[0]!;
    for (let i = 0; i < n; i++) r[i] = b[i]! - x[i]! + w[i]!;
    return norm(r);
  };
  let beta = residual();
  while (beta > target && iterations < maxIterations) {
    scale(V[0]!, 1 / beta);
    g.fill(0);
    g[0] = beta;
    let k = 0; // Krylov vectors used this cycle
    while (k < m && iterations < maxIterations) {
      const v = V[k]!;
      const h = H[k]!;
      apply(v, w);
      iterations++;
      for (let i = 0; i < n; i++) w[i] = v[i]! - w[i]!; // w = (I − M) v
      // modified Gram–Schmidt against the basis so far
      for (let j = 0; j <= k; j++) {
        const hj = dot(w, V[j]!);
        h[j] = hj;
        axpy(-hj, V[j]!, w);
      }
      const hNext = norm(w);
      h[k + 1] = hNext;
      // earlier rotations, then one that zeroes h[k + 1]
      for (let j = 0; j < k; j++) {
        const t = cs[j]! * h[j]! + sn[j]! * h[j + 1]!;
        h[j + 1] = -sn[j]! * h[j]! + cs[j]! * h[j + 1]!;
        h[j] = t;
      }
      const r = Math.hypot(h[k]!, h[k + 1]!);
      cs[k] = h[k]! / r;
      sn[k] = h[k + 1]! / r;
      h[k] = r;
      h[k + 1] = 0;
      g[k + 1] = -sn[k]! * g[k]!;
      g[k] = cs[k]! * g[k]!;
      k++;
      // a zero norm means the Krylov space holds the exact solution (lucky breakdown)
      if (Math.abs(g[k]!) <= target || hNext === 0) break;
      V[k]!.set(w);
      scale(V[k]!, 1 / hNext);
    }
    // x += V y with H y = g (back substitution on the rotated, upper-triangular H)
    const y = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      let s = g[i]!;
      for (let j = i + 1; j < k; j++) s -= H[j]![i]! * y[j]!;
      y[i] = s / H[i]![i]!;
    }
    for (let j = 0; j < k; j++) axpy(y[j]!, V[j]!, x);
    // the true residual, not the recurrence's, decides (and seeds the next cycle)
    beta = residual();
  }
  return { x, iterations, converged: beta <= target, residual: beta / bNorm };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scale(a: Float64Array, c: number): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! * c;
}

/** y += c · x */
function axpy(c: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = y[i]! + c * x[i]!;
}
