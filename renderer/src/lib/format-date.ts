import type { Language } from '../i18n';

/**
 * The locale every date, time and number on screen is written in. Hindi screens use the
 * international (Latin) digits, not Devanagari ones: that is the form India's Constitution (art. 343)
 * sets for official use, and the one on her bank statements, loan app, phone and the complaint
 * forms she will fill in. A time copied from Sakshya then matches those exactly. The `nu-latn`
 * extension keeps it so even if a future ICU changed Hindi's default digits. Every formatter in the
 * renderer takes its locale from here, so all screens agree.
 */
export function readLocale(language: Language): string {
  return language === 'hi' ? 'hi-IN-u-nu-latn' : 'en-IN';
}

/**
 * A date with a time. In Hindi, the part of the day in words ("रात 9:15", "सुबह 10:00") instead of
 * "9:15 pm", whose "pm" is English in Latin letters; that is how a time is said in Hindi.
 */
const DATE_TIME: Record<Language, Intl.DateTimeFormatOptions> = {
  en: { dateStyle: 'medium', timeStyle: 'short' },
  hi: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    dayPeriod: 'short',
  },
};

/** A date and time as `formatCaseDateTime` writes it, in the given zone or the computer's. */
export function formatDateTime(date: Date, language: Language, timeZone?: string): string {
  const options = DATE_TIME[language];
  return new Intl.DateTimeFormat(readLocale(language), {
    ...options,
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(date);
}

/** A long date in the case's own timezone, e.g. "1 June 2025" / "1 जून 2025"; the raw text if it cannot be read. */
export function formatCaseDate(iso: string, timezone: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = readLocale(language);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: timezone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date);
  }
}

/**
 * A date and time in the case's own timezone, e.g. "12 May 2024, 9:43 pm" / "12 मई 2024, रात 9:43";
 * the raw text if it cannot be read.
 */
export function formatCaseDateTime(iso: string, timezone: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return formatDateTime(date, language, timezone);
  } catch {
    return formatDateTime(date, language);
  }
}

/**
 * A date and time typed into the date and time fields, written in words: Chromium draws those
 * fields in the browser's own locale (mm/dd/yyyy, "AM"), whatever the page's language, so "12/07"
 * would read as 12 July to her. Null while either is empty or not a date.
 */
export function formatTypedDateTime(date: string, time: string, language: Language): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  // The typed wall-clock time, kept as it is by writing it in UTC as UTC.
  const wall = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(wall.getTime())) return null;
  return formatDateTime(wall, language, 'UTC');
}

/**
 * A calendar day typed into a date field, in words with its weekday ("Monday, 14 December 2026"),
 * for the same reason as formatTypedDateTime. Null while empty or not a date.
 */
export function formatTypedDate(date: string, language: Language): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return null;
  return new Intl.DateTimeFormat(readLocale(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(day);
}
