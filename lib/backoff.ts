// Bounded exponential backoff with jitter, for every retry loop (sends, decisions, a busy or
// failing database): the n-th retry waits base·factor^n, capped at max, minus a random share
// (jitter) drawn from the injected Rng so that many retries do not fire in step. Never a tight
// loop, never an unbounded wait.
import type { Rng } from './random.js';

export interface BackoffOptions {
  /** the first wait */
  baseMs: number;
  /** no wait is longer than this */
  maxMs: number;
  /** growth per failure (default 2) */
  factor?: number;
  /** share of the wait removed at random, in [0, 1] (default 0.5: waits fall in [w/2, w]) */
  jitter?: number;
}

/** The wait before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, o: BackoffOptions, rng: Rng): number {
  if (!(o.baseMs > 0) || !(o.maxMs >= o.baseMs)) throw new RangeError(`backoff needs 0 < baseMs <= maxMs, got ${o.baseMs}, ${o.maxMs}`);
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0.5));
  const full = Math.min(o.maxMs, o.baseMs * (o.factor ?? 2) ** Math.max(0, attempt));
  return full * (1 - jitter * rng.next());
}

/** Consecutive failures of one loop and the wait each one earns; a success resets it. */
export class Backoff {
  private n = 0;

  constructor(
    private readonly o: BackoffOptions,
    private readonly rng: Rng,
  ) {}

  /** failures since the last success */
  get failures(): number {
    return this.n;
  }

  /** Counts a failure and returns how long to wait before trying again. */
  fail(): number {
    return backoffDelay(this.n++, this.o, this.rng);
  }

  succeed(): void {
    this.n = 0;
  }
}
