import { describe, expect, it } from 'vitest';
import { parseExportDate } from './dates.js';

const utc = Date.UTC(2026, 9, 3, 21, 14, 0);

describe('parseExportDate', () => {
  it('reads RFC 2822 with and without weekday and with an offset', () => {
    expect(parseExportDate('Sat, 03 Oct 2026 21:14:00 +0000')).toBe(utc);
    expect(parseExportDate('3 Oct 2026 23:14:00 +0200')).toBe(utc);
    expect(parseExportDate('Sat, 03 Oct 2026 21:14:00 GMT')).toBe(utc);
  });
  it('reads ISO 8601 with Z, an offset, or no zone (UTC)', () => {
    expect(parseExportDate('2026-10-03T21:14:00Z')).toBe(utc);
    expect(parseExportDate('2026-10-03T14:14:00-07:00')).toBe(utc);
    expect(parseExportDate('2026-10-03 21:14:00')).toBe(utc);
    expect(parseExportDate('2026-10-03T21:14:00.250Z')).toBe(utc + 250);
  });
  it('refuses what is not a date instead of guessing', () => {
    for (const bad of ['yesterday', '2026-02-31T10:00:00Z', '03/10/2026 21:14', '2026-10-03T25:00:00Z', '', 'Sat, 03 Foo 2026 21:14:00 +0000']) {
      expect(parseExportDate(bad), bad).toBeUndefined();
    }
  });
});

describe('wallClockToUtc', () => {
  it('reads a wall clock in a zone, on ordinary days and on the days the clock is set forward and back', async () => {
    const { wallClockToUtc } = await import('./dates.js');
    expect(wallClockToUtc(2026, 10, 3, 21, 14, 0, 'Europe/Brussels')).toBe(Date.UTC(2026, 9, 3, 19, 14));
    expect(wallClockToUtc(2026, 1, 3, 21, 14, 0, 'Europe/Brussels')).toBe(Date.UTC(2026, 0, 3, 20, 14));
    // 29 March 2026: 02:00 CET becomes 03:00 CEST
    expect(wallClockToUtc(2026, 3, 29, 1, 30, 0, 'Europe/Brussels')).toBe(Date.UTC(2026, 2, 29, 0, 30));
    expect(wallClockToUtc(2026, 3, 29, 4, 0, 0, 'Europe/Brussels')).toBe(Date.UTC(2026, 2, 29, 2, 0));
    // 25 October 2026: 03:00 CEST becomes 02:00 CET
    expect(wallClockToUtc(2026, 10, 25, 1, 0, 0, 'Europe/Brussels')).toBe(Date.UTC(2026, 9, 24, 23, 0));
    expect(wallClockToUtc(2026, 10, 25, 4, 0, 0, 'Europe/Brussels')).toBe(Date.UTC(2026, 9, 25, 3, 0));
    expect(wallClockToUtc(2026, 2, 29, 12, 0, 0, 'UTC')).toBeUndefined();
    expect(wallClockToUtc(2026, 10, 3, 9, 14, 0, 'America/New_York')).toBe(Date.UTC(2026, 9, 3, 13, 14));
  });
});
