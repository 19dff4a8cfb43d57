// The calendar day a chat's day separator stands for, read relative to the capture day as WhatsApp
// writes it: "Today", "Yesterday", a weekday name for the rest of the last week, and a date
// ("12 May 2024", "May 12, 2024", "12/05/2024", or without the year for this year) before that.
// Hindi phones write "आज" and "कल". Pure: days are YYYY-MM-DD strings, no zones.
import { addDays, parseCalendarDate, toDayNumber } from '../time/calendar-date';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function makeDate(year: number, month: number, day: number): string | null {
  const text = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  return parseCalendarDate(text) === null ? null : text;
}

/** The latest date with this month and day that is not after the capture day. */
function latestNotAfter(month: number, day: number, captureDay: string): string | null {
  const year = Number(captureDay.slice(0, 4));
  const thisYear = makeDate(year, month, day);
  if (thisYear !== null && thisYear <= captureDay) return thisYear;
  return makeDate(year - 1, month, day);
}

function readMonth(word: string): number | null {
  const index = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

function readWrittenDate(text: string, captureDay: string): string | null {
  // 12 May 2024 / 12 May
  let match = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?(?:\s+(\d{4}))?$/.exec(text);
  if (match !== null) {
    const month = readMonth(match[2] ?? '');
    if (month === null) return null;
    const day = Number(match[1]);
    return match[3] === undefined
      ? latestNotAfter(month, day, captureDay)
      : makeDate(Number(match[3]), month, day);
  }
  // May 12, 2024 / May 12
  match = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?(?:\s+(\d{4}))?$/.exec(text);
  if (match !== null) {
    const month = readMonth(match[1] ?? '');
    if (month === null) return null;
    const day = Number(match[2]);
    return match[3] === undefined
      ? latestNotAfter(month, day, captureDay)
      : makeDate(Number(match[3]), month, day);
  }
  // 12/05/2024: Indian phones write the day first.
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(text);
  if (match !== null) {
    const year = Number(match[3]);
    return makeDate(year < 100 ? 2000 + year : year, Number(match[2]), Number(match[1]));
  }
  return null;
}

/**
 * The day a separator names, or null when its words are not a day (or name one after the
 * capture, which a real separator cannot).
 */
export function resolveDaySeparator(shown: string, captureDay: string): string | null {
  const text = shown.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  if (lower === 'today' || text === 'आज') return captureDay;
  if (lower === 'yesterday' || text === 'कल') return addDays(captureDay, -1);
  const weekday = WEEKDAYS.indexOf(lower);
  if (weekday >= 0) {
    // The most recent such weekday before the capture day (WhatsApp uses names for 2–6 days ago).
    const captureWeekday = (toDayNumber(captureDay) + 4) % 7;
    const back = (captureWeekday - weekday + 7) % 7 || 7;
    return addDays(captureDay, -back);
  }
  const date = readWrittenDate(text.replace(/^[A-Za-z]{3,9},\s*/, ''), captureDay);
  return date !== null && date <= captureDay ? date : null;
}
