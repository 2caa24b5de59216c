import { describe, expect, it } from 'vitest';
import { localTime } from './local-time.js';
import { Rng } from '../../lib/random.js';
import { DEFAULT_QUIET_HOURS, inQuietHours, quietHoursDue, quietHoursDueWall } from './quiet-hours.js';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('quiet hours', () => {
  it('lets a reply through outside 01:00–08:00 local', () => {
    expect(quietHoursDue(at('2026-12-04T23:50:00+01:00'), null, 0.5)).toEqual({ hold: false, dueMs: at('2026-12-04T23:50:00+01:00') });
    expect(inQuietHours(at('2026-12-05T00:59:00+01:00'))).toBe(false);
    expect(inQuietHours(at('2026-12-05T01:00:00+01:00'))).toBe(true);
    expect(inQuietHours(at('2026-12-05T08:00:00+01:00'))).toBe(false);
  });

  it('holds a reply at 03:37 to 08:00 plus jitter when the dealer went quiet', () => {
    const due = at('2026-12-05T03:37:00+01:00');
    const d = quietHoursDue(due, due - 3 * 60 * MIN, 0.5);
    expect(d.hold).toBe(true);
    const t = localTime(d.dueMs);
    expect(t.day).toBe(5);
    expect(t.hour * 60 + t.minute).toBe(8 * 60 + 25);
    expect(quietHoursDue(due, null, 0).dueMs).toBe(at('2026-12-05T08:00:00+01:00'));
  });

  it('answers at night while the dealer is writing', () => {
    const due = at('2026-12-05T01:40:00+01:00');
    expect(quietHoursDue(due, due - 5 * MIN, 0.3).hold).toBe(false);
    expect(quietHoursDue(due, due - 45 * MIN, 0.3).hold).toBe(true);
  });

  it('uses summer time in summer', () => {
    const d = quietHoursDue(at('2026-07-05T02:00:00+02:00'), null, 0);
    expect(d.dueMs).toBe(at('2026-07-05T08:00:00+02:00'));
  });
});

describe('quiet hours on the wall clock (the simulator\'s)', () => {
  const utc = { ...DEFAULT_QUIET_HOURS, timeZone: 'UTC' };
  /** a draw that counts how often it was asked */
  const counted = (x: number) => {
    const d = { calls: 0, next: () => (d.calls++, x) };
    return d;
  };

  it('decides as quietHoursDue does in a zone without offset, and draws only when it holds', () => {
    const r = new Rng(5);
    let held = 0;
    for (let i = 0; i < 20_000; i++) {
      const due = Date.UTC(2026, 9, 1) + Math.floor(r.next() * 40 * 86_400_000);
      // the dealer wrote at some point up to 2 h before (or never, or just after: a clock skew)
      const last = r.next() < 0.1 ? null : due - Math.floor((r.next() * 2.1 - 0.05) * 3_600_000);
      const x = r.next();
      const d = counted(x);
      const want = quietHoursDue(due, last, x, utc);
      expect(quietHoursDueWall(due, last ?? NaN, d), new Date(due).toISOString()).toBe(want.dueMs);
      expect(d.calls).toBe(want.hold ? 1 : 0);
      if (want.hold) held++;
    }
    // the sweep met the night both ways
    expect(held).toBeGreaterThan(2000);
  });

  it('is the runtime\'s rule in Europe/Brussels read on the local wall clock', () => {
    // a Brussels instant as the simulator's clock: its local fields written as UTC
    const wall = (ms: number) => {
      const t = localTime(ms);
      return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) + (ms % 60_000);
    };
    const r = new Rng(6);
    for (let i = 0; i < 5000; i++) {
      // winter, away from the change of clock (the wall clock has no summer time)
      const due = Date.parse('2026-12-01T00:00:00+01:00') + Math.floor(r.next() * 60 * 86_400_000);
      const last = due - Math.floor(r.next() * 3_600_000);
      const x = r.next();
      const rt = quietHoursDue(due, last, x);
      expect(quietHoursDueWall(wall(due), wall(last), { next: () => x })).toBe(wall(rt.dueMs));
    }
  });

  it('holds 03:00 with the dealer quiet to 08:00 plus the jitter, and lets it through when he wrote 20 min before', () => {
    const due = Date.UTC(2026, 9, 3, 3, 0);
    expect(quietHoursDueWall(due, due - 3 * 3_600_000, { next: () => 0.5 })).toBe(Date.UTC(2026, 9, 3, 8, 25));
    expect(quietHoursDueWall(due, due - 20 * MIN, { next: () => 0.5 })).toBe(due);
    expect(quietHoursDueWall(due, NaN, { next: () => 0 })).toBe(Date.UTC(2026, 9, 3, 8, 0));
    // the edge of "writing": exactly 30 minutes still is, a millisecond more is not, in both
    for (const ago of [30 * MIN, 30 * MIN + 1]) {
      const want = quietHoursDue(due, due - ago, 0.5, utc).dueMs;
      expect(quietHoursDueWall(due, due - ago, { next: () => 0.5 })).toBe(want);
      expect(want === due).toBe(ago === 30 * MIN);
    }
  });
});
