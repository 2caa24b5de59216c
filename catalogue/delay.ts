// Human-looking reply delays: a log-normal per tactic (catalogue `delay`), clamped so that one
// unlucky draw neither answers instantly nor waits for days.
import type { Rng } from '../lib/random.js';
import type { DelayProfile } from './catalogue.js';

const UNIT_MS = { minutes: 60_000, hours: 3_600_000 } as const;

export function sampleDelayMs(profile: DelayProfile, rng: Rng): number {
  const v = profile.median * Math.exp(profile.sigma * rng.normal());
  const clamped = Math.min(profile.max, Math.max(profile.min, v));
  return Math.round(clamped * UNIT_MS[profile.unit]);
}
