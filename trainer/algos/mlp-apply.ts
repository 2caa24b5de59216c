// The policy MLP's forward pass for training, with a hand-written gradient per dense layer.
// Why: tfjs-backend-wasm sends every matmul with a transposed operand (both backward matmuls
// of a dense layer) to a slow reference loop instead of XNNPACK — about 4× slower than an
// explicit transpose followed by a plain matmul (scripts/bench/train-step.ts, BENCHMARKS.md).
// The weights stay the LayersModel's own variables, so optimizers, checkpoints and bundles are
// untouched; only the arithmetic of the gradient is arranged differently.
import * as tf from '@tensorflow/tfjs';

interface DenseParams {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  activation: Activation;
}

type Activation = 'relu' | 'tanh' | 'linear';

function denseParams(model: tf.LayersModel): DenseParams[] {
  return model.layers.flatMap((layer) => {
    const ws = layer.weights;
    if (ws.length === 0) return [];
    const act = (layer.getConfig() as { activation?: string }).activation ?? 'linear';
    if (ws.length !== 2 || !['relu', 'tanh', 'linear'].includes(act)) throw new Error(`applyMlp handles dense relu/tanh/linear layers only, not ${layer.name} (${act})`);
    return [{ kernel: ws[0]!.read() as tf.Tensor2D, bias: ws[1]!.read() as tf.Tensor1D, activation: act as Activation }];
  });
}

/** aᵀ·b, or a·bᵀ: explicit transposes on wasm (XNNPACK path), transpose flags elsewhere. */
function matMulT(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
}

const denseCache = new Map<string, (x: tf.Tensor2D, k: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D>();

/** y = act(x·K + b); with dz = dy·act'(y): dK = xᵀ·dz, db = Σ dz, dx = dz·Kᵀ (not for the input layer). */
function denseOp(activation: Activation, needInputGrad: boolean) {
  const key = `${activation}/${needInputGrad}`;
  let op = denseCache.get(key);
  if (!op) {
    op = tf.customGrad((x, k, b, save) => {
      const z = tf.fused.matMul({ a: x as tf.Tensor2D, b: k as tf.Tensor2D, bias: b as tf.Tensor, activation: activation === 'relu' ? 'relu' : 'linear' });
      const y = activation === 'tanh' ? tf.tanh(z) : z;
      (save as tf.GradSaveFunc)([x as tf.Tensor, k as tf.Tensor, y]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, ks, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const dz = (activation === 'relu' ? dy.mul(tf.step(ys)) : activation === 'tanh' ? dy.mul(tf.scalar(1).sub(ys.square())) : dy) as tf.Tensor2D;
          const dx = needInputGrad ? matMulT(dz, ks, false, true) : tf.zerosLike(xs);
          return [dx, matMulT(xs, dz, true, false), dz.sum(0)];
        },
      };
    }) as unknown as (x: tf.Tensor2D, k: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
    denseCache.set(key, op);
  }
  return op;
}

/**
 * The model's output for `x`, differentiable with respect to the model's variables (use inside
 * optimizer.minimize / variableGrads). Same values as `model.apply(x)` for dense relu/tanh/linear MLPs.
 */
export function applyMlp(model: tf.LayersModel, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  denseParams(model).forEach((p, l) => {
    h = denseOp(p.activation, l > 0)(h, p.kernel, p.bias);
  });
  return h;
}
