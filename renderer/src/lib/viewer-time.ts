// The "Correct the time" form's rules, kept apart from the form so they can be tested on their own.
// The core makes the final decision; these only catch mistakes before a round trip.
import { MAX_TIME_REASON, MIN_TIME_REASON } from '../../../shared/contract/viewer';

export interface TimeCorrectionInput {
  /** 'YYYY-MM-DD', as an <input type="date"> gives it. */
  date: string;
  /** 'HH:mm' or 'HH:mm:ss', as an <input type="time"> gives it. */
  time: string;
  reason: string;
}

export type TimeCorrectionProblem =
  | 'dateMissing'
  | 'dateInvalid'
  | 'timeMissing'
  | 'timeInvalid'
  | 'future'
  | 'reasonMissing'
  | 'reasonShort'
  | 'reasonLong';

export interface TimeCorrectionCheck {
  problems: Partial<Record<'date' | 'time' | 'reason', TimeCorrectionProblem>>;
  /** The wall-clock time to send ('2024-05-12T21:43:00'), read by the core in the case's zone. */
  value: string | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * `today` is the case zone's date ('YYYY-MM-DD'): a capture time after today cannot be right.
 */
export function checkTimeCorrection(
  input: TimeCorrectionInput,
  today: string,
): TimeCorrectionCheck {
  const problems: TimeCorrectionCheck['problems'] = {};
  const date = input.date.trim();
  const time = input.time.trim();
  const reason = input.reason.trim();
  if (date === '') problems.date = 'dateMissing';
  else if (!isRealDate(date)) problems.date = 'dateInvalid';
  else if (date > today) problems.date = 'future';
  if (time === '') problems.time = 'timeMissing';
  else if (!isRealTime(time)) problems.time = 'timeInvalid';
  if (reason === '') problems.reason = 'reasonMissing';
  else if (reason.length < MIN_TIME_REASON) problems.reason = 'reasonShort';
  else if (reason.length > MAX_TIME_REASON) problems.reason = 'reasonLong';
  const ok = Object.keys(problems).length === 0;
  return { problems, value: ok ? `${date}T${time.length === 5 ? `${time}:00` : time}` : null };
}

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1990 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function isRealTime(text: string): boolean {
  const match = TIME.exec(text);
  if (match === null) return false;
  return Number(match[1]) < 24 && Number(match[2]) < 60 && Number(match[3] ?? '0') < 60;
}

/** '2024-05-12T21:43:10+05:30' → the date and time fields' starting values. */
export function splitLocalTime(local: string | null): { date: string; time: string } {
  const match = local === null ? null : /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local);
  return match === null ? { date: '', time: '' } : { date: match[1] ?? '', time: match[2] ?? '' };
}

/** Today's date on the case's wall clock, 'YYYY-MM-DD'. */
export function readTodayInZone(timezone: string, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
