/** Time-zone arithmetic on Intl (no library): stores keep local opening hours, we store UTC. */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function intlParts(instantMs: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instantMs)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** ms the zone's wall clock is ahead of UTC at `instantMs` (to the second, as Intl shows it) */
function intlOffsetMs(instantMs: number, timeZone: string): number {
  const p = intlParts(instantMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instantMs / 1000) * 1000;
}

// formatToParts costs ~5–10 µs and a day's slot list needs ~100 of them (it was ~5 % of the
// reservation service's CPU on slot reads): offsets are cached per zone and 15-minute bucket,
// only for buckets whose start and end have the same offset (no transition inside).
const BUCKET_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

function offsetMs(instantMs: number, timeZone: string): number {
  const bucket = Math.floor(instantMs / BUCKET_MS);
  let zone = offsets.get(timeZone);
  if (zone === undefined) offsets.set(timeZone, (zone = new Map()));
  const hit = zone.get(bucket);
  if (hit !== undefined) return hit;
  const start = bucket * BUCKET_MS;
  const o = intlOffsetMs(start, timeZone);
  if (intlOffsetMs(start + BUCKET_MS - 1000, timeZone) !== o) return intlOffsetMs(instantMs, timeZone);
  if (zone.size >= 20_000) zone.clear();
  zone.set(bucket, o);
  return o;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const t = instant.getTime();
  const local = new Date(Math.floor(t / 1000) * 1000 + offsetMs(t, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** minutes the zone is ahead of UTC at `instant` (Asia/Seoul: 540) */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(offsetMs(instant.getTime(), timeZone) / 60000);
}

/** The instant at which the wall clock in `timeZone` shows `date` + `minuteOfDay`. */
export function zonedToUtc(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  const off1 = offsetMinutes(new Date(guess), timeZone);
  let t = guess - off1 * 60000;
  const off2 = offsetMinutes(new Date(t), timeZone);
  if (off2 !== off1) t = guess - off2 * 60000;
  return new Date(t);
}

/** YYYY-MM-DD of `instant` in `timeZone` */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** 0 = Sunday … 6 = Saturday, for a calendar date */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
