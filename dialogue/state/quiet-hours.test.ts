import { describe, expect, it } from 'vitest';
import { localTime } from './local-time.js';
import { inQuietHours, quietHoursDue } from './quiet-hours.js';

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
