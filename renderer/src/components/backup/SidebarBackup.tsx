// The sidebar's backup line: "Last backup: 3 days ago" while all is well; after the limit (or never,
// or after a passphrase change) a calm reminder with one clear action, "Back up now".
import { useTranslation } from 'react-i18next';
import './backup.css';
import type { BackupStatus } from '../../../../shared/contract/backup';
import { readLanguage } from '../../i18n';
import { describeWhen, formatBackupDate } from '../../lib/backup-when';
import { useNow } from '../../lib/use-now';

interface Props {
  status: BackupStatus | null;
  running: boolean;
  onBackUpNow: () => void;
}

export function SidebarBackup({ status, running, onBackUpNow }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const now = useNow();
  if (status === null) return null;
  const last = status.lastBackupAt;
  const lastLine =
    last === null
      ? t('backup.sidebar.never')
      : t('backup.sidebar.last', { when: describeWhen(last, now, language, t) });
  const keysChanged = status.passphraseChangedSinceBackup && last !== null;
  const remind = !running && (status.due || keysChanged);
  return (
    <div
      className="sidebar-backup"
      data-testid="sidebar-backup"
      data-state={running ? 'running' : remind ? 'due' : 'ok'}
    >
      <p
        className="backup-line"
        {...(last === null ? {} : { title: formatBackupDate(last, language) })}
      >
        {running ? t('backup.sidebar.running') : lastLine}
      </p>
      {remind && (
        <>
          <p className="hint small">
            {keysChanged
              ? t('backup.sidebar.passphraseChanged')
              : last === null
                ? t('backup.sidebar.dueNever')
                : t('backup.sidebar.dueOld')}
          </p>
          <button type="button" className="button wide" onClick={onBackUpNow}>
            {t('backup.sidebar.action')}
          </button>
        </>
      )}
    </div>
  );
}
