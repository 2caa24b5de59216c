// `new Date(t).toISOString()` for every event of an import was a visible share of its time;
// events come in bursts on the same day, so the date part is cached and only the time of day
// is formatted. Same output as toISOString for every time it handles (years 1970–9999).

const DAY = 86_400_000;
const LAST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
let cachedDay = NaN;
let cachedPrefix = '';

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** ISO 8601 UTC with milliseconds, e.g. 2026-10-03T21:14:00.000Z (as Date#toISOString). */
export function isoTime(t: number): string {
  if (!(t >= 0 && t <= LAST) || !Number.isInteger(t)) return new Date(t).toISOString();
  const day = Math.floor(t / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  let ms = t - day * DAY;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  return `${cachedPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}
