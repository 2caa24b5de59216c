// Evaluation of a policy in a VecEnv on a fixed seed: the same episodes for every policy and
// every evaluation during training, so returns are comparable across iterations and runs.
import { meanCi95, type MeanCi } from '../../lib/ci.js';
import { Rng } from '../../lib/random.js';
import type { Policy } from '../../models/policy.js';
import type { VecEnv } from '../env.js';

export interface EvalOptions {
  episodes: number;
  seed: number;
  /** play the most probable action instead of sampling */
  greedy?: boolean;
}

export function evaluateInEnv(env: VecEnv, policy: Policy, opts: EvalOptions): MeanCi {
  const rng = new Rng(opts.seed ^ 0x5bd1e995);
  const { numEnvs: E, obsSize: d, numActions: A } = env;
  let cur = env.reset(opts.seed);
  const returns: number[] = [];
  const actions = new Int32Array(E);
  while (returns.length < opts.episodes) {
    for (let e = 0; e < E; e++) {
      const p = policy.probs(cur.obs.subarray(e * d, e * d + d), cur.mask.subarray(e * A, e * A + A));
      actions[e] = opts.greedy ? argmax(p) : rng.categorical(p);
    }
    const step = env.step(actions);
    for (const f of step.finished) if (returns.length < opts.episodes) returns.push(f.return);
    cur = step;
  }
  return meanCi95(returns);
}

function argmax(p: Float64Array): number {
  let b = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[b]!) b = i;
  return b;
}

/** Mean/std of observations met by uniformly random allowed actions (online normalisation). */
export function randomRolloutObservations(env: VecEnv, steps: number, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  const { numEnvs: E, obsSize: d, numActions: A } = env;
  let cur = env.reset(seed);
  const rows: Float32Array[] = [];
  const actions = new Int32Array(E);
  for (let t = 0; t < steps; t++) {
    for (let e = 0; e < E; e++) {
      rows.push(cur.obs.slice(e * d, e * d + d));
      const allowed: number[] = [];
      for (let a = 0; a < A; a++) if (cur.mask[e * A + a]) allowed.push(a);
      actions[e] = rng.pick(allowed);
    }
    cur = env.step(actions);
  }
  return rows;
}
