// Restore, the step that does it: the passphrase from the other computer, or the recovery key with a
// new passphrase; where the evidence goes; then the restore itself with a calm bar.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFoundVault, BackupRestoreResult } from '../../../shared/contract/backup';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { BackupProgress } from '../components/backup/BackupProgress';
import { PassphraseFields } from '../components/PassphraseFields';
import { RestoreWhere, type RestorePlace } from '../components/backup/RestoreWhere';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { readLanguage } from '../i18n';
import { formatBackupDate } from '../lib/backup-when';
import { estimatePassphraseStrength } from '../lib/passphrase-strength';
import { followProgress, useShownAfterASecond, type TaskProgress } from '../lib/task-progress';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

type Secret = { passphrase: string } | { recoveryKey: string; newPassphrase: string };

interface Props {
  vault: BackupFoundVault;
  /** Restore every intact item of a damaged backup; she chose this on the previous step. */
  partial: boolean;
  onRestored: (result: BackupRestoreResult) => void;
  /** The backup turned out damaged while restoring: show what is wrong and let her choose. */
  onDamaged: () => void;
  onBack: () => void;
}

export function RestoreOpenStep({ vault, partial, onRestored, onDamaged, onBack }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const api = useApi();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const id = useId();
  const [method, setMethod] = useState<'passphrase' | 'key'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<TaskProgress | null>(null);
  // Unknown until main answers (then the usual place); null while "another folder" has none yet.
  const [place, setPlace] = useState<RestorePlace | undefined>(undefined);
  const showBar = useShownAfterASecond(busy);

  const readSecret = (): Secret | Problem => {
    if (method === 'passphrase') {
      return passphrase === '' ? { code: 'WRONG_PASSPHRASE' } : { passphrase };
    }
    if (recoveryKey.trim() === '') return { code: 'WRONG_RECOVERY_KEY' };
    if (!estimatePassphraseStrength(value).acceptable) return { key: 'passphrase.weak' };
    if (value !== confirm) return { key: 'passphrase.mismatch' };
    return { recoveryKey: recoveryKey.trim(), newPassphrase: value };
  };

  const submit = async (): Promise<void> => {
    const secret = readSecret();
    if ('code' in secret || 'key' in secret) {
      setProblem(secret);
      return;
    }
    setProblem(null);
    setBusy(true);
    setProgress(null);
    const taskId = crypto.randomUUID();
    const result = await followProgress(
      api,
      taskId,
      () =>
        api.backup.restore({
          taskId,
          folder: vault.folder,
          vaultId: vault.vaultId,
          ...secret,
          ...(partial ? { allowPartial: true } : {}),
          ...(place?.folder == null ? {} : { vaultFolder: place.folder }),
        }),
      setProgress,
    );
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      setRecoveryKey('');
      setValue('');
      setConfirm('');
      onRestored(result.value);
      return;
    }
    const code: ErrorCode = result.error.code;
    if (code === 'BACKUP_DAMAGED') onDamaged();
    else setProblem({ code });
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('backup.restore.openTitle')}
      </h1>
      <p className="notice">
        {vault.lastBackupAt === null
          ? t('backup.restore.pickNoDate')
          : t('backup.restore.found', { date: formatBackupDate(vault.lastBackupAt, language) })}
      </p>
      {partial && <p>{t('backup.restore.partialNote')}</p>}
      <p>{t('backup.restore.openExplain')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy && place?.folder !== null) void submit();
        }}
      >
        <fieldset className="choices">
          <legend>{t('backup.restore.withLegend')}</legend>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-method`}
              checked={method === 'passphrase'}
              disabled={busy}
              onChange={() => {
                setMethod('passphrase');
                setProblem(null);
              }}
            />
            {t('backup.restore.withPassphrase')}
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-method`}
              checked={method === 'key'}
              disabled={busy}
              onChange={() => {
                setMethod('key');
                setProblem(null);
              }}
            />
            {t('backup.restore.withKey')}
          </label>
        </fieldset>
        {method === 'passphrase' ? (
          <div className="field">
            <label htmlFor={`${id}-passphrase`}>{t('backup.restore.passphraseLabel')}</label>
            <input
              id={`${id}-passphrase`}
              type="password"
              value={passphrase}
              autoComplete="current-password"
              aria-describedby={`${id}-problem`}
              onChange={(event) => {
                setPassphrase(event.target.value);
              }}
            />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${id}-key`}>{t('backup.restore.keyLabel')}</label>
              <input
                id={`${id}-key`}
                className="key-input"
                value={recoveryKey}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                aria-describedby={`${id}-key-hint ${id}-problem`}
                onChange={(event) => {
                  setRecoveryKey(event.target.value);
                }}
              />
              <p className="hint" id={`${id}-key-hint`}>
                {t('backup.restore.keyHint')}
              </p>
            </div>
            <p>{t('backup.restore.newExplain')}</p>
            <PassphraseFields
              label={t('backup.restore.newLabel')}
              confirmLabel={t('backup.restore.confirmLabel')}
              value={value}
              confirm={confirm}
              onValueChange={setValue}
              onConfirmChange={setConfirm}
              describedBy={`${id}-problem`}
            />
          </>
        )}
        <RestoreWhere disabled={busy} onChange={setPlace} />
        <ProblemNote problem={problem} id={`${id}-problem`} />
        <div className="actions">
          <button
            type="submit"
            className="button primary"
            disabled={busy || place?.folder === null}
          >
            {partial ? t('backup.restore.restoreIntact') : t('backup.restore.submit')}
          </button>
          <button type="button" className="button link" disabled={busy} onClick={onBack}>
            {t('common.back')}
          </button>
        </div>
        {busy && showBar && (
          <BackupProgress title={t('backup.progress.restoring')} progress={progress} />
        )}
      </form>
    </section>
  );
}
