// The date and time she typed, in words, with the case's clock by name, under a pair of date and
// time fields: Chromium draws those fields in the browser's own locale (mm/dd/yyyy, "AM"), whatever
// the page's language, so "12/07" would read as 12 July to her (see formatTypedDateTime). One
// component for every such pair (logging a call, correcting a file's time).
import { useTranslation } from 'react-i18next';
import { readLanguage } from '../i18n';
import { formatTypedDateTime } from '../lib/format-date';
import { formatZoneLabel } from '../lib/zone-label';

interface Props {
  /** As the date field holds it: YYYY-MM-DD, or '' while empty. */
  date: string;
  /** As the time field holds it: HH:MM, or ''. */
  time: string;
  timezone: string;
  testId?: string;
}

export function WhenInWords({ date, time, timezone, testId }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const zone = formatZoneLabel(timezone, language);
  const when = formatTypedDateTime(date, time, language);
  return (
    <p className="hint when-in-words" data-testid={testId} aria-live="polite">
      {when === null ? t('typedWhen.clockOnly', { zone }) : t('typedWhen.words', { when, zone })}
    </p>
  );
}
