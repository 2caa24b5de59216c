import { describe, expect, it } from 'vitest';
import { atLocal, localTime, localTimeUncached } from './local-time.js';

describe('localTime (offset cached per quarter hour)', () => {
  it('agrees with Intl minute by minute across both 2026 DST changes in Brussels', () => {
    // 29 March 2026 02:00 → 03:00, 25 October 2026 03:00 → 02:00 (EU rule: last Sunday, 01:00 UTC)
    for (const start of [Date.UTC(2026, 2, 29, 0, 0), Date.UTC(2026, 9, 25, 0, 0)])
      for (let m = 0; m < 180; m++) {
        const ms = start + m * 60_000 + 17_123;
        expect(localTime(ms, 'Europe/Brussels')).toEqual(localTimeUncached(ms, 'Europe/Brussels'));
      }
  });

  it('agrees with Intl at random instants in zones with odd offsets', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const tz of ['Europe/Brussels', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'])
      for (let i = 0; i < 400; i++) {
        const ms = Date.UTC(2020, 0, 1) + Math.floor(next() * 8 * 365 * 86_400_000);
        expect(localTime(ms, tz), `${tz} ${new Date(ms).toISOString()}`).toEqual(localTimeUncached(ms, tz));
      }
  });

  it('still finds local 21:00 on a DST day', () => {
    const at = atLocal(Date.UTC(2026, 2, 29, 10, 0), 21, 0, 0, 'Europe/Brussels');
    expect(new Date(at).toISOString()).toBe('2026-03-29T19:00:00.000Z');
  });
});
