// Local clock readings for many instants at once, through zoned-time's cachedOffsetAt: asking Intl
// for the offset of each of 100,000 entries takes about half a second.
import {
  cachedOffsetAt,
  dayOffsets,
  formatOffset,
  formatWallTime,
  type WallTime,
} from './zoned-time';

export { cachedOffsetAt };

const DAY_MS = 86_400_000;

/** True when the zone keeps one offset through the whole UTC day of the instant. */
export function isSteadyDay(instantMs: number, timeZone: string): boolean {
  cachedOffsetAt(instantMs, timeZone);
  return dayOffsets(timeZone).get(Math.floor(instantMs / DAY_MS)) !== null;
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
