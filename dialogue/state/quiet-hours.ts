// Quiet hours: no message between 01:00 and 08:00 local time unless the dealer is writing then.
// One rule, shared by the runtime's scheduling and the simulator: given when a message of ours
// would go out, it says when it may. The runtime asks quietHoursDue on real instants in its time
// zone; the simulator asks quietHoursDueWall on its wall clock (trainer/sim/dealer.ts: an instant
// whose UTC fields are the local time), the same rule in plain arithmetic, so that a step asks
// no Intl and allocates nothing. quiet-hours.test.ts checks that the two agree.
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
  return { hold: true, dueMs: end + jitterMs(draw, q), reason: `quiet hours (${String(q.from).padStart(2, '0')}:00–${String(q.to).padStart(2, '0')}:00 local) and the dealer is not writing` };
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/**
 * quietHoursDue on a wall clock: `dueMs` and `lastInMs` (NaN: none) count local time as if it
 * were UTC, so there is no zone and no summer time (`q.timeZone` is not read). Returns when the
 * message may go out (`dueMs` when it is not held); `rng.next()` is drawn for the jitter only
 * when it is held, as the runtime's quietDue draws, so a run that meets no night draws nothing.
 */
export function quietHoursDueWall(dueMs: number, lastInMs: number, rng: { next(): number }, q: QuietHours = DEFAULT_QUIET_HOURS): number {
  const minute = Math.floor(dueMs / MIN);
  const m = ((minute % 1440) + 1440) % 1440;
  if (!(m >= q.from * 60 && m < q.to * 60)) return dueMs;
  if (dueMs - lastInMs <= q.activeMs && lastInMs <= dueMs) return dueMs;
  // the local day of the minute (localTime floors to the minute before it takes the day)
  let end = Math.floor((minute * MIN) / DAY) * DAY + q.to * 60 * MIN;
  if (end <= dueMs) end += DAY;
  return end + jitterMs(rng.next(), q);
}

/** The wait after the quiet hours end for a draw in [0,1) (clamped), the same in both clocks. */
function jitterMs(draw: number, q: QuietHours): number {
  return Math.floor(Math.min(Math.max(draw, 0), 0.999999) * q.jitterMs);
}
