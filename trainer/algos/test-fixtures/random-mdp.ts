// Small random MDPs with exactly computable optimal policies: the test bed on which every
// learning algorithm must find the value-iteration optimum before it meets the simulator.
import type { LoggedEpisode, LoggedStep } from '../../episodes.js';
import type { EnvBatch, FinishedEpisode, StepBatch, VecEnv } from '../../env.js';
import { Rng } from '../../../lib/random.js';

export interface TabularMdp {
  nS: number;
  nA: number;
  /** deterministic successor of (s, a) */
  next: Int32Array;
  /** reward of (s, a) */
  reward: Float64Array;
  /** probability that the episode ends after (s, a) */
  terminate: Float64Array;
  /** 1 = action allowed in state */
  mask: Uint8Array;
}

/** A random MDP: each state masks one random action; rewards uniform in [0, 1). */
export function randomMdp(seed: number, nS: number, nA: number, terminate = 0.2): TabularMdp {
  const rng = new Rng(seed);
  const next = new Int32Array(nS * nA);
  const reward = new Float64Array(nS * nA);
  const term = new Float64Array(nS * nA).fill(terminate);
  const mask = new Uint8Array(nS * nA).fill(1);
  for (let s = 0; s < nS; s++) {
    for (let a = 0; a < nA; a++) {
      next[s * nA + a] = rng.int(nS);
      reward[s * nA + a] = rng.next();
    }
    mask[s * nA + rng.int(nA)] = 0;
  }
  return { nS, nA, next, reward, terminate: term, mask };
}

/** Q* by value iteration; the optimal action per state; V* per state. */
export function valueIteration(m: TabularMdp, gamma: number, tol = 1e-10): { q: Float64Array; v: Float64Array; policy: Int32Array } {
  const q = new Float64Array(m.nS * m.nA);
  const v = new Float64Array(m.nS);
  const policy = new Int32Array(m.nS);
  for (let it = 0; it < 100_000; it++) {
    let delta = 0;
    for (let s = 0; s < m.nS; s++) {
      let best = -Infinity;
      for (let a = 0; a < m.nA; a++) {
        const i = s * m.nA + a;
        if (!m.mask[i]) continue;
        q[i] = m.reward[i]! + gamma * (1 - m.terminate[i]!) * v[m.next[i]!]!;
        if (q[i]! > best) {
          best = q[i]!;
          policy[s] = a;
        }
      }
      delta = Math.max(delta, Math.abs(best - v[s]!));
      v[s] = best;
    }
    if (delta < tol) break;
  }
  return { q, v, policy };
}

/** Exact value of a stochastic policy (probabilities per state × action), per state. */
export function policyValue(m: TabularMdp, gamma: number, probs: Float64Array, tol = 1e-10): Float64Array {
  const v = new Float64Array(m.nS);
  for (let it = 0; it < 100_000; it++) {
    let delta = 0;
    for (let s = 0; s < m.nS; s++) {
      let x = 0;
      for (let a = 0; a < m.nA; a++) {
        const i = s * m.nA + a;
        if (probs[i]) x += probs[i]! * (m.reward[i]! + gamma * (1 - m.terminate[i]!) * v[m.next[i]!]!);
      }
      delta = Math.max(delta, Math.abs(x - v[s]!));
      v[s] = x;
    }
    if (delta < tol) break;
  }
  return v;
}

export function oneHot(s: number, nS: number, out = new Float32Array(nS), offset = 0): Float32Array {
  out.fill(0, offset, offset + nS);
  out[offset + s] = 1;
  return out;
}

/** The MDP as a VecEnv: one-hot observations, uniform start state, a length cap (truncation). */
export class TabularVecEnv implements VecEnv {
  readonly obsSize: number;
  readonly numActions: number;
  private state: Int32Array;
  private ret: Float64Array;
  private len: Int32Array;
  private rng = new Rng(0);

  constructor(
    readonly mdp: TabularMdp,
    readonly numEnvs: number,
    readonly maxLength = 100,
  ) {
    this.obsSize = mdp.nS;
    this.numActions = mdp.nA;
    this.state = new Int32Array(numEnvs);
    this.ret = new Float64Array(numEnvs);
    this.len = new Int32Array(numEnvs);
  }

  reset(seed: number): EnvBatch {
    this.rng = new Rng(seed);
    for (let e = 0; e < this.numEnvs; e++) this.start(e);
    return this.batch();
  }

  step(actions: Int32Array): StepBatch {
    const { nA } = this.mdp;
    const reward = new Float32Array(this.numEnvs);
    const done = new Uint8Array(this.numEnvs);
    const truncated = new Uint8Array(this.numEnvs);
    const finished: FinishedEpisode[] = [];
    for (let e = 0; e < this.numEnvs; e++) {
      const i = this.state[e]! * nA + actions[e]!;
      if (!this.mdp.mask[i]) throw new Error(`env ${e}: action ${actions[e]} is masked in state ${this.state[e]}`);
      reward[e] = this.mdp.reward[i]!;
      this.ret[e] = this.ret[e]! + reward[e]!;
      this.len[e] = this.len[e]! + 1;
      const ended = this.rng.bool(this.mdp.terminate[i]!);
      const cut = !ended && this.len[e]! >= this.maxLength;
      if (ended || cut) {
        done[e] = 1;
        truncated[e] = cut ? 1 : 0;
        finished.push({ env: e, return: this.ret[e]!, length: this.len[e]! });
        this.start(e);
      } else {
        this.state[e] = this.mdp.next[i]!;
      }
    }
    return { ...this.batch(), reward, done, truncated, finished };
  }

  private start(e: number): void {
    this.state[e] = this.rng.int(this.mdp.nS);
    this.ret[e] = 0;
    this.len[e] = 0;
  }

  private batch(): EnvBatch {
    const { nS, nA } = this.mdp;
    const obs = new Float32Array(this.numEnvs * nS);
    const mask = new Uint8Array(this.numEnvs * nA);
    for (let e = 0; e < this.numEnvs; e++) {
      oneHot(this.state[e]!, nS, obs, e * nS);
      mask.set(this.mdp.mask.subarray(this.state[e]! * nA, (this.state[e]! + 1) * nA), e * nA);
    }
    return { obs, mask };
  }
}

/** ε-greedy around a deterministic policy, as probabilities per state × action. */
export function epsilonGreedyProbs(m: TabularMdp, policy: Int32Array, epsilon: number): Float64Array {
  const p = new Float64Array(m.nS * m.nA);
  for (let s = 0; s < m.nS; s++) {
    let allowed = 0;
    for (let a = 0; a < m.nA; a++) allowed += m.mask[s * m.nA + a]!;
    for (let a = 0; a < m.nA; a++) {
      const i = s * m.nA + a;
      p[i] = m.mask[i] ? epsilon / allowed + (a === policy[s] ? 1 - epsilon : 0) : 0;
    }
  }
  return p;
}

/** Logged episodes of a behaviour policy, with propensities, as offline learners read them. */
export function logEpisodes(m: TabularMdp, probs: Float64Array, episodes: number, seed: number, maxLength = 100): LoggedEpisode[] {
  const rng = new Rng(seed);
  const out: LoggedEpisode[] = [];
  for (let k = 0; k < episodes; k++) {
    let s = rng.int(m.nS);
    const steps: LoggedStep[] = [];
    for (let t = 0; t < maxLength; t++) {
      const row = probs.subarray(s * m.nA, (s + 1) * m.nA);
      const a = rng.categorical(row);
      const i = s * m.nA + a;
      steps.push({ obs: oneHot(s, m.nS), mask: m.mask.slice(s * m.nA, (s + 1) * m.nA), action: a, propensity: row[a]!, reward: m.reward[i]! });
      if (rng.bool(m.terminate[i]!)) break;
      s = m.next[i]!;
    }
    out.push({ id: `toy-${k}`, steps });
  }
  return out;
}
