// Local wall-clock time of an instant in a time zone (default Europe/Brussels), and back: the
// dealer's "om 21u" means 21:00 where he is, whatever the server's zone. Pure (Intl, no I/O).
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * The zone's offset from UTC is constant within a quarter of an hour (every real transition falls
 * on one), so Intl is asked once per quarter and zone; formatToParts cost more than the rest of a
 * decision's state rebuild put together.
 */
const QUARTER = 15 * 60_000;
const OFFSET_CACHE_SIZE = 50_000;
const offsets = new Map<string, number>();

function quarterOffsetMs(ms: number, tz: string): number {
  const q = Math.floor(ms / QUARTER);
  const k = `${tz}\u0000${q}`;
  let off = offsets.get(k);
  if (off === undefined) {
    off = intlOffsetMs(q * QUARTER, tz);
    offsets.set(k, off);
    if (offsets.size > OFFSET_CACHE_SIZE) offsets.delete(offsets.keys().next().value!);
  }
  return off;
}

function intlLocalTime(ms: number, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

function intlOffsetMs(ms: number, tz: string): number {
  const t = intlLocalTime(ms, tz);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - Math.floor(ms / 60_000) * 60_000;
}

export function localTime(ms: number, tz = DEFAULT_TIME_ZONE): LocalTime {
  const d = new Date(Math.floor(ms / 60_000) * 60_000 + quarterOffsetMs(ms, tz));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** localTime straight from Intl, uncached: what the cache is checked against. */
export function localTimeUncached(ms: number, tz = DEFAULT_TIME_ZONE): LocalTime {
  return intlLocalTime(ms, tz);
}

/** Minutes since local midnight. */
export function localMinutes(ms: number, tz = DEFAULT_TIME_ZONE): number {
  const t = localTime(ms, tz);
  return t.hour * 60 + t.minute;
}

/** Offset of the zone from UTC at an instant, in ms. */
function offsetMs(ms: number, tz: string): number {
  const t = localTime(ms, tz);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/** The instant of local `hour:minute` on the local day of `ms`, plus `dayOffset` days. */
export function atLocal(ms: number, hour: number, minute: number, dayOffset = 0, tz = DEFAULT_TIME_ZONE): number {
  const t = localTime(ms, tz);
  const guess = Date.UTC(t.year, t.month - 1, t.day + dayOffset, hour, minute);
  // two passes settle the offset across a DST change
  let at = guess - offsetMs(guess, tz);
  at = guess - offsetMs(at, tz);
  return at;
}

/**
 * The first instant at local hour:minute not earlier than `fromMs - graceMs`: "om 21u" said at
 * 20:40 is today, said at 21:10 still today (just passed), said at 23:00 tomorrow.
 */
export function nextLocal(fromMs: number, hour: number, minute: number, graceMs = 30 * 60_000, tz = DEFAULT_TIME_ZONE): number {
  for (let d = 0; d < 3; d++) {
    const at = atLocal(fromMs, hour, minute, d, tz);
    if (at >= fromMs - graceMs) return at;
  }
  return atLocal(fromMs, hour, minute, 1, tz);
}
