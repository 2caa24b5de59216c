// Feature normalisation: fitted once by the trainer, stored in the policy bundle (policy.json
// `features.mean` / `features.std`, as ReAgent bakes its preprocessing into the exported model)
// and applied by whoever runs the network: the trainer's learners and the runtime's policy alike
// compute (x − mean) / std with the numbers the policy was trained with.

export interface Normalisation {
  mean: ArrayLike<number>;
  std: ArrayLike<number>;
}

/** A dimension whose variance is at most this (a std of 1e-6) is constant: std 1, centred, not blown up. */
const MIN_VARIANCE = 1e-12;

/**
 * Population mean and std per dimension, accumulated in float64 in row order, over rows of
 * `size` values. The trainer's bundles store exactly these numbers, so the arithmetic here is
 * part of what makes a seeded training run repeat bit for bit: change it and every retrained
 * bundle changes.
 */
export function fitNormalisation(rows: Iterable<ArrayLike<number>>, size: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(size);
  const sq = new Float64Array(size);
  let n = 0;
  for (const r of rows) {
    if (r.length !== size) throw new Error(`fitNormalisation: a row of ${r.length} values, expected ${size}`);
    for (let k = 0; k < size; k++) {
      sum[k] += r[k]!;
      sq[k] += r[k]! * r[k]!;
    }
    n++;
  }
  if (!n) throw new Error('fitNormalisation: no rows to fit a normalisation on');
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(sq, (s, k) => {
    const v = s / n - mean[k]! ** 2;
    return v > MIN_VARIANCE ? Math.sqrt(v) : 1;
  });
  return { mean, std };
}

/**
 * (obs[offset + i] − mean[i]) / std[i] into out[0..out.length); without a normalisation, a copy.
 * The one place both halves standardise an observation.
 */
export function normaliseInto(obs: ArrayLike<number>, norm: Normalisation | undefined, out: Float32Array, offset = 0): void {
  const d = out.length;
  if (!norm) {
    for (let i = 0; i < d; i++) out[i] = obs[offset + i]!;
    return;
  }
  for (let i = 0; i < d; i++) out[i] = (obs[offset + i]! - norm.mean[i]!) / norm.std[i]!;
}

/** Why a stored normalisation cannot be used for `size` features, or null when it can. */
export function normalisationProblem(norm: { mean?: unknown; std?: unknown }, size: number): string | null {
  const { mean, std } = norm;
  if (!Array.isArray(mean) || !Array.isArray(std)) return 'normalisation needs a mean and a std array';
  if (mean.length !== size || std.length !== size) return `normalisation has ${mean.length} means and ${std.length} stds for ${size} features`;
  const badMean = mean.findIndex((m) => typeof m !== 'number' || !Number.isFinite(m));
  if (badMean >= 0) return `normalisation mean #${badMean} is ${JSON.stringify(mean[badMean])}, not a finite number`;
  const badStd = std.findIndex((s) => typeof s !== 'number' || !Number.isFinite(s) || !(s > 0));
  if (badStd >= 0) return `normalisation std #${badStd} is ${JSON.stringify(std[badStd])}: std must be positive for every feature`;
  return null;
}
