// Masked categorical and Q operations in tfjs. Masked actions get a large negative offset, so a
// softmax gives them probability 0 and an argmax never picks them.
import * as tf from '@tensorflow/tfjs';

const NEG = 1e9;

/** out + (mask − 1)·1e9: masked entries sink out of softmax and argmax. mask is float 0/1. */
export function applyMask(out: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return out.add(mask.sub(1).mul(NEG));
}

export function maskedLogSoftmax(logits: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.logSoftmax(applyMask(logits, mask));
}

/** Entropy per row of the masked categorical. */
export function maskedEntropy(logp: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  // masked entries: p = 0 exactly, logp ≈ −1e9; multiply by mask so 0 · −1e9 never matters
  return logp.exp().mul(logp).mul(mask).sum(1).neg() as tf.Tensor1D;
}

/** Picks out[i, a[i]]. */
export function pick(out: tf.Tensor2D, actions: tf.Tensor1D, numActions: number): tf.Tensor1D {
  return out.mul(tf.oneHot(actions, numActions)).sum(1) as tf.Tensor1D;
}

/** logsumexp over allowed actions, per row (the CQL(H) regulariser's first term). */
export function maskedLogSumExp(q: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.logSumExp(applyMask(q, mask), 1) as tf.Tensor1D;
}
