// Benchmark experiment, not used by the learners (variant applyMlp-jsAdam of train-step.ts):
// Adam with its moments in plain Float32Arrays, one gradient read and one weight write per
// variable instead of tfjs' ~14 small kernels per variable. Same rule and defaults as
// tf.train.adam (β₁ 0.9, β₂ 0.999, ε 1e-7). It did not make a wasm step faster (BENCHMARKS.md),
// so per-kernel dispatch in the optimizer is not where the time goes.
import * as tf from '@tensorflow/tfjs';

type NamedTensor = { name: string; tensor: tf.Tensor };

export class JsAdam extends tf.Optimizer {
  static get className(): string {
    return 'JsAdam';
  }
  /** steps taken; β₁ᵗ and β₂ᵗ are recomputed from it, so a restored optimizer continues exactly */
  private t = 0;
  private readonly m = new Map<tf.Variable, Float32Array>();
  private readonly v = new Map<tf.Variable, Float32Array>();

  constructor(
    readonly learningRate: number,
    /** the variables in the order of getWeights/setWeights (fixes checkpoint layout) */
    private readonly vars: readonly tf.Variable[],
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-7,
  ) {
    super();
    for (const x of vars) {
      this.m.set(x, new Float32Array(x.size));
      this.v.set(x, new Float32Array(x.size));
    }
  }

  override applyGradients(grads: tf.NamedTensorMap | NamedTensor[]): void {
    const list = Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    const byName = new Map(this.vars.map((x) => [x.name, x]));
    const c1 = 1 - Math.pow(this.beta1, this.t + 1);
    const c2 = 1 - Math.pow(this.beta2, this.t + 1);
    const { beta1: b1, beta2: b2, epsilon: eps, learningRate: lr } = this;
    for (const { name, tensor } of list) {
      const x = byName.get(name);
      if (!x) throw new Error(`JsAdam: no variable ${name} among the ones it was built for`);
      const g = tensor.dataSync() as Float32Array;
      const w = (x.dataSync() as Float32Array).slice();
      const m = this.m.get(x)!;
      const v = this.v.get(x)!;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * gi;
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
        w[i] = w[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
      }
      const next = tf.tensor(w, x.shape, 'float32');
      x.assign(next);
      next.dispose();
    }
    this.t++;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [
      { name: 'iter', tensor: tf.scalar(this.t, 'int32') },
      ...this.vars.map((x) => ({ name: `${x.name}/m`, tensor: tf.tensor(this.m.get(x)!, x.shape) })),
      ...this.vars.map((x) => ({ name: `${x.name}/v`, tensor: tf.tensor(this.v.get(x)!, x.shape) })),
    ];
  }

  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const n = this.vars.length;
    if (weights.length !== 1 + 2 * n) throw new Error(`JsAdam: ${weights.length} saved weights, expected ${1 + 2 * n}`);
    this.t = (await weights[0]!.tensor.data())[0]!;
    this.vars.forEach((x, i) => {
      this.m.get(x)!.set(weights[1 + i]!.tensor.dataSync());
      this.v.get(x)!.set(weights[1 + n + i]!.tensor.dataSync());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  override dispose(): void {
    this.m.clear();
    this.v.clear();
  }
}
