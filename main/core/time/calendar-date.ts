// Calendar dates ('YYYY-MM-DD') and the day arithmetic the playbooks need.
//
// Legal time limits in India ("within 30 days of the reply") count calendar days, not instants. A
// JavaScript Date is an instant: it drags in the machine's time zone, so the same step could land on
// different days on two computers, or move by one near midnight. So dates stay plain strings and the
// arithmetic runs on a day number (days since 1970-01-01 in the proleptic Gregorian calendar), using
// Howard Hinnant's civil-date algorithms. Nothing here reads the clock: callers pass "today".

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export type DateLanguage = 'en' | 'hi';

const MONTH_NAMES: Record<DateLanguage, readonly string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  hi: [
    'जनवरी',
    'फ़रवरी',
    'मार्च',
    'अप्रैल',
    'मई',
    'जून',
    'जुलाई',
    'अगस्त',
    'सितंबर',
    'अक्टूबर',
    'नवंबर',
    'दिसंबर',
  ],
};

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function countDaysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Reads a 'YYYY-MM-DD' string, or returns null if it is not a real date (2025-02-29 is not). */
export function parseCalendarDate(value: string): CivilDate | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  if (day > countDaysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && parseCalendarDate(value) !== null;
}

function requireCalendarDate(value: string): CivilDate {
  const parsed = parseCalendarDate(value);
  if (!parsed) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${value}`);
  return parsed;
}

/** Days since 1970-01-01. Integer maths only, so there is no time zone or leap second to go wrong. */
export function toDayNumber(value: string): number {
  const { year, month, day } = requireCalendarDate(value);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function fromDayNumber(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Not a day number: ${dayNumber}`);
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) throw new RangeError(`Date out of range: year ${year}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addDays(value: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(value) + days);
}

/** Negative when a is earlier than b, zero when equal, positive when later. */
export function compareDates(a: string, b: string): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** "19 June" in the same year as `today`, "19 June 2027" otherwise; Hindi uses Hindi month names. */
export function formatCalendarDate(value: string, lang: DateLanguage, today?: string): string {
  const { year, month, day } = requireCalendarDate(value);
  const monthName = MONTH_NAMES[lang][month - 1] ?? '';
  const sameYear = today !== undefined && requireCalendarDate(today).year === year;
  return sameYear ? `${day} ${monthName}` : `${day} ${monthName} ${year}`;
}

/** The calendar day an instant falls on in `timeZone`, as 'YYYY-MM-DD'. */
export function toCalendarDateInZone(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
