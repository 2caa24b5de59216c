// Feature normalisation fitted on data and stored with the policy, as ReAgent bakes its
// preprocessing into the exported model: the runtime applies exactly the mean/std the policy
// was trained with, and a bundle fitted on another feature version is refused.
import { z } from 'zod';
import { InputError } from '../../lib/errors.js';
import { FEATURE_NAMES, FEATURES_VERSION } from './feature-names.js';

export const NORMALIZER_FORMAT = 'dealerbot-feature-normalizer';
/** Below this, a dimension is treated as constant: centred, not scaled. */
const MIN_STD = 1e-6;

export interface FeatureNormalizer {
  format: typeof NORMALIZER_FORMAT;
  features: { version: number; names: string[] };
  /** vectors the statistics were fitted on */
  count: number;
  mean: number[];
  std: number[];
}

/** Mean and (population) std per dimension, in float64, over row-major `size`-wide vectors. */
export function fitNormalizer(vectors: Iterable<Float32Array> | { data: Float32Array; rows: number }): FeatureNormalizer {
  const size = FEATURE_NAMES.length;
  const sum = new Float64Array(size);
  const sumSq = new Float64Array(size);
  let count = 0;
  const add = (v: Float32Array, o: number) => {
    for (let j = 0; j < size; j++) {
      const x = v[o + j]!;
      sum[j]! += x;
      sumSq[j]! += x * x;
    }
    count++;
  };
  if ('data' in vectors && 'rows' in vectors) {
    for (let r = 0; r < vectors.rows; r++) add(vectors.data, r * size);
  } else {
    for (const v of vectors) {
      if (v.length !== size) throw new Error(`fitNormalizer: vector of length ${v.length}, expected ${size}`);
      add(v, 0);
    }
  }
  if (!count) throw new Error('fitNormalizer: no vectors to fit on');
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < size; j++) {
    const m = sum[j]! / count;
    const variance = Math.max(0, sumSq[j]! / count - m * m);
    const s = Math.sqrt(variance);
    mean.push(m);
    std.push(s < MIN_STD ? 1 : s);
  }
  return { format: NORMALIZER_FORMAT, features: { version: FEATURES_VERSION, names: [...FEATURE_NAMES] }, count, mean, std };
}

/** (x - mean) / std in place, on one vector at out[offset..offset+size). */
export function applyNormalizer(n: FeatureNormalizer, v: Float32Array, offset = 0): Float32Array {
  const { mean, std } = n;
  for (let j = 0; j < mean.length; j++) v[offset + j] = (v[offset + j]! - mean[j]!) / std[j]!;
  return v;
}

const schema = z.strictObject({
  format: z.literal(NORMALIZER_FORMAT),
  features: z.strictObject({ version: z.number().int(), names: z.array(z.string()) }),
  count: z.number().int().positive(),
  mean: z.array(z.number().finite()),
  std: z.array(z.number().finite().positive()),
});

/** Validates a stored normaliser against the code's feature version and names. */
export function parseNormalizer(raw: unknown, file = '<normalizer>'): FeatureNormalizer {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(file, undefined, `${issue.path.join('.') || 'normalizer'}: ${issue.message}`, 'E_FEATURES');
  }
  const n = r.data;
  if (n.features.version !== FEATURES_VERSION) {
    throw new InputError(file, undefined, `features version ${n.features.version}, this code computes version ${FEATURES_VERSION}: refit the normalizer (and retrain the policy) on features v${FEATURES_VERSION}`, 'E_FEATURES');
  }
  const names = FEATURE_NAMES;
  const bad = n.features.names.length !== names.length ? -1 : n.features.names.findIndex((x, i) => x !== names[i]);
  if (n.features.names.length !== names.length || bad >= 0) {
    throw new InputError(file, undefined, `feature names differ from the code (${bad >= 0 ? `dimension ${bad}: "${n.features.names[bad]}" vs "${names[bad]}"` : `${n.features.names.length} vs ${names.length} names`}): refit the normalizer`, 'E_FEATURES');
  }
  if (n.mean.length !== names.length || n.std.length !== names.length) {
    throw new InputError(file, undefined, `mean/std must have ${names.length} entries`, 'E_FEATURES');
  }
  return n as FeatureNormalizer;
}
