import { describe, expect, it } from 'vitest';
import { botClock, wallClockOf } from './bot-clock.js';

describe('the bot clock on the simulator\'s wall clock', () => {
  it('reads serve\'s instants as local time in its zone, winter and summer', () => {
    // the live script's clockStart: Monday 17:00 in Brussels is 17:00 on the wall clock
    expect(wallClockOf(Date.parse('2026-12-07T17:00:00+01:00'))).toBe(Date.UTC(2026, 11, 7, 17, 0));
    expect(wallClockOf(Date.parse('2026-07-06T03:30:12.5+02:00'))).toBe(Date.UTC(2026, 6, 6, 3, 30, 12, 500));
    expect(wallClockOf(Date.parse('2026-12-07T17:00:00Z'), 'UTC')).toBe(Date.UTC(2026, 11, 7, 17, 0));
  });

  it('runs timeScale times faster than the wall from the /health reading', () => {
    let perf = 1000;
    const c = botClock('2026-12-07T17:00:00+01:00', 3000, 'Europe/Brussels', () => perf);
    expect(c.wallNow()).toBe(Date.UTC(2026, 11, 7, 17, 0));
    perf += 1200; // 1.2 s of wall = 1 h of serve
    expect(c.wallNow()).toBe(Date.UTC(2026, 11, 7, 18, 0));
    expect(() => botClock('yesterday', 1)).toThrow(/ISO 8601/);
  });
});
