// Settings › Backup: where the copy goes, "Back up now" with a calm bar on waits over a second,
// "Check backup" with a plain answer (details one click away), and how soon the sidebar reminds.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupRunResult, BackupVerifyReport } from '../../../../shared/contract/backup';
import { readLanguage } from '../../i18n';
import { formatBytes } from '../../lib/format-size';
import { useShownAfterASecond } from '../../lib/task-progress';
import type { Backup } from '../../lib/use-backup';
import { useNow } from '../../lib/use-now';
import { ProblemNote } from '../ProblemNote';
import { BackupProgress } from './BackupProgress';
import { describeWhen, formatBackupDate } from '../../lib/backup-when';
import { FindingList } from './FindingList';

const REMINDER_CHOICES = [1, 3, 7, 14, 30, 60, 90];

interface Props {
  backup: Backup;
  /** The passphrase-changed notice, shown here in Settings, where "Back up now" shows its run. */
  notice?: ReactNode;
}

export function BackupSection({ backup, notice }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const id = useId();
  const now = useNow();
  const { status, run, check } = backup;
  const running = run.name === 'running';
  const checking = check.name === 'checking';
  const showRunBar = useShownAfterASecond(running);
  const showCheckBar = useShownAfterASecond(checking);
  const limit = status?.reminderDays ?? 7;
  const choices = [...new Set([...REMINDER_CHOICES, limit])].sort((a, b) => a - b);

  return (
    <section className="card backup-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('backup.settings.title')}</h2>
      {notice}
      <p>{t('backup.settings.explain')}</p>

      <h3>{t('backup.settings.whereTitle')}</h3>
      <p className="hint">{t('backup.settings.whereHint')}</p>
      {backup.folder === null ? (
        <p data-testid="backup-folder">{t('backup.settings.noFolder')}</p>
      ) : (
        <p data-testid="backup-folder">
          {t('backup.settings.folderNow')} <code className="folder-path">{backup.folder}</code>
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={running || run.name === 'choosing'}
          onClick={() => {
            void backup.chooseFolder();
          }}
        >
          {backup.folder === null ? t('backup.settings.choose') : t('backup.settings.chooseOther')}
        </button>
      </div>

      {status?.lastBackupAt == null ? (
        <p className="backup-last" data-testid="backup-last">
          {t('backup.settings.never')}
        </p>
      ) : (
        <p
          className="backup-last"
          data-testid="backup-last"
          title={formatBackupDate(status.lastBackupAt, language)}
        >
          {t('backup.settings.last', {
            when: describeWhen(status.lastBackupAt, now, language, t),
          })}
        </p>
      )}
      <div className="actions">
        {/* While the passphrase notice is up, its "Back up now" is the one main action here. */}
        <button
          type="button"
          className={(notice ?? null) === null ? 'button primary' : 'button'}
          disabled={running || checking || run.name === 'choosing'}
          onClick={backup.backUpNow}
        >
          {t('backup.settings.backUpNow')}
        </button>
        <button
          type="button"
          className="button"
          disabled={running || checking || status?.lastBackupAt == null}
          onClick={backup.checkBackup}
        >
          {t('backup.settings.check')}
        </button>
      </div>

      {run.name === 'choosing' && (
        <p className="working" role="status">
          {t('backup.progress.choosing')}
        </p>
      )}
      {running && showRunBar && (
        <BackupProgress
          title={t('backup.progress.running')}
          progress={run.progress}
          onStop={backup.cancel}
          stopping={backup.stopping}
        />
      )}
      {run.name === 'done' && <RunDone result={run.result} now={now} />}
      {run.name === 'failed' && (
        <div data-testid="backup-failed">
          {run.code === 'CANCELLED' ? (
            <p className="notice" role="status">
              {t('backup.result.stopped')}
            </p>
          ) : (
            <>
              <p className="notice">{t('backup.result.failed')}</p>
              <ProblemNote problem={{ code: run.code }} />
            </>
          )}
        </div>
      )}

      {checking && showCheckBar && (
        <BackupProgress title={t('backup.progress.checking')} progress={check.progress} />
      )}
      {check.name === 'done' && <CheckDone report={check.report} />}
      {check.name === 'failed' && (
        <div>
          <p className="notice">{t('backup.check.failed')}</p>
          <ProblemNote problem={{ code: check.code }} />
        </div>
      )}

      <div className="field backup-reminder">
        <label htmlFor={`${id}-reminder`}>{t('backup.settings.reminderLabel')}</label>
        <select
          id={`${id}-reminder`}
          value={limit}
          disabled={status === null}
          onChange={(event) => {
            backup.setReminderDays(Number(event.target.value));
          }}
        >
          {choices.map((days) => (
            <option key={days} value={days}>
              {t('backup.settings.days', { count: days })}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}

function RunDone({ result, now }: { result: BackupRunResult; now: Date }) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  return (
    <div className="backup-result" role="status" data-testid="backup-done">
      <p className="notice" title={formatBackupDate(result.createdAt, language)}>
        {t('backup.result.done', { when: describeWhen(result.createdAt, now, language, t) })}
      </p>
      {/* What is in it, in her words; the counts of files (stored copies, previews, records: 20
          for 6 pieces of evidence) are in the details. */}
      <p>{t('backup.result.everything')}</p>
      {result.keyFilesReplaced > 0 && <p>{t('backup.result.keysReplaced')}</p>}
      {result.notes.some((note) => note.code === 'rolled-back') && (
        <p data-testid="backup-rolled-back">{t('backup.result.rolledBack')}</p>
      )}
      {result.notes.length > 0 && (
        <p className="hint">{t('backup.check.notes', { count: result.notes.length })}</p>
      )}
      <details className="lawyer-details">
        <summary>{t('backup.details.summary')}</summary>
        <dl className="facts">
          <dt>{t('backup.details.folder')}</dt>
          <dd>
            <code>{result.folder}</code>
          </dd>
          <dt>{t('backup.details.vaultId')}</dt>
          <dd>
            <code>{result.vaultId}</code>
          </dd>
          <dt>{t('backup.details.generation')}</dt>
          <dd>{result.generation}</dd>
          <dt>{t('backup.details.createdAt')}</dt>
          <dd>{formatBackupDate(result.createdAt, language)}</dd>
          <dt>{t('backup.details.filesCopied')}</dt>
          <dd>{result.filesCopied}</dd>
          <dt>{t('backup.details.filesAlready')}</dt>
          <dd>{result.filesAlreadyThere}</dd>
          <dt>{t('backup.details.bytesCopied')}</dt>
          <dd>{formatBytes(result.bytesCopied, language)}</dd>
          <dt>{t('backup.details.generationsKept')}</dt>
          <dd>{result.generationsKept}</dd>
          <dt>{t('backup.details.keyFilesReplaced')}</dt>
          <dd>{result.keyFilesReplaced}</dd>
        </dl>
      </details>
    </div>
  );
}

function CheckDone({ report }: { report: BackupVerifyReport }) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const yesNo = (value: boolean | null): string =>
    value === null
      ? t('backup.details.notChecked')
      : value
        ? t('backup.details.yes')
        : t('backup.details.no');
  return (
    <div className="backup-result" role="status" data-testid="backup-check">
      {report.result === 'intact' ? (
        <p className="notice">{t('backup.check.intact')}</p>
      ) : (
        <>
          <p className="notice">{t('backup.check.damaged', { count: report.problems.length })}</p>
          <FindingList
            findings={report.problems}
            label={t('backup.check.damaged', { count: report.problems.length })}
          />
          <p>{t('backup.check.damagedHelp')}</p>
        </>
      )}
      {report.notes.length > 0 && (
        <p className="hint">{t('backup.check.notes', { count: report.notes.length })}</p>
      )}
      <details className="lawyer-details">
        <summary>{t('backup.details.summary')}</summary>
        <dl className="facts">
          <dt>{t('backup.details.vaultId')}</dt>
          <dd>
            <code>{report.vaultId ?? '—'}</code>
          </dd>
          <dt>{t('backup.details.generation')}</dt>
          <dd>{report.generation ?? '—'}</dd>
          <dt>{t('backup.details.createdAt')}</dt>
          <dd>{report.createdAt === null ? '—' : formatBackupDate(report.createdAt, language)}</dd>
          <dt>{t('backup.details.files')}</dt>
          <dd>{report.fileCount}</dd>
          <dt>{t('backup.details.authenticated')}</dt>
          <dd>{yesNo(report.authenticated)}</dd>
          <dt>{t('backup.details.snapshotOpens')}</dt>
          <dd>{yesNo(report.snapshotOpens)}</dd>
          <dt>{t('backup.details.findings')}</dt>
          <dd>
            {[...report.problems, ...report.notes].length === 0
              ? t('backup.details.noFindings')
              : [...report.problems, ...report.notes]
                  .map(
                    (finding) =>
                      `${finding.code}${finding.file === null ? '' : ` ${finding.file}`}`,
                  )
                  .join(', ')}
          </dd>
        </dl>
      </details>
    </div>
  );
}
