import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareDates,
  formatCalendarDate,
  fromDayNumber,
  isCalendarDate,
  parseCalendarDate,
  toDayNumber,
} from '../../../../main/core/time/calendar-date';

/** An independent oracle: Date.UTC arithmetic, which involves no local time zone. */
function addDaysWithDate(value: string, days: number): string {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

describe('parseCalendarDate', () => {
  it('accepts real dates, including 29 February in leap years', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
  });

  it('rejects dates that do not exist and anything not in YYYY-MM-DD form', () => {
    for (const value of [
      '2025-02-29',
      '2100-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-1-5',
      '19/06/2026',
      '',
    ]) {
      expect(isCalendarDate(value), value).toBe(false);
    }
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe('addDays', () => {
  it('counts 30 days from 31 January into March, one day earlier in leap years', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2024-01-31', 30)).toBe('2024-03-01');
    expect(addDays('2028-01-31', 30)).toBe('2028-03-01');
  });

  it('steps over the end of February correctly in leap and common years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-02-29', 365)).toBe('2025-02-28');
    expect(addDays('2024-02-29', 366)).toBe('2025-03-01');
  });

  it('crosses month and year ends, and goes backwards', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-04-30', 1)).toBe('2026-05-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('agrees with UTC Date arithmetic for every day from 1999 to 2031', () => {
    const mismatches: string[] = [];
    for (let day = '1999-01-01'; day !== '2031-01-01'; day = addDays(day, 1)) {
      for (const offset of [1, 15, 30, 90, 120, 366, -30]) {
        if (addDays(day, offset) !== addDaysWithDate(day, offset))
          mismatches.push(`${day} + ${offset}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses an invalid date instead of guessing', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('day numbers', () => {
  it('starts at 1970-01-01 and round-trips', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(toDayNumber('2028-02-29'))).toBe('2028-02-29');
    expect(toDayNumber('1969-12-31')).toBe(-1);
  });

  it('orders dates', () => {
    expect(compareDates('2026-06-19', '2026-06-20')).toBeLessThan(0);
    expect(compareDates('2026-06-20', '2026-06-20')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
  });
});

describe('formatCalendarDate', () => {
  it('says "19 June" in the same year and adds the year otherwise', () => {
    expect(formatCalendarDate('2026-06-19', 'en', '2026-05-01')).toBe('19 June');
    expect(formatCalendarDate('2027-01-02', 'en', '2026-12-30')).toBe('2 January 2027');
    expect(formatCalendarDate('2026-06-19', 'en')).toBe('19 June 2026');
  });

  it('uses Hindi month names in Hindi', () => {
    expect(formatCalendarDate('2026-06-19', 'hi', '2026-05-01')).toBe('19 जून');
    expect(formatCalendarDate('2026-02-01', 'hi')).toBe('1 फ़रवरी 2026');
  });
});
