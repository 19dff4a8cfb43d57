// The bar that moves while files go in: files done of total, bytes, a time estimate once there is a
// rate to go by, and Cancel. The value goes in <progress> attributes, as the CSP forbids inline style.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { readLanguage } from '../i18n';
import { formatBytes } from '../lib/format-size';
import { readBarRange, splitTimeLeft } from '../lib/progress-bar';
import type { ImportPhase } from '../lib/use-evidence-import';

interface Props {
  phase: Extract<ImportPhase, { name: 'preparing' | 'uploading' | 'importing' }>;
  stopping: boolean;
  onCancel: () => void;
}

export function ImportProgress({ phase, stopping, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const progress = phase.name === 'preparing' ? null : phase.progress;
  const range = readBarRange(progress);

  return (
    <section
      className="card import-progress"
      aria-labelledby="import-progress-title"
      data-testid="import-progress"
    >
      <h2 id="import-progress-title">{t(`evidence.progress.${phase.name}`)}</h2>
      <progress
        className="import-bar"
        aria-label={t('evidence.progress.label')}
        data-testid="import-bar"
        {...(range ?? {})}
      />
      {progress !== null && (
        <p className="import-numbers" data-testid="import-numbers">
          <span>
            {t('evidence.progress.files', { done: progress.done, total: progress.total })}
          </span>
          {progress.bytesTotal > 0 && (
            <span>
              {' · '}
              {t('evidence.progress.bytes', {
                done: formatBytes(progress.bytesDone, language),
                total: formatBytes(progress.bytesTotal, language),
              })}
            </span>
          )}
          {progress.secondsLeft !== null && (
            <span> · {describeTimeLeft(progress.secondsLeft, t)}</span>
          )}
        </p>
      )}
      <div className="import-cancel">
        <button type="button" className="button" onClick={onCancel} disabled={stopping}>
          {t('evidence.progress.cancel')}
        </button>
        <p className="hint" aria-live="polite">
          {stopping ? t('evidence.progress.cancelling') : t('evidence.progress.keepsDone')}
        </p>
      </div>
    </section>
  );
}

// TFunction named directly: ReturnType<typeof useTranslation>['t'] makes tsc give up once there are many keys.
function describeTimeLeft(seconds: number, t: TFunction): string {
  const { unit, count } = splitTimeLeft(seconds);
  return unit === 'seconds'
    ? t('evidence.progress.etaSeconds', { count })
    : t('evidence.progress.etaMinutes', { count });
}
