// Wall-clock times and named time zones. Written by hand because Node 20 has no Temporal and the
// installed libraries carry no zone database; Node's ICU does, and Intl.DateTimeFormat tells us the
// offset of any IANA zone at any instant. Nothing here depends on the machine's own zone.
import { SakshyaError } from '../../../shared/errors';

/** A calendar date and clock time with no zone, as found in a file or a file name. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const DAY_MS = 86_400_000;
const WALL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** Days in a month of the proleptic Gregorian calendar, leap years included. */
function countDaysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when the fields name a real moment of the calendar: no month 13, no 30 February, no 24:00. */
export function isValidWallTime(wall: WallTime): boolean {
  const { year, month, day, hour, minute, second, millisecond } = wall;
  const integers = [year, month, day, hour, minute, second, millisecond].every((n) =>
    Number.isInteger(n),
  );
  return (
    integers &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= countDaysInMonth(year, month) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59 &&
    millisecond >= 0 &&
    millisecond <= 999
  );
}

/** Parses 'YYYY-MM-DDTHH:mm:ss[.sss]'; null when the text or the date itself is not valid. */
export function parseWallTime(text: string): WallTime | null {
  const match = WALL_PATTERN.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match;
  const wall: WallTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: ms === undefined ? 0 : Number(ms.padEnd(3, '0')),
  };
  return isValidWallTime(wall) ? wall : null;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** 'YYYY-MM-DDTHH:mm:ss', with '.sss' only when the milliseconds are not zero. */
export function formatWallTime(wall: WallTime): string {
  const base = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  return wall.millisecond === 0 ? base : `${base}.${pad(wall.millisecond, 3)}`;
}

/** The wall time read as if it were UTC, in epoch milliseconds (years below 100 kept as written). */
export function wallTimeToEpochMs(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

function epochMsToWallTime(ms: number): WallTime {
  const date = new Date(ms);
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

const formatters = new Map<string, Intl.DateTimeFormat>();

function getFormatter(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new SakshyaError('INVALID_INPUT', 'The case time zone is not a known time zone.', {
      cause,
    });
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** Throws INVALID_INPUT unless `timeZone` is an IANA zone name this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  getFormatter(timeZone);
}

/** The zone's offset from UTC at an instant, in milliseconds (IST gives 19 800 000). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const seconds = Math.floor(instantMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of getFormatter(timeZone).formatToParts(new Date(seconds))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall: WallTime = {
    year: bc ? 1 - (fields.year ?? 0) : (fields.year ?? 0),
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
    millisecond: 0,
  };
  return wallTimeToEpochMs(wall) - seconds;
}

/**
 * The UTC instant ('YYYY-MM-DDTHH:mm:ss.sssZ') at which clocks in `timeZone` showed `wall`.
 *
 * Twice a year some zones make this question ill-posed, and we answer it the way Temporal's
 * `disambiguation: 'compatible'` and RFC 5545 do, so the answer never depends on the machine:
 * - in a gap (clocks jump forward, e.g. London 2024-03-31 01:30), the offset in force before the
 *   jump is used, which lands the same length of time after the jump (02:30 BST);
 * - in an overlap (clocks fall back, e.g. London 2024-10-27 01:30 happens twice), the earlier of
 *   the two instants is chosen.
 */
export function zonedWallTimeToUtc(wall: string, timeZone: string): string {
  const parsed = parseWallTime(wall);
  if (!parsed)
    throw new SakshyaError('INVALID_INPUT', 'The date and time are not in the expected form.');
  return new Date(wallToInstantMs(parsed, timeZone)).toISOString();
}

const MAX_CACHED_DAYS = 100_000;
const offsetsByZone = new Map<string, Map<number, number | null>>();

/** Per UTC day: the zone's one offset that day, or null for a day with a change in it. */
export function dayOffsets(timeZone: string): Map<number, number | null> {
  let days = offsetsByZone.get(timeZone);
  if (days === undefined) {
    days = new Map();
    offsetsByZone.set(timeZone, days);
  }
  return days;
}

/**
 * offsetAt, remembered per UTC day. A zone's offset rarely changes within a day, so it is looked up
 * at the day's first and last second; when both agree it holds all day (no zone changes twice in a
 * day), and only a day with a change in it asks Intl again for each instant. Each Intl call costs
 * ~25 µs, and placing one file's capture time took five of them.
 */
export function cachedOffsetAt(instantMs: number, timeZone: string): number {
  const days = dayOffsets(timeZone);
  const utcDay = Math.floor(instantMs / DAY_MS);
  let offset = days.get(utcDay);
  if (offset === undefined) {
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    const start = offsetAt(utcDay * DAY_MS, timeZone);
    const end = offsetAt(utcDay * DAY_MS + DAY_MS - 1000, timeZone);
    offset = start === end ? start : null;
    days.set(utcDay, offset);
  }
  return offset ?? offsetAt(instantMs, timeZone);
}

/** As `zonedWallTimeToUtc`, for already parsed fields; returns epoch milliseconds. */
export function wallToInstantMs(wall: WallTime, timeZone: string): number {
  const wallMs = wallTimeToEpochMs(wall);
  // Any offset change near this wall time shows up between the offsets a day either side of it.
  const before = cachedOffsetAt(wallMs - DAY_MS, timeZone);
  const after = cachedOffsetAt(wallMs + DAY_MS, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => wallMs - offset)
    .filter((instant) => cachedOffsetAt(instant, timeZone) === wallMs - instant);
  if (matches.length > 0) return Math.min(...matches);
  return wallMs - before;
}

/** The wall clock in `timeZone` at an instant. */
export function instantToWallTime(instantMs: number, timeZone: string): WallTime {
  return epochMsToWallTime(instantMs + cachedOffsetAt(instantMs, timeZone));
}

/** '+05:30', '-08:00', '+00:00'; seconds are added only for historical offsets that have them. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const base = `${sign}${pad(hours)}:${pad(minutes)}`;
  return seconds === 0 ? base : `${base}:${pad(seconds)}`;
}

/** Reads 'Z', '+05:30', '+0530' or '+05' (with '-' or U+2212 minus) into milliseconds; null if not an offset. */
export function parseOffset(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === 'Z' || trimmed === 'z') return 0;
  const match = /^([+\-\u2212])(\d{2}):?(\d{2})?$/.exec(trimmed);
  if (!match) return null;
  const [, sign, hh, mm] = match;
  const hours = Number(hh);
  const minutes = mm === undefined ? 0 : Number(mm);
  if (hours > 14 || minutes > 59) return null;
  const magnitude = (hours * 60 + minutes) * 60_000;
  return sign === '+' ? magnitude : -magnitude;
}

/** An instant as the wall clock of `timeZone` with that zone's offset: '2024-05-12T21:43:10+05:30'. */
export function formatInstantInZone(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) {
    throw new SakshyaError('INVALID_INPUT', 'The date and time are not in the expected form.');
  }
  return `${formatWallTime(instantToWallTime(ms, timeZone))}${formatOffset(cachedOffsetAt(ms, timeZone))}`;
}

const USER_TIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A time a person typed, ISO 8601 with or without a zone ('2024-05-12T21:43', '…+05:30', '…Z').
 * Without one it is read in `timeZone`, and the result says so.
 */
export function parseUserTime(
  text: string,
  timeZone: string,
): { utc: string; zoneAssumed: boolean } {
  const match = USER_TIME.exec(text.trim());
  const wall =
    match === null
      ? null
      : parseWallTime(
          `${match[1] ?? ''}T${match[2] ?? ''}:${match[3] ?? ''}:${match[4] ?? '00'}${match[5] === undefined ? '' : `.${match[5]}`}`,
        );
  const zone = match?.[6];
  const offsetMs = zone === undefined ? null : parseOffset(zone);
  if (wall === null || (zone !== undefined && offsetMs === null)) {
    throw new SakshyaError(
      'INVALID_INPUT',
      'The time must look like 2024-05-12T21:43:10, optionally followed by a zone such as +05:30 or Z.',
    );
  }
  const instant =
    offsetMs === null ? wallToInstantMs(wall, timeZone) : wallTimeToEpochMs(wall) - offsetMs;
  return { utc: new Date(instant).toISOString(), zoneAssumed: offsetMs === null };
}
