import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff.js';
import { Rng } from './random.js';

describe('backoff', () => {
  it('grows exponentially, stays within [w·(1 − jitter), w] and never exceeds the cap', () => {
    const rng = new Rng(3);
    const o = { baseMs: 100, maxMs: 10_000, jitter: 0.5 };
    for (let attempt = 0; attempt < 40; attempt++) {
      const full = Math.min(10_000, 100 * 2 ** attempt);
      for (let k = 0; k < 20; k++) {
        const d = backoffDelay(attempt, o, rng);
        expect(d).toBeGreaterThanOrEqual(full / 2);
        expect(d).toBeLessThanOrEqual(full);
      }
    }
    expect(backoffDelay(10_000, o, rng)).toBeLessThanOrEqual(10_000); // 2^10000 is Infinity: still capped
  });

  it('is drawn from the injected Rng: the same seed gives the same waits, another seed others', () => {
    const waits = (seed: number) => {
      const b = new Backoff({ baseMs: 1000, maxMs: 60_000 }, new Rng(seed));
      return Array.from({ length: 8 }, () => b.fail());
    };
    expect(waits(1)).toEqual(waits(1));
    expect(waits(1)).not.toEqual(waits(2));
  });

  it('counts consecutive failures and starts over after a success', () => {
    const b = new Backoff({ baseMs: 1000, maxMs: 8000, jitter: 0 }, new Rng(1));
    expect([b.fail(), b.fail(), b.fail(), b.fail(), b.fail()]).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(b.failures).toBe(5);
    b.succeed();
    expect(b.failures).toBe(0);
    expect(b.fail()).toBe(1000);
  });

  it('refuses a base that is not positive or a cap below it', () => {
    expect(() => backoffDelay(0, { baseMs: 0, maxMs: 10 }, new Rng(1))).toThrow(RangeError);
    expect(() => backoffDelay(0, { baseMs: 10, maxMs: 5 }, new Rng(1))).toThrow(RangeError);
  });
});
