// A typed calendar day (or day and time) in words under its field: Chromium draws date fields in
// the browser's own locale (mm/dd/yyyy), whatever the page's language, so a due date of "12/07"
// would read as 12 July to her. For days that are not instants on the case's clock (a step's due
// date, the day she filed something); WhenInWords is the same line for a time on the case's clock.
import { useTranslation } from 'react-i18next';
import { readLanguage } from '../i18n';
import { formatTypedDate, formatTypedDateTime } from '../lib/format-date';

interface Props {
  /** As the date field holds it: YYYY-MM-DD, or '' while empty. */
  date: string;
  /** As a time field holds it (HH:MM), when the day has one. */
  time?: string;
  testId?: string;
}

export function DateInWords({ date, time, testId }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const when =
    time === undefined
      ? formatTypedDate(date, language)
      : formatTypedDateTime(date, time, language);
  if (when === null) return null;
  return (
    <p className="hint when-in-words" data-testid={testId}>
      {t('typedWhen.day', { when })}
    </p>
  );
}
