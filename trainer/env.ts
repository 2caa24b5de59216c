// The environment contract between the simulator (or a small test MDP) and the learning
// algorithms: vectorised, flat typed arrays, auto-reset. Everything a learner needs and nothing
// about dealers, so that each algorithm can be tested on MDPs with known optimal policies.

export interface EnvBatch {
  /** numEnvs × obsSize, row-major */
  obs: Float32Array;
  /** numEnvs × numActions, 1 = allowed (tactic preconditions), 0 = masked */
  mask: Uint8Array;
}

export interface FinishedEpisode {
  env: number;
  /** undiscounted sum of rewards (dealer-minutes for the simulator) */
  return: number;
  length: number;
  /** free-form per-episode figures (calls, no_shows, burned, span_hours, …) */
  info?: Record<string, number>;
}

export interface StepBatch extends EnvBatch {
  reward: Float32Array;
  /** 1 where the episode ended at this step; that env's row of obs/mask is already the next episode's first */
  done: Uint8Array;
  /** 1 where the episode was cut by a length limit rather than ending (bootstrap through it) */
  truncated: Uint8Array;
  finished: FinishedEpisode[];
}

export interface VecEnv {
  readonly numEnvs: number;
  readonly obsSize: number;
  readonly numActions: number;
  /** Starts every env afresh; the same seed gives the same episodes. */
  reset(seed: number): EnvBatch;
  step(actions: Int32Array): StepBatch;
}
