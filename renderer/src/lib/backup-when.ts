// "3 days ago" for a backup's time, with the exact date and time on hover (title) for whoever wants it.
import type { TFunction } from 'i18next';
import type { Language } from '../i18n';
import { describeBackupAge } from './backup-age';
import { formatDateTime } from './format-date';

export function formatBackupDate(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatDateTime(date, language);
}

/** "3 days ago" / "3 दिन पहले", or "just now" / "अभी-अभी" under a minute. */
export function describeWhen(iso: string, now: Date, language: Language, t: TFunction): string {
  return (
    describeBackupAge(iso, now, Number.MAX_SAFE_INTEGER, language).relative ??
    t('backup.age.justNow')
  );
}
