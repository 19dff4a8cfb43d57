import type { Language } from '../i18n';

/** A long date in the case's own timezone, e.g. "1 June 2025" / "1 जून 2025"; the raw text if it cannot be read. */
export function formatCaseDate(iso: string, timezone: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = language === 'hi' ? 'hi-IN' : 'en-IN';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: timezone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date);
  }
}

/** A date and time in the case's own timezone, e.g. "12 May 2024, 9:43 pm"; the raw text if it cannot be read. */
export function formatCaseDateTime(iso: string, timezone: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = language === 'hi' ? 'hi-IN' : 'en-IN';
  const style = { dateStyle: 'medium', timeStyle: 'short' } as const;
  try {
    return new Intl.DateTimeFormat(locale, { ...style, timeZone: timezone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, style).format(date);
  }
}
