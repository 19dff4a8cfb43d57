// Times as a person writes them, on the case's clock: "9:15 pm" and "12 May 2024" in English,
// "रात 9:15 बजे" and "12 मई 2024" in Hindi. For flags and complaint drafts, which must never show
// a raw timestamp or a zone code. Written by hand: Intl's Hindi output varies with the ICU build,
// and drafts must read the same on every computer.
import { formatCalendarDate, type DateLanguage } from './calendar-date';
import { toLocalWallTime } from './local-day';
import type { WallTime } from './zoned-time';

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** The time of day: '9:15 pm' / 'रात 9:15 बजे'. */
export function formatClockInWords(wall: WallTime, lang: DateLanguage): string {
  const hour12 = wall.hour % 12 === 0 ? 12 : wall.hour % 12;
  const clock = `${hour12}:${pad2(wall.minute)}`;
  if (lang === 'en') return `${clock} ${wall.hour < 12 ? 'am' : 'pm'}`;
  return `${hindiPartOfDay(wall.hour)} ${clock} बजे`;
}

/** सुबह 4–11, दोपहर 12–15, शाम 16–19, रात 20–3: how the hours are named in everyday Hindi. */
function hindiPartOfDay(hour: number): string {
  if (hour >= 4 && hour < 12) return 'सुबह';
  if (hour >= 12 && hour < 16) return 'दोपहर';
  if (hour >= 16 && hour < 20) return 'शाम';
  return 'रात';
}

/** The day: '12 May 2024' / '12 मई 2024'. */
export function formatDayInWords(wall: WallTime, lang: DateLanguage): string {
  return formatCalendarDate(`${wall.year}-${pad2(wall.month)}-${pad2(wall.day)}`, lang);
}

/** 'on 12 May 2024 at 9:15 pm' / '12 मई 2024 को रात 9:15 बजे'. */
export function formatMomentInWords(wall: WallTime, lang: DateLanguage): string {
  return lang === 'en'
    ? `on ${formatDayInWords(wall, 'en')} at ${formatClockInWords(wall, 'en')}`
    : `${formatDayInWords(wall, 'hi')} को ${formatClockInWords(wall, 'hi')}`;
}

/** An instant (UTC ISO or ms) on a zone's clock, in words. */
export function formatInstantInWords(
  instant: string | number,
  timeZone: string,
  lang: DateLanguage,
): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return formatMomentInWords(toLocalWallTime(ms, timeZone), lang);
}
