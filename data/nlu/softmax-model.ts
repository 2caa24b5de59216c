// Multinomial logistic regression over hashed sparse features, trained by seeded SGD. Small,
// deterministic for a given data set and seed, and fast to apply (one pass over ~150 buckets).
import type { Rng } from '../random.js';
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
  /** weights[bucket * classes + c] */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly classes: number;
  readonly dim: number;

  constructor(dim: number, classes: number) {
    this.dim = dim;
    this.classes = classes;
    this.weights = new Float32Array(dim * classes);
    this.bias = new Float32Array(classes);
  }

  /** Class probabilities written into `out` (length = classes). */
  probabilities(x: SparseFeatures, out: Float64Array): Float64Array {
    const C = this.classes;
    const w = this.weights;
    for (let c = 0; c < C; c++) out[c] = this.bias[c]!;
    const { idx, val } = x;
    for (let k = 0; k < idx.length; k++) {
      const base = idx[k]! * C;
      const v = val[k]!;
      for (let c = 0; c < C; c++) out[c] += v * w[base + c]!;
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
        for (let k = 0; k < x.idx.length; k++) {
          const base = x.idx[k]! * classes;
          const v = x.val[k]!;
          for (let c = 0; c < classes; c++) {
            const w = m.weights[base + c]!;
            m.weights[base + c] = w - lr * (p[c]! * v + opts.l2 * w);
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
