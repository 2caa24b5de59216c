// One interface for every learning algorithm: the run loop (trainer/run.ts) calls iterate()
// and checkpoints/exports the networks without knowing which algorithm it drives.
import type * as tf from '@tensorflow/tfjs';
import type { Normalisation, OutputKind } from '../../models/policy.js';

export type AlgoName = 'bc' | 'cql' | 'dqn' | 'ppo';
export const ALGOS: readonly AlgoName[] = ['bc', 'cql', 'dqn', 'ppo'];

export interface IterationMetrics {
  loss: number;
  /** mean |TD error| of the batch (Q learners) */
  td_error?: number;
  /** mean entropy of the (masked) policy on the batch (bc, ppo) */
  entropy?: number;
  /** gradient steps so far */
  grad_steps: number;
  /** environment transitions so far (online learners) */
  env_steps?: number;
  /** mean undiscounted return of training episodes finished in this iteration (online) */
  train_return?: number;
  [extra: string]: number | undefined;
}

export interface Learner {
  readonly algo: AlgoName;
  readonly output: OutputKind;
  /** the network that is exported in the bundle */
  readonly policyNet: tf.LayersModel;
  /** every network and the optimizer, for checkpoints */
  readonly nets: Record<string, tf.LayersModel>;
  readonly optimizer: tf.Optimizer;
  readonly norm: Normalisation;
  /** one iteration (a gradient step offline, a collection + updates online); `it` seeds its randomness */
  iterate(it: number): IterationMetrics;
  /** after restoring weights from a checkpoint (target nets, JS snapshots) */
  restored(it: number): void;
  dispose(): void;
}

export interface CommonConfig {
  seed: number;
  hidden: number[];
  lr: number;
  batchSize: number;
  gamma: number;
}

export const COMMON_DEFAULTS: Omit<CommonConfig, 'seed'> = { hidden: [64, 64], lr: 1e-3, batchSize: 256, gamma: 0.99 };

/** Derives the Rng seed of iteration `it` so that a resumed run draws what the original did. */
export function iterationSeed(seed: number, it: number, stream = 0): number {
  let h = (seed ^ Math.imul(it + 1, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** Trainable variables of a model, so that an optimizer touches only that model (not targets). */
export function trainableVars(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
}
