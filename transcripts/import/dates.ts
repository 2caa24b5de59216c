// Dates of exports, parsed strictly: Date.parse accepts nearly anything and reads a date
// without a zone in the machine's local time, which would shift events between machines.
// Accepted: ISO 8601 (`2026-10-03T21:14:00Z`, `+02:00`, `2026-10-03 21:14:00` = UTC) and
// RFC 2822 (`Sat, 03 Oct 2026 21:14:00 +0000`). Returns epoch ms, or undefined.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/i;
const RFC2822 =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(UT|GMT|Z|[+-]\d{4})$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function zoneMinutes(z: string | undefined): number | undefined {
  if (!z || /^(Z|UT|UTC|GMT)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!m) return undefined;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return undefined;
  return m[1] === '-' ? -mins : mins;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string | undefined): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const off = zoneMinutes(zone);
  if (off === undefined) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  // reject 31 February and friends instead of letting Date roll them over
  if (new Date(t).getUTCDate() !== d) return undefined;
  return t - off * 60_000;
}

export function parseExportDate(value: string): number | undefined {
  const v = value.trim();
  let m = ISO.exec(v);
  if (m) {
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    return build(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0, ms, m[8]);
  }
  m = RFC2822.exec(v);
  if (m) {
    const mo = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    return build(+m[3]!, mo, +m[1]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0, 0, m[7]);
  }
  return undefined;
}

// Chat exports (WhatsApp, imessage-exporter, Telegram without date_unixtime) write the phone's
// wall-clock time without a zone: it is read in an IANA zone given by --tz, never the machine's.
export const DEFAULT_TZ = 'Europe/Brussels';
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Minutes the zone is ahead of UTC at the instant t (epoch ms). */
function offsetAt(tz: string, t: number): number {
  let f = zoneFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    zoneFormats.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

// Zone offsets change a few times a year: one look-up per zone and day of wall time, and per
// hour on a day whose offset at its start and end differ (a clock set forward or back).
const dayOffsets = new Map<string, Map<number, number | undefined>>();
const hourOffsets = new Map<string, Map<number, number>>();

const offsetOfWall = (tz: string, wall: number) => offsetAt(tz, wall - offsetAt(tz, wall) * 60_000);

/** The instant of a wall-clock time in zone `tz` (epoch ms), or undefined for an invalid date
 * (31 February, 25:00). In the hour a clock is set back, the first of the two instants. */
export function wallClockToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return undefined;
  let days = dayOffsets.get(tz);
  if (!days) dayOffsets.set(tz, (days = new Map()));
  const day = Math.floor(wall / 86_400_000);
  let off = days.get(day);
  if (!days.has(day)) {
    const start = offsetOfWall(tz, day * 86_400_000);
    const end = offsetOfWall(tz, day * 86_400_000 + 86_399_000);
    days.set(day, (off = start === end ? start : undefined));
  }
  if (off === undefined) {
    let hours = hourOffsets.get(tz);
    if (!hours) hourOffsets.set(tz, (hours = new Map()));
    const hour = Math.floor(wall / 3_600_000);
    off = hours.get(hour);
    if (off === undefined) hours.set(hour, (off = offsetOfWall(tz, wall)));
  }
  return wall - off * 60_000;
}

/** The earliest date a message of any export can have: before it, a clock that was never set
 * or a number in the wrong unit (seconds read as milliseconds give January 1970). */
export const EARLIEST = Date.UTC(2000, 0, 1);
