// Transitions in flat typed arrays: the offline dataset (from LoggedEpisode[]) and the replay
// buffer of online learners are the same structure, so CQL can be fine-tuned online on top of
// its offline data.
import * as tf from '@tensorflow/tfjs';
import type { LoggedEpisode } from '../episodes.js';
import { normaliseInto, type Normalisation } from '../../core/features/normalisation.js';
import type { Rng } from '../../lib/random.js';

export class Transitions {
  readonly obs: Float32Array;
  readonly next: Float32Array;
  readonly mask: Float32Array;
  readonly nextMask: Float32Array;
  readonly action: Int32Array;
  readonly reward: Float32Array;
  readonly done: Float32Array;
  size = 0;
  private cursor = 0;

  constructor(
    readonly capacity: number,
    readonly obsSize: number,
    readonly numActions: number,
    readonly norm: Normalisation,
  ) {
    this.obs = new Float32Array(capacity * obsSize);
    this.next = new Float32Array(capacity * obsSize);
    this.mask = new Float32Array(capacity * numActions);
    this.nextMask = new Float32Array(capacity * numActions);
    this.action = new Int32Array(capacity);
    this.reward = new Float32Array(capacity);
    this.done = new Float32Array(capacity);
  }

  /** Adds one transition (raw observations; normalised here). Oldest is overwritten when full. */
  add(obs: ArrayLike<number>, o: number, mask: ArrayLike<number>, m: number, action: number, reward: number, next: ArrayLike<number>, no: number, nextMask: ArrayLike<number>, nm: number, done: boolean): void {
    const i = this.cursor;
    const d = this.obsSize;
    const A = this.numActions;
    normaliseInto(obs, this.norm, this.obs.subarray(i * d, i * d + d), o);
    normaliseInto(next, this.norm, this.next.subarray(i * d, i * d + d), no);
    for (let k = 0; k < A; k++) {
      this.mask[i * A + k] = mask[m + k]!;
      this.nextMask[i * A + k] = done ? 0 : nextMask[nm + k]!;
    }
    this.action[i] = action;
    this.reward[i] = reward;
    this.done[i] = done ? 1 : 0;
    this.cursor = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** A uniform minibatch as tensors (caller disposes). */
  sample(rng: Rng, batch: number): Batch {
    const d = this.obsSize;
    const A = this.numActions;
    const obs = new Float32Array(batch * d);
    const next = new Float32Array(batch * d);
    const mask = new Float32Array(batch * A);
    const nextMask = new Float32Array(batch * A);
    const action = new Int32Array(batch);
    const reward = new Float32Array(batch);
    const done = new Float32Array(batch);
    for (let b = 0; b < batch; b++) {
      const i = rng.int(this.size);
      obs.set(this.obs.subarray(i * d, i * d + d), b * d);
      next.set(this.next.subarray(i * d, i * d + d), b * d);
      mask.set(this.mask.subarray(i * A, i * A + A), b * A);
      nextMask.set(this.nextMask.subarray(i * A, i * A + A), b * A);
      action[b] = this.action[i]!;
      reward[b] = this.reward[i]!;
      done[b] = this.done[i]!;
    }
    return {
      obs: tf.tensor2d(obs, [batch, d]),
      next: tf.tensor2d(next, [batch, d]),
      mask: tf.tensor2d(mask, [batch, A]),
      nextMask: tf.tensor2d(nextMask, [batch, A]),
      action: tf.tensor1d(action, 'int32'),
      reward: tf.tensor1d(reward),
      done: tf.tensor1d(done),
    };
  }
}

export interface Batch {
  obs: tf.Tensor2D;
  next: tf.Tensor2D;
  mask: tf.Tensor2D;
  nextMask: tf.Tensor2D;
  action: tf.Tensor1D;
  reward: tf.Tensor1D;
  done: tf.Tensor1D;
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.obs, b.next, b.mask, b.nextMask, b.action, b.reward, b.done]);
}

export function datasetShape(episodes: readonly LoggedEpisode[]): { obsSize: number; numActions: number; steps: number } {
  const first = episodes.find((e) => e.steps.length > 0)?.steps[0];
  if (!first) throw new Error('the dataset has no logged decisions');
  let steps = 0;
  for (const e of episodes) {
    for (const [t, s] of e.steps.entries()) {
      if (s.obs.length !== first.obs.length || s.mask.length !== first.mask.length) throw new Error(`episode ${e.id} step ${t}: ${s.obs.length} features/${s.mask.length} actions, expected ${first.obs.length}/${first.mask.length}`);
      if (!(s.action >= 0 && s.action < s.mask.length) || !s.mask[s.action]) throw new Error(`episode ${e.id} step ${t}: logged action ${s.action} is not allowed by its mask`);
    }
    steps += e.steps.length;
  }
  return { obsSize: first.obs.length, numActions: first.mask.length, steps };
}

/** Episodes → transitions; the last decision of an episode is terminal. */
export function transitionsFromEpisodes(episodes: readonly LoggedEpisode[], norm: Normalisation, extraCapacity = 0): Transitions {
  const { obsSize, numActions, steps } = datasetShape(episodes);
  const t = new Transitions(steps + extraCapacity, obsSize, numActions, norm);
  for (const e of episodes) {
    for (let i = 0; i < e.steps.length; i++) {
      const s = e.steps[i]!;
      const n = e.steps[i + 1] ?? s;
      t.add(s.obs, 0, s.mask, 0, s.action, s.reward, n.obs, 0, n.mask, 0, i === e.steps.length - 1);
    }
  }
  return t;
}
