// Multinomial logistic regression over hashed sparse features, trained by seeded SGD. Small,
// deterministic for a given data set and seed, and fast to apply (one pass over ~150 buckets).
import type { Rng } from '../lib/random.js';
import type { SparseFeatures } from './text-features.js';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty applied to the weights a sample touches (lazy, so training stays sparse) */
  l2: number;
  rng: Rng;
}

export const DEFAULT_TRAIN: Omit<TrainOptions, 'rng'> = { epochs: 20, learningRate: 0.6, l2: 1e-4 };

export class SoftmaxModel {
  /**
   * rows[rowOf[bucket] * classes + c]; rowOf[bucket] = -1 for a bucket without weights. A trained
   * model is dense (rowOf is the identity); a model read from a file keeps only the rows the
   * training data touched, so loading needs no scatter into a 2^16 × classes array.
   */
  readonly rows: Float32Array;
  readonly rowOf: Int32Array;
  readonly bias: Float32Array;
  readonly classes: number;
  readonly dim: number;

  constructor(dim: number, classes: number, sparse?: { buckets: Uint32Array; rows: Float32Array }) {
    this.dim = dim;
    this.classes = classes;
    this.bias = new Float32Array(classes);
    if (sparse) {
      if (sparse.rows.length !== sparse.buckets.length * classes) throw new Error(`softmax model: ${sparse.rows.length} weights for ${sparse.buckets.length} rows × ${classes} classes`);
      this.rows = sparse.rows;
      this.rowOf = new Int32Array(dim).fill(-1);
      sparse.buckets.forEach((b, k) => {
        if (b >= dim) throw new Error(`softmax model: bucket ${b} is outside the ${dim} features`);
        this.rowOf[b] = k;
      });
    } else {
      this.rows = new Float32Array(dim * classes);
      this.rowOf = Int32Array.from({ length: dim }, (_, b) => b);
    }
  }

  /** The weights of one bucket (a view), or undefined when it has none. */
  weightsOf(bucket: number): Float32Array | undefined {
    const r = this.rowOf[bucket]!;
    return r < 0 ? undefined : this.rows.subarray(r * this.classes, (r + 1) * this.classes);
  }

  /** row offsets of the features of one message (scratch for probabilities, grown on demand) */
  private bases = new Int32Array(256);

  /** Class probabilities written into `out` (length = classes). */
  probabilities(x: SparseFeatures, out: Float64Array): Float64Array {
    const C = this.classes;
    const w = this.rows;
    const rowOf = this.rowOf;
    const { idx, val } = x;
    // look each feature's row up once, then sum class by class in a local: the same additions in
    // the same order as summing feature by feature into out[c] (bias first, then features in
    // order), so the same bits, without a store and reload of out[c] per feature
    if (this.bases.length < idx.length) this.bases = new Int32Array(idx.length * 2);
    const bases = this.bases;
    const n = idx.length;
    for (let k = 0; k < n; k++) {
      const row = rowOf[idx[k]!]!;
      bases[k] = row < 0 ? -1 : row * C;
    }
    for (let c = 0; c < C; c++) {
      let acc: number = this.bias[c]!;
      for (let k = 0; k < n; k++) {
        const base = bases[k]!;
        if (base >= 0) acc += val[k]! * w[base + c]!;
      }
      out[c] = acc;
    }
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (out[c]! > max) max = out[c]!;
    let sum = 0;
    for (let c = 0; c < C; c++) {
      out[c] = Math.exp(out[c]! - max);
      sum += out[c]!;
    }
    for (let c = 0; c < C; c++) out[c] /= sum;
    return out;
  }

  static train(xs: readonly SparseFeatures[], ys: readonly number[], dim: number, classes: number, opts: TrainOptions): SoftmaxModel {
    const m = new SoftmaxModel(dim, classes);
    const order = xs.map((_, i) => i);
    const p = new Float64Array(classes);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffle(order, opts.rng);
      const lr = opts.learningRate / (1 + epoch * 0.2);
      for (const i of order) {
        const x = xs[i]!;
        m.probabilities(x, p);
        p[ys[i]!] -= 1; // gradient of the cross-entropy w.r.t. the logits
        // a new model is dense: row = bucket
        for (let k = 0; k < x.idx.length; k++) {
          const base = x.idx[k]! * classes;
          const v = x.val[k]!;
          for (let c = 0; c < classes; c++) {
            const w = m.rows[base + c]!;
            m.rows[base + c] = w - lr * (p[c]! * v + opts.l2 * w);
          }
        }
        for (let c = 0; c < classes; c++) m.bias[c] -= lr * p[c]!;
      }
    }
    return m;
  }
}

function shuffle(a: number[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
