// The policy network: an MLP from normalised features to one output per tactic (logits or Q).
// Weights are drawn from our own seeded Rng (not tfjs' Math.random-based initialisers), so a
// seed fixes the network bit for bit.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../lib/random.js';
import { MlpForward, type Activation, type DenseLayer } from './forward.js';

export interface MlpSpec {
  inputSize: number;
  hidden: readonly number[];
  outputs: number;
  activation?: 'relu' | 'tanh';
}

export function buildMlp(spec: MlpSpec, rng: Rng): tf.LayersModel {
  const act = spec.activation ?? 'relu';
  const model = tf.sequential();
  const sizes = [spec.inputSize, ...spec.hidden, spec.outputs];
  for (let l = 0; l < sizes.length - 1; l++) {
    const last = l === sizes.length - 2;
    model.add(
      tf.layers.dense({
        units: sizes[l + 1]!,
        activation: last ? 'linear' : act,
        inputShape: l === 0 ? [spec.inputSize] : undefined,
        kernelInitializer: 'zeros',
        biasInitializer: 'zeros',
      }),
    );
  }
  model.setWeights(glorotWeights(sizes, rng));
  return model;
}

/** Glorot-uniform kernels, zero biases, for consecutive layer sizes. */
export function glorotWeights(sizes: readonly number[], rng: Rng): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * limit;
    out.push(tf.tensor2d(w, [fanIn, fanOut]), tf.zeros([fanOut]));
  }
  return out;
}

/** Copies the weights of `from` into `to` (target networks); with tau < 1, Polyak averaging. */
export function copyWeights(from: tf.LayersModel, to: tf.LayersModel, tau = 1): void {
  tf.tidy(() => {
    const src = from.getWeights();
    const dst = to.getWeights();
    to.setWeights(tau >= 1 ? src : src.map((w, i) => w.mul(tau).add(dst[i]!.mul(1 - tau))));
  });
}

/** A same-shaped copy with the same weights (fresh variables). */
export function cloneMlp(model: tf.LayersModel, spec: MlpSpec, rng: Rng): tf.LayersModel {
  const copy = buildMlp(spec, rng);
  copyWeights(model, copy);
  return copy;
}

/** Plain-JS snapshot of a live model's weights (acting and evaluating inside training loops). */
export function snapshotForward(model: tf.LayersModel): MlpForward {
  const layers: DenseLayer[] = [];
  for (const layer of model.layers) {
    const [k, b] = layer.getWeights();
    if (!k || !b) continue;
    const cfg = layer.getConfig() as { activation?: string };
    layers.push({
      inSize: k.shape[0]!,
      outSize: k.shape[1]!,
      kernel: k.dataSync() as Float32Array,
      bias: b.dataSync() as Float32Array,
      activation: (cfg.activation ?? 'linear') as Activation,
    });
  }
  return new MlpForward(layers);
}

/** Rebuilds a trainable tfjs model from saved artifacts (fine-tuning, resuming). */
export async function modelFromArtifacts(a: { modelTopology: unknown; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer }): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData: a.weightData }));
}
