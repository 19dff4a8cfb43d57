// The calm bar for a backup, a check or a restore: files and bytes done, a time estimate once there
// is a rate to go by, and Stop where stopping is safe. Values go in <progress> attributes: the CSP
// forbids inline style.
import { useTranslation } from 'react-i18next';
import './backup.css';
import { readLanguage } from '../../i18n';
import { formatBytes } from '../../lib/format-size';
import { readBarRange, splitTimeLeft } from '../../lib/progress-bar';
import type { TaskProgress } from '../../lib/task-progress';

interface Props {
  title: string;
  progress: TaskProgress | null;
  /** Offered for a backup only: a stopped backup leaves the last one as it was. */
  onStop?: (() => void) | undefined;
  stopping?: boolean;
}

export function BackupProgress({ title, progress, onStop, stopping = false }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const range = readBarRange(progress);
  const secondsLeft = progress?.secondsLeft ?? null;
  const timeLeft = secondsLeft === null ? null : splitTimeLeft(secondsLeft);
  return (
    <div className="backup-progress" role="status" data-testid="backup-progress">
      <p className="backup-progress-title">{title}</p>
      <progress className="backup-bar" aria-label={t('backup.progress.label')} {...(range ?? {})} />
      {progress !== null && progress.total > 0 && (
        <p className="hint">
          {t('backup.progress.files', { done: progress.done, total: progress.total })}
          {progress.bytesTotal > 0 &&
            ` · ${t('backup.progress.bytes', {
              done: formatBytes(progress.bytesDone, language),
              total: formatBytes(progress.bytesTotal, language),
            })}`}
          {timeLeft !== null &&
            ` · ${
              timeLeft.unit === 'seconds'
                ? t('backup.progress.etaSeconds', { count: timeLeft.count })
                : t('backup.progress.etaMinutes', { count: timeLeft.count })
            }`}
        </p>
      )}
      {onStop !== undefined && (
        <div className="actions">
          <button type="button" className="button" onClick={onStop} disabled={stopping}>
            {t('backup.progress.stop')}
          </button>
          <p className="hint" aria-live="polite">
            {stopping ? t('backup.progress.stopping') : t('backup.progress.safe')}
          </p>
        </div>
      )}
    </div>
  );
}
