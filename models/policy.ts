// A policy: a probability for each tactic given features and the precondition mask. The runtime
// samples from it and logs the chosen tactic's probability (propensity) for off-policy learning.
import { normaliseInto, type Normalisation } from '../core/features/normalisation.js';
import type { MlpForward } from './forward.js';

export interface Policy {
  readonly numActions: number;
  /** probabilities over actions, 0 exactly where mask is 0; throws when nothing is allowed */
  probs(obs: Float32Array, mask: Uint8Array): Float64Array;
}

export type OutputKind = 'logits' | 'q';

export interface ExplorationSettings {
  /** softmax temperature over the outputs; 0 = argmax */
  temperature: number;
  /** share of probability spread uniformly over allowed actions (ε-greedy when temperature is 0) */
  epsilon: number;
}

/**
 * From network outputs to probabilities over allowed actions:
 * (1 − ε) · softmax(out / T) (argmax when T = 0) + ε · uniform, all restricted to the mask.
 * Logits and Q use the same rule; they differ only in their usual settings (T = 1 for logits,
 * T = 0 with ε for Q).
 */
export function outputProbs(out: ArrayLike<number>, mask: Uint8Array, x: ExplorationSettings, into?: Float64Array): Float64Array {
  const n = mask.length;
  const p = into ?? new Float64Array(n);
  let allowed = 0;
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    allowed++;
    if (best < 0 || out[i]! > out[best]!) best = i;
  }
  if (allowed === 0) throw new Error('no action is allowed by the mask');
  if (x.temperature > 0) {
    let z = 0;
    const top = out[best]!;
    for (let i = 0; i < n; i++) {
      const e = mask[i] ? Math.exp((out[i]! - top) / x.temperature) : 0;
      p[i] = e;
      z += e;
    }
    for (let i = 0; i < n; i++) p[i] = p[i]! / z;
  } else {
    p.fill(0);
    p[best] = 1;
  }
  if (x.epsilon > 0) {
    const u = x.epsilon / allowed;
    for (let i = 0; i < n; i++) p[i] = mask[i] ? (1 - x.epsilon) * p[i]! + u : 0;
  }
  return p;
}

/** Index of the largest output among allowed actions (first on ties). */
export function maskedArgmax(out: ArrayLike<number>, mask: ArrayLike<number>, offset = 0, n = mask.length - offset): number {
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (!mask[offset + i]) continue;
    if (best < 0 || out[offset + i]! > out[offset + best]!) best = i;
  }
  return best;
}

/** A policy over the plain-JS MLP (no tfjs): normalise → forward → outputProbs. */
export class MlpPolicy implements Policy {
  readonly numActions: number;
  private readonly x: Float32Array;
  private readonly out: Float32Array;

  constructor(
    readonly net: MlpForward,
    readonly exploration: ExplorationSettings,
    readonly norm?: Normalisation,
  ) {
    this.numActions = net.outputSize;
    this.x = new Float32Array(net.inputSize);
    this.out = new Float32Array(net.outputSize);
  }

  /** raw network outputs (logits or Q) for one observation */
  outputs(obs: Float32Array): Float32Array {
    if (obs.length !== this.x.length) throw new Error(`observation has ${obs.length} features, the network expects ${this.x.length}`);
    normaliseInto(obs, this.norm, this.x);
    return this.net.forward(this.x, this.out);
  }

  probs(obs: Float32Array, mask: Uint8Array): Float64Array {
    if (mask.length !== this.numActions) throw new Error(`mask has ${mask.length} actions, the network has ${this.numActions}`);
    return outputProbs(this.outputs(obs), mask, this.exploration);
  }

  /** the most probable allowed action */
  greedy(obs: Float32Array, mask: Uint8Array): number {
    return maskedArgmax(this.outputs(obs), mask);
  }
}
