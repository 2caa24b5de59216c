// Small finite-horizon (PO)MDPs with known dynamics, for verifying OPE against exact values.
// Observations are one-hot over (observation id, decision index), so a tabular FQE can represent
// Q exactly whenever the observation is the state (and cannot when states are merged: ModelFail).
import type { LoggedEpisode, LoggedStep } from '../../episodes.js';
import { Rng } from '../../../lib/random.js';
import type { PolicyProbabilities } from '../policy.js';

export interface Outcome {
  p: number;
  next: number;
  reward: number;
  done: boolean;
}

export interface TabularMdp {
  name: string;
  nActions: number;
  nObs: number;
  /** maximum decisions per episode */
  horizon: number;
  start: number;
  observe(state: number): number;
  outcomes(state: number, action: number, t: number): Outcome[];
}

/** A memoryless policy over observation ids: probabilities per action. */
export type TabularPolicy = (obsId: number, t: number) => number[];

/** Exact value by propagating the state distribution forward (exact for memoryless policies). */
export function exactValue(mdp: TabularMdp, policy: TabularPolicy, gamma = 1): number {
  let dist = new Map<number, number>([[mdp.start, 1]]);
  let value = 0;
  for (let t = 0; t < mdp.horizon && dist.size; t++) {
    const next = new Map<number, number>();
    for (const [s, ps] of dist) {
      const probs = policy(mdp.observe(s), t);
      for (let a = 0; a < mdp.nActions; a++) {
        if (!probs[a]) continue;
        for (const o of mdp.outcomes(s, a, t)) {
          const p = ps * probs[a]! * o.p;
          value += p * gamma ** t * o.reward;
          if (!o.done) next.set(o.next, (next.get(o.next) ?? 0) + p);
        }
      }
    }
    dist = next;
  }
  return value;
}

export function encodeObs(mdp: TabularMdp, obsId: number, t: number): Float32Array {
  const x = new Float32Array(mdp.nObs * mdp.horizon);
  x[obsId * mdp.horizon + t] = 1;
  return x;
}

/** The target policy in the form evaluatePolicy takes: decodes the one-hot observation. */
export function asPolicyProbabilities(mdp: TabularMdp, policy: TabularPolicy): PolicyProbabilities {
  return (obs) => {
    const k = obs.indexOf(1);
    return Float64Array.from(policy(Math.floor(k / mdp.horizon), k % mdp.horizon));
  };
}

export function sampleEpisodes(mdp: TabularMdp, behaviour: TabularPolicy, n: number, rng: Rng): LoggedEpisode[] {
  const mask = new Uint8Array(mdp.nActions).fill(1);
  // observations are read-only downstream: one encoding per (observation, decision) is shared
  const encoded = new Map<number, Float32Array>();
  const encode = (obsId: number, t: number): Float32Array => {
    const key = obsId * mdp.horizon + t;
    let x = encoded.get(key);
    if (!x) encoded.set(key, (x = encodeObs(mdp, obsId, t)));
    return x;
  };
  const episodes: LoggedEpisode[] = [];
  for (let i = 0; i < n; i++) {
    const steps: LoggedStep[] = [];
    let s = mdp.start;
    for (let t = 0; t < mdp.horizon; t++) {
      const obsId = mdp.observe(s);
      const probs = behaviour(obsId, t);
      const a = rng.categorical(probs);
      const outs = mdp.outcomes(s, a, t);
      const o = outs[rng.categorical(outs.map((x) => x.p))]!;
      steps.push({ obs: encode(obsId, t), mask, action: a, propensity: probs[a]!, reward: o.reward });
      if (o.done) break;
      s = o.next;
    }
    episodes.push({ id: `${mdp.name}-${i}`, steps, initialReward: 0 });
  }
  return episodes;
}

/** Constant action probabilities [p(a0), 1 − p(a0)], whatever the observation. */
export const constant = (pA0: number): TabularPolicy => () => [pA0, 1 - pA0];

/**
 * ModelWin (Thomas & Brunskill 2016): from s1, a0 reaches s2 (+1) w.p. 0.4 and s3 (−1) w.p. 0.6,
 * a1 the reverse; s2 and s3 return to s1 with reward 0. Fully observable, 20 decisions.
 */
export const modelWin: TabularMdp = {
  name: 'ModelWin',
  nActions: 2,
  nObs: 3,
  horizon: 20,
  start: 0,
  observe: (s) => s,
  outcomes(s, a, t) {
    const done = t === this.horizon - 1;
    if (s !== 0) return [{ p: 1, next: 0, reward: 0, done }];
    const pUp = a === 0 ? 0.4 : 0.6;
    return [
      { p: pUp, next: 1, reward: 1, done },
      { p: 1 - pUp, next: 2, reward: -1, done },
    ];
  },
};

/**
 * ModelFail (Thomas & Brunskill 2016): from s0, a0 reaches s1 w.p. 0.25 and s2 w.p. 0.75, a1 the
 * reverse (reward 0); the second decision earns +1 in s1 and −1 in s2 whatever the action. s1 and
 * s2 look the same, so a model of the observations cannot tell which one it is in.
 */
export const modelFail: TabularMdp = {
  name: 'ModelFail',
  nActions: 2,
  nObs: 2,
  horizon: 2,
  start: 0,
  observe: (s) => (s === 0 ? 0 : 1),
  outcomes(s, a) {
    if (s === 0) {
      const p1 = a === 0 ? 0.25 : 0.75;
      return [
        { p: p1, next: 1, reward: 0, done: false },
        { p: 1 - p1, next: 2, reward: 0, done: false },
      ];
    }
    return [{ p: 1, next: 0, reward: s === 1 ? 1 : -1, done: true }];
  },
};

/**
 * Graph (Voloshin et al. 2019, COBS): a chain of layers of an upper (odd) and a lower (even)
 * state, L decisions. From the start, a0 goes up, a1 down; from a middle state, a0 goes to the
 * next layer's upper state, a1 to its lower one; with slippage the move goes the other way w.p.
 * 0.25. Entering an upper state earns +1, a lower one −1; the last decision, from the final layer,
 * earns +1 (upper) or −1 (lower) again and ends the episode.
 */
export function graph(length: number, slippage: boolean): TabularMdp {
  const slip = slippage ? 0.25 : 0;
  const lastUpper = 2 * length - 3;
  const lastLower = 2 * length - 2;
  const move = (s: number, a: number): number => {
    if (s === 0) return a === 0 ? 1 : 2;
    const upperNext = s % 2 === 1 ? s + 2 : s + 1;
    return a === 0 ? upperNext : upperNext + 1;
  };
  const enter = (next: number, p: number): Outcome => ({ p, next, reward: next % 2 === 1 ? 1 : -1, done: false });
  return {
    name: `Graph-${length}${slippage ? '-slippage' : ''}`,
    nActions: 2,
    nObs: 2 * length - 1,
    horizon: length,
    start: 0,
    observe: (s) => s,
    outcomes(s, a) {
      if (s === lastUpper || s === lastLower) return [{ p: 1, next: 0, reward: s === lastUpper ? 1 : -1, done: true }];
      const intended = move(s, a);
      const other = move(s, 1 - a);
      return slip ? [enter(intended, 1 - slip), enter(other, slip)] : [enter(intended, 1)];
    },
  };
}
