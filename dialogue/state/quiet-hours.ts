// Quiet hours: no message between 01:00 and 08:00 local time unless the dealer is writing then.
// One pure function, shared by the runtime's scheduling and the simulator: given when a reply
// would go out, it says when it may.
import { atLocal, DEFAULT_TIME_ZONE, localMinutes } from './local-time.js';

export interface QuietHours {
  /** local hour the quiet starts (inclusive) and ends (exclusive) */
  from: number;
  to: number;
  /** the dealer counts as writing when his last message is at most this old at send time */
  activeMs: number;
  /** a held reply goes out at `to` plus up to this much (uniform, from the injected draw) */
  jitterMs: number;
  timeZone: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { from: 1, to: 8, activeMs: 30 * 60_000, jitterMs: 50 * 60_000, timeZone: DEFAULT_TIME_ZONE };

export type QuietDecision = { hold: false; dueMs: number } | { hold: true; dueMs: number; reason: string };

export function inQuietHours(ms: number, q: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const m = localMinutes(ms, q.timeZone);
  return m >= q.from * 60 && m < q.to * 60;
}

/**
 * When a reply due at `dueMs` may be sent. `lastInMs`: the dealer's last message (null: none);
 * `draw`: a number in [0,1) for the jitter (from the caller's seeded Rng).
 */
export function quietHoursDue(dueMs: number, lastInMs: number | null, draw: number, q: QuietHours = DEFAULT_QUIET_HOURS): QuietDecision {
  if (!inQuietHours(dueMs, q)) return { hold: false, dueMs };
  if (lastInMs !== null && dueMs - lastInMs <= q.activeMs && lastInMs <= dueMs) return { hold: false, dueMs };
  let end = atLocal(dueMs, q.to, 0, 0, q.timeZone);
  if (end <= dueMs) end = atLocal(dueMs, q.to, 0, 1, q.timeZone);
  const jitter = Math.floor(Math.min(Math.max(draw, 0), 0.999999) * q.jitterMs);
  return { hold: true, dueMs: end + jitter, reason: `quiet hours (${String(q.from).padStart(2, '0')}:00–${String(q.to).padStart(2, '0')}:00 local) and the dealer is not writing` };
}
