// Local clock readings for many instants at once. Asking Intl for the offset of each of 100,000
// entries takes about half a second, but a zone's offset rarely changes within a UTC day, so the
// offset is looked up twice per UTC day and remembered; only a day with a change in it asks again
// for each instant. The answers are exactly those of zoned-time's offsetAt.
import { formatOffset, formatWallTime, offsetAt, type WallTime } from '../import/zoned-time';

const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 100_000;
const dayOffsets = new Map<string, Map<number, number | null>>();

/** The zone's offset from UTC at an instant, in milliseconds. */
export function cachedOffsetAt(instantMs: number, timeZone: string): number {
  let cache = dayOffsets.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    dayOffsets.set(timeZone, cache);
  }
  const utcDay = Math.floor(instantMs / DAY_MS);
  let offset = cache.get(utcDay);
  if (offset === undefined) {
    if (cache.size >= MAX_CACHED_DAYS) cache.clear();
    const start = offsetAt(utcDay * DAY_MS, timeZone);
    const end = offsetAt(utcDay * DAY_MS + DAY_MS - 1000, timeZone);
    offset = start === end ? start : null;
    cache.set(utcDay, offset);
  }
  return offset ?? offsetAt(instantMs, timeZone);
}

/** True when the zone keeps one offset through the whole UTC day of the instant. */
export function isSteadyDay(instantMs: number, timeZone: string): boolean {
  cachedOffsetAt(instantMs, timeZone);
  return dayOffsets.get(timeZone)?.get(Math.floor(instantMs / DAY_MS)) !== null;
}

/** The wall clock in `timeZone` at an instant. */
export function toLocalWallTime(instantMs: number, timeZone: string): WallTime {
  const date = new Date(instantMs + cachedOffsetAt(instantMs, timeZone));
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/** As formatInstantInZone: '2024-05-12T21:43:10+05:30'. */
export function formatLocalInstant(instantMs: number, timeZone: string): string {
  const wall = formatWallTime(toLocalWallTime(instantMs, timeZone));
  return `${wall}${formatOffset(cachedOffsetAt(instantMs, timeZone))}`;
}

/** A function giving the local calendar day ('2024-05-12') of an instant in `timeZone`. */
export function createLocalDayResolver(timeZone: string): (instantMs: number) => string {
  return (instantMs) => formatWallTime(toLocalWallTime(instantMs, timeZone)).slice(0, 10);
}

/**
 * The zone's offset when it holds, unchanged, through every UTC day from `firstMs` to `lastMs`, so
 * that SQL can shift times by it; null when it changes (summer time) or is not whole minutes.
 */
export function readSteadyOffset(firstMs: number, lastMs: number, timeZone: string): number | null {
  const offset = cachedOffsetAt(firstMs, timeZone);
  if (offset % 60_000 !== 0) return null;
  for (let ms = firstMs; ms < lastMs + DAY_MS; ms += DAY_MS) {
    if (!isSteadyDay(ms, timeZone) || cachedOffsetAt(ms, timeZone) !== offset) return null;
  }
  return offset;
}

/**
 * SQL giving the local day of the UTC ISO time in `column`, for a steady offset, as a day number
 * (days since 1970-01-01 on that clock; read it with dayFromNumber). Integer arithmetic on
 * unixepoch() is about a third cheaper than formatting a date per row. Times before 1970 are not
 * expected in a case.
 */
export function localDaySql(column: string, offsetMs: number): string {
  return `((unixepoch(${column}) + ${String(Math.round(offsetMs / 1000))}) / 86400)`;
}

/** '2024-05-12' for a day number from localDaySql. */
export function dayFromNumber(day: number | string): string {
  return new Date(Number(day) * DAY_MS).toISOString().slice(0, 10);
}

/** SQL giving the UTC quarter hour ('2024-05-12T18:30') of the ISO time in `column`. */
export function quarterHourSql(column: string): string {
  return `substr(${column}, 1, 14) || printf('%02d', CAST(substr(${column}, 15, 2) AS INTEGER) / 15 * 15)`;
}
