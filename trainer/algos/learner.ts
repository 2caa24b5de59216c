// One interface for every learning algorithm: the run loop (trainer/run.ts) calls iterate()
// and checkpoints/exports the networks without knowing which algorithm it drives.
import type * as tf from '@tensorflow/tfjs';
import type { Normalisation } from '../../core/features/normalisation.js';
import type { OutputKind } from '../../models/policy.js';

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
  /** counters that iterate() advances (gradient/env steps), saved in checkpoints */
  counters(): Record<string, number>;
  /**
   * After every net and the optimizer were restored from a checkpoint taken after `it`
   * iterations, with the counters saved then. Offline learners then continue bit for bit as an
   * uninterrupted run; online learners restart their environments and (Q) keep an empty replay
   * buffer, since neither is checkpointed.
   */
  restored(it: number, counters: Record<string, number>): void;
  dispose(): void;
}

/** Settings several algorithms share; each algorithm's config takes those it uses. */
export interface CommonConfig {
  seed: number;
  hidden: number[];
  lr: number;
  batchSize: number;
  gamma: number;
}

export const COMMON_DEFAULTS: Omit<CommonConfig, 'seed'> = { hidden: [64, 64], lr: 1e-3, batchSize: 256, gamma: 0.99 };
/** Which common settings count something (integers of at least this), for the settings schemas. */
export const COMMON_COUNTS = { hidden: 1, batchSize: 1 } as const;

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
