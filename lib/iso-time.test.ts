import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';
import { Rng } from './random.js';

describe('isoTime', () => {
  it('equals Date#toISOString on random times, day edges and out-of-range values', () => {
    const rng = new Rng(7);
    const times = [0, 1, 999, 86_399_999, 86_400_000, Date.UTC(2026, 1, 28, 23, 59, 59, 999), Date.UTC(2028, 1, 29, 12), Date.UTC(9999, 11, 31, 23, 59, 59, 999), -1, -86_400_001, 1.5, Date.UTC(10000, 0, 1)];
    for (let i = 0; i < 5000; i++) times.push(Math.floor(rng.next() * Date.UTC(2100, 0, 1)));
    for (const t of times) expect(isoTime(t), String(t)).toBe(new Date(t).toISOString());
  });
});
