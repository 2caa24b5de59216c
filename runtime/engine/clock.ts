// Time is injected everywhere in the runtime so that tests and simulations can run hours of
// conversation in milliseconds, and `timeScale` can speed up a live service for load tests.

export interface Clock {
  /** epoch milliseconds on this clock */
  now(): number;
  /** calls fn after `ms` of this clock's time; returns a cancel function */
  setTimer(ms: number, fn: () => void): () => void;
}

export interface SystemClockOptions {
  /**
   * The last time a previous run handed out (Store.lastIssuedMs): the clock starts at
   * max(wall time, resumeFrom). A clock running `timeScale` times faster is far ahead of the
   * wall when a run ends; starting the next one at wall time would put its events before the
   * ones already stored.
   */
  resumeFrom?: number | null;
  /** wall time in epoch ms (default Date.now; injected by tests) */
  wallNow?: () => number;
  /** where the clock starts instead of the wall time (load tests; still never before resumeFrom) */
  startAt?: number;
}

/**
 * Wall clock, optionally running `timeScale` times faster from the moment it was created, and
 * never going backwards: not across restarts (resumeFrom), not when the wall clock is set back.
 */
export function systemClock(timeScale = 1, o: SystemClockOptions = {}): Clock {
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be > 0, got ${timeScale}`);
  const wall = o.wallNow ?? Date.now;
  const origin = wall();
  const start = Math.max(o.startAt ?? origin, o.resumeFrom ?? -Infinity);
  let last = -Infinity;
  return {
    now: () => {
      const t = start + (wall() - origin) * timeScale;
      if (t > last) last = t;
      return last;
    },
    setTimer(ms, fn) {
      // setTimeout caps at 2^31-1 ms; longer waits are re-armed by the caller's poll loop anyway
      const t = setTimeout(fn, Math.min(Math.max(0, ms / timeScale), 2 ** 31 - 1));
      return () => clearTimeout(t);
    },
  };
}

/** A clock that moves only when told to (tests, `chat`'s fast-forward). */
export class ManualClock implements Clock {
  private t: number;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 5, 20, 0, 0)) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = Math.max(this.t, target);
  }
}
