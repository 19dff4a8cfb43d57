// The bar that moves while the bundle is written: files done of total, bytes, a time estimate once
// there is a rate to go by, and Cancel. Values go in <progress> attributes: the CSP forbids inline style.
import { useTranslation } from 'react-i18next';
import { readLanguage } from '../../i18n';
import type { ExportPhase } from '../../lib/export-run';
import { formatBytes } from '../../lib/format-size';
import { readBarRange, splitTimeLeft } from '../../lib/progress-bar';

interface Props {
  phase: Extract<ExportPhase, { name: 'starting' | 'running' }>;
  stopping: boolean;
  onCancel: () => void;
}

export function ExportProgress({ phase, stopping, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const progress = phase.name === 'starting' ? null : phase.progress;
  const range = readBarRange(progress);
  const secondsLeft = progress?.secondsLeft ?? null;
  const timeLeft = secondsLeft === null ? null : splitTimeLeft(secondsLeft);

  return (
    <section
      className="card export-progress"
      aria-labelledby="export-progress-title"
      data-testid="export-progress"
    >
      <h2 id="export-progress-title">{t(`export.progress.${phase.name}`)}</h2>
      <progress
        className="export-bar"
        aria-label={t('export.progress.label')}
        data-testid="export-bar"
        {...(range ?? {})}
      />
      {progress !== null && (
        <p className="export-numbers" data-testid="export-numbers">
          <span>{t('export.progress.files', { done: progress.done, total: progress.total })}</span>
          {progress.bytesTotal > 0 && (
            <span>
              {' · '}
              {t('export.progress.bytes', {
                done: formatBytes(progress.bytesDone, language),
                total: formatBytes(progress.bytesTotal, language),
              })}
            </span>
          )}
          {timeLeft !== null && (
            <span>
              {' · '}
              {timeLeft.unit === 'seconds'
                ? t('export.progress.etaSeconds', { count: timeLeft.count })
                : t('export.progress.etaMinutes', { count: timeLeft.count })}
            </span>
          )}
        </p>
      )}
      <div className="export-cancel">
        <button type="button" className="button" onClick={onCancel} disabled={stopping}>
          {t('export.progress.cancel')}
        </button>
        <p className="hint" aria-live="polite">
          {stopping ? t('export.progress.cancelling') : t('export.progress.noPartial')}
        </p>
      </div>
    </section>
  );
}
