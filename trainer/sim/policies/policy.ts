// The policy interface of the simulator: a policy sees what a real bot sees (the conversation's
// ObservedEvents and the tactic mask) and returns a probability vector over TACTICS, so that
// every decision has a known propensity. A learned policy plugs in by implementing `probs`.
import type { Lang } from '../../../core/lang.js';
import type { ObservedEvent } from '../../../core/observation.js';
import type { Rng } from '../../../lib/random.js';
import { NUM_TACTICS, TACTICS } from '../../../core/tactics.js';
import type { DealerSim } from '../dealer.js';

export interface PolicyView {
  /** the conversation so far, oldest first */
  readonly events: readonly ObservedEvent[];
  /** 1 = allowed, TACTICS order */
  readonly mask: Uint8Array;
  readonly lang: Lang;
  /** privileged: the simulator itself. Only the oracle reads it; a real bot has no such thing */
  readonly sim?: DealerSim;
}

export interface Policy {
  readonly id: string;
  /** probabilities over TACTICS (any non-negative weights; masked entries must be 0) */
  probs(view: PolicyView): ArrayLike<number>;
}

/** Draws a tactic; returns its index and propensity. Throws when the policy puts weight on a masked tactic. */
export function sampleTactic(policy: Policy, view: PolicyView, rng: Rng): { tactic: number; propensity: number } {
  const p = policy.probs(view);
  if (p.length !== NUM_TACTICS) throw new Error(`policy ${policy.id}: probs has length ${p.length}, expected ${NUM_TACTICS}`);
  let total = 0;
  for (let i = 0; i < NUM_TACTICS; i++) {
    const w = p[i]!;
    if (!(w >= 0)) throw new Error(`policy ${policy.id}: probability of ${TACTICS[i]} is ${w}`);
    if (w > 0 && !view.mask[i]) throw new Error(`policy ${policy.id}: puts weight on masked tactic ${TACTICS[i]}`);
    total += w;
  }
  if (!(total > 0)) throw new Error(`policy ${policy.id}: all probabilities are 0`);
  let r = rng.next() * total;
  let last = -1;
  for (let i = 0; i < NUM_TACTICS; i++) {
    const w = p[i]!;
    if (w <= 0) continue;
    last = i;
    r -= w;
    if (r < 0) return { tactic: i, propensity: w / total };
  }
  return { tactic: last, propensity: p[last]! / total };
}

/** ε-greedy exploration: (1-ε)·p + ε·uniform over the allowed tactics. */
export function withEpsilon(policy: Policy, epsilon: number): Policy {
  if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`epsilon must be in [0,1], got ${epsilon}`);
  if (epsilon === 0) return policy;
  const out = new Float64Array(NUM_TACTICS);
  return {
    id: policy.id,
    probs(view) {
      const p = policy.probs(view);
      let total = 0;
      let allowed = 0;
      for (let i = 0; i < NUM_TACTICS; i++) {
        total += p[i]!;
        allowed += view.mask[i]!;
      }
      for (let i = 0; i < NUM_TACTICS; i++) out[i] = view.mask[i] ? (1 - epsilon) * (p[i]! / total) + epsilon / allowed : 0;
      return out;
    },
  };
}

/** A one-hot vector (a deterministic policy's answer). */
export function oneHot(i: number, out = new Float64Array(NUM_TACTICS)): Float64Array {
  out.fill(0);
  out[i] = 1;
  return out;
}

/** First allowed tactic among `prefs` (indices), else the first allowed at all. */
export function firstAllowed(mask: Uint8Array, ...prefs: number[]): number {
  for (const t of prefs) if (mask[t]) return t;
  for (let i = 0; i < NUM_TACTICS; i++) if (mask[i]) return i;
  throw new Error('no tactic is allowed');
}
