// Words and numbers for the Steps tab and the Next steps card: a playbook's text in the current
// language, calendar dates in words, and the case's progress as a share.
import type { LocalizedText, StepProgress } from '../../../shared/contract/steps';
import type { Language } from '../i18n';
import { readLocale } from './format-date';

export function pickText(text: LocalizedText, language: Language): string {
  return text[language];
}

/**
 * "19 June" in the same year as `today`, "19 June 2027" otherwise. The date is a calendar day, not
 * an instant, so it is read and formatted in UTC: the computer's own time zone must not move it.
 */
export function formatStepDate(date: string, language: Language, today?: string): string {
  const at = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return date;
  const sameYear = today?.slice(0, 4) === date.slice(0, 4);
  const locale = readLocale(language);
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(at);
}

/** Finished (done or not needed) out of all steps, as a whole percentage for the bar. */
export function describeProgress(progress: StepProgress): {
  finished: number;
  total: number;
  percent: number;
} {
  const finished = Math.min(progress.done + progress.notNeeded, progress.total);
  const percent = progress.total === 0 ? 0 : Math.round((finished / progress.total) * 100);
  return { finished, total: progress.total, percent };
}

/** The date a `<input type="date">` needs for today in the case's zone. */
export function todayInZone(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA').format(now);
  }
}
