import { describe, expect, it } from 'vitest';
import { NUM_TACTICS } from '../../core/tactics.js';
import { defaultPersonaMix } from './persona.js';
import { TinyEncoder } from './test-fixtures/tiny-encoder.js';
import { SimVecEnv } from './vec-env.js';

const mix = defaultPersonaMix();
const make = () => new SimVecEnv({ numEnvs: 4, mix, encoder: () => new TinyEncoder() });

function firstAllowed(mask: Uint8Array, env: number, pref: number): number {
  if (mask[env * NUM_TACTICS + pref]) return pref;
  for (let a = 0; a < NUM_TACTICS; a++) if (mask[env * NUM_TACTICS + a]) return a;
  throw new Error('nothing allowed');
}

function rollout(env: SimVecEnv, seed: number, steps: number) {
  let b = env.reset(seed);
  const rewards: number[] = [];
  const finished: number[] = [];
  const actions = new Int32Array(env.numEnvs);
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < env.numEnvs; i++) actions[i] = firstAllowed(b.mask, i, (k + i) % NUM_TACTICS);
    const s = env.step(actions);
    rewards.push(...s.reward);
    finished.push(...s.finished.map((f) => f.return));
    b = s;
  }
  return { rewards, finished, obs: Array.from(b.obs) };
}

describe('SimVecEnv', () => {
  it('is deterministic for a seed and auto-resets finished conversations', () => {
    const a = rollout(make(), 3, 80);
    const b = rollout(make(), 3, 80);
    expect(a).toEqual(b);
    expect(a.finished.length).toBeGreaterThan(4);
    expect(rollout(make(), 4, 80).rewards).not.toEqual(a.rewards);
  });

  it('gives observations from the encoder and masks from core/preconditions.ts', () => {
    const env = make();
    const b = env.reset(1);
    expect(env.obsSize).toBe(new TinyEncoder().size);
    for (let i = 0; i < 4; i++) {
      expect(b.obs[i * env.obsSize]).toBe(1); // the promo
      expect(b.mask[i * NUM_TACTICS + 7]).toBe(0); // confirm_meeting before any proposal
    }
  });

  it('returns of finished episodes are the sum of their step rewards plus the promo', () => {
    const env = new SimVecEnv({ numEnvs: 1, mix, encoder: () => new TinyEncoder() });
    let b = env.reset(8);
    let sum = env.conversation(0).sim.reward;
    const actions = new Int32Array(1);
    for (let k = 0; k < 200; k++) {
      actions[0] = firstAllowed(b.mask, 0, 11);
      const s = env.step(actions);
      sum += s.reward[0]!;
      if (s.done[0]) {
        expect(s.finished[0]!.return).toBeCloseTo(sum, 3);
        return;
      }
      b = s;
    }
    throw new Error('no episode finished');
  });

  it('refuses a masked action', () => {
    const env = make();
    env.reset(1);
    expect(() => env.step(new Int32Array([7, 0, 0, 0]))).toThrow(/masked/);
  });
});
