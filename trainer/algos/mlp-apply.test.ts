// applyMlp must be the Layers forward pass with the same gradients, on every backend we train on.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { useBackend } from '../../models/backend.js';
import { buildMlp } from '../../models/mlp.js';
import { applyMlp } from './mlp-apply.js';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

describe.each(['cpu', 'wasm'] as const)('applyMlp on %s', (backend) => {
  it.each(['relu', 'tanh'] as const)('matches model.apply in outputs and in the gradient of every variable (%s)', async (activation) => {
    await useBackend(backend);
    const rng = new Rng(7);
    const model = buildMlp({ inputSize: 5, hidden: [8, 6], outputs: 3, activation }, rng);
    // non-zero biases, so a wrong bias gradient or a relu at the wrong place would show
    model.setWeights(model.getWeights().map((w) => tf.tidy(() => w.add(tf.randomUniform(w.shape, -0.3, 0.3, 'float32', 11)))));
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const x = tf.tensor2d(Array.from({ length: 40 }, () => rng.normal()), [8, 5]);
    const target = tf.tensor2d(Array.from({ length: 24 }, () => rng.normal()), [8, 3]);
    const loss = (f: () => tf.Tensor) => () => f().sub(target).square().mean() as tf.Scalar;

    const ref = tf.variableGrads(loss(() => model.apply(x) as tf.Tensor), vars);
    const ours = tf.variableGrads(loss(() => applyMlp(model, x)), vars);
    expect(maxAbsDiff(applyMlp(model, x), model.apply(x) as tf.Tensor)).toBeLessThan(1e-5);
    expect(Math.abs(ours.value.dataSync()[0]! - ref.value.dataSync()[0]!)).toBeLessThan(1e-5);
    for (const v of vars) {
      const g = ref.grads[v.name]!;
      expect(tf.tidy(() => g.abs().max().dataSync()[0]!)).toBeGreaterThan(0); // a real gradient
      expect(maxAbsDiff(ours.grads[v.name]!, g)).toBeLessThan(1e-5);
    }
    tf.dispose([x, target, ref.value, ours.value, ...Object.values(ref.grads), ...Object.values(ours.grads)]);
    model.dispose();
  });
});
