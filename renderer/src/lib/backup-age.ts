// How old the last backup is, in words, and whether the calm reminder is due. Pure, so the sidebar,
// Settings and the tests share one rule. The words come from Intl.RelativeTimeFormat, which has
// real Hindi ("3 दिन पहले") in Chromium's ICU; only "just now" is ours.
import type { Language } from '../i18n';
import { readLocale } from './format-date';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type BackupAgeState = 'never' | 'recent' | 'due';

export interface BackupAge {
  state: BackupAgeState;
  /** "3 days ago" / "3 दिन पहले"; null when there was never a backup or it is under a minute old. */
  relative: string | null;
}

/**
 * `lastAt` is the finish time of the last backup (ISO 8601, UTC) or null. The reminder is due when
 * there was never one, or the last is `limitDays` or more old. A clock set back (a backup "in the
 * future") counts as recent rather than nagging.
 */
export function describeBackupAge(
  lastAt: string | null,
  now: Date,
  limitDays: number,
  language: Language,
): BackupAge {
  if (lastAt === null) return { state: 'never', relative: null };
  const at = new Date(lastAt).getTime();
  if (Number.isNaN(at)) return { state: 'never', relative: null };
  const elapsed = Math.max(0, now.getTime() - at);
  const state: BackupAgeState = elapsed >= limitDays * DAY_MS ? 'due' : 'recent';
  return { state, relative: formatElapsed(elapsed, language) };
}

function formatElapsed(elapsed: number, language: Language): string | null {
  if (elapsed < MINUTE_MS) return null;
  const words = new Intl.RelativeTimeFormat(readLocale(language), {
    numeric: 'always',
  });
  if (elapsed < HOUR_MS) return words.format(-Math.floor(elapsed / MINUTE_MS), 'minute');
  if (elapsed < DAY_MS) return words.format(-Math.floor(elapsed / HOUR_MS), 'hour');
  return words.format(-Math.floor(elapsed / DAY_MS), 'day');
}
