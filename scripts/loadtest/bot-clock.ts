// The bot's clock as the live dealers read it. `serve` keeps real instants (its /health `now`,
// running timeScale times faster than the wall) and reads them in its time zone; the simulator's
// clock is the local wall clock written as UTC (trainer/sim/dealer.ts). Putting serve's instants
// on that wall clock lets a live dealer meet the night when serve's quiet hours do, at the same
// local hours as the in-process dealer with his seed.
import { DEFAULT_TIME_ZONE, localTime } from '../../dialogue/state/local-time.js';

const MIN = 60_000;

/** The instant `ms` as the simulator's clock: its local time in `timeZone`, written as UTC. */
export function wallClockOf(ms: number, timeZone = DEFAULT_TIME_ZONE): number {
  const t = localTime(ms, timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) + (ms - Math.floor(ms / MIN) * MIN);
}

export interface BotClock {
  /** serve's clock now, on the local wall clock */
  wallNow(): number;
}

/**
 * serve's clock from one reading of it: `nowIso` (its /health `now`) taken at `perfNow()`, then
 * running `timeScale` times faster than the wall (runtime/engine/clock.ts systemClock).
 */
export function botClock(nowIso: string, timeScale: number, timeZone = DEFAULT_TIME_ZONE, perfNow: () => number = () => performance.now()): BotClock {
  const at = Date.parse(nowIso);
  if (!Number.isFinite(at)) throw new RangeError(`not an ISO 8601 time: ${nowIso}`);
  const p0 = perfNow();
  return { wallNow: () => wallClockOf(at + (perfNow() - p0) * timeScale, timeZone) };
}
