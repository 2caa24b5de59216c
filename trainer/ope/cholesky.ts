// Dense symmetric positive-definite solves for ridge regression (p ≈ 65: a Cholesky factor is
// microseconds, so no linear-algebra dependency is needed).

/** In-place lower Cholesky factor of the p×p row-major matrix `a` (upper triangle ignored). */
export function choleskyInPlace(a: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) {
    let diag = a[j * p + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * p + k]! ** 2;
    if (!(diag > 0)) throw new Error(`matrix is not positive definite (pivot ${j}: ${diag})`);
    const l = Math.sqrt(diag);
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let v = a[i * p + j]!;
      for (let k = 0; k < j; k++) v -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = v / l;
    }
  }
}

/** Solves (L Lᵀ) x = b for x, with L from choleskyInPlace; writes x into `out`. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= l[i * p + k]! * out[k]!;
    out[i] = v / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let v = out[i]!;
    for (let k = i + 1; k < p; k++) v -= l[k * p + i]! * out[k]!;
    out[i] = v / l[i * p + i]!;
  }
}
