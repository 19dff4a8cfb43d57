// First run › "Restore from a backup": choose the folder (main's folder dialog), choose the vault
// when the folder holds several, check it, then open it (RestoreOpenStep) and say plainly what came
// back. A damaged backup is never restored silently: each problem is listed and "Restore what is
// intact" is a choice she makes.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../components/backup/backup.css';
import type {
  BackupFoundVault,
  BackupRestoreResult,
  BackupVerifyReport,
} from '../../../shared/contract/backup';
import { useApi } from '../api/api-context';
import { BackupProgress } from '../components/backup/BackupProgress';
import { FindingList } from '../components/backup/FindingList';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { readLanguage } from '../i18n';
import { formatBackupDate } from '../lib/backup-when';
import { followProgress, useShownAfterASecond, type TaskProgress } from '../lib/task-progress';
import { useFocusOnMount } from '../lib/use-focus-on-mount';
import { RestoreOpenStep } from './RestoreOpenStep';

type Step =
  | { name: 'start' }
  | { name: 'pick'; vaults: BackupFoundVault[] }
  | { name: 'damaged'; vault: BackupFoundVault; report: BackupVerifyReport }
  | { name: 'open'; vault: BackupFoundVault; partial: boolean }
  | { name: 'done'; result: BackupRestoreResult };

interface Props {
  /** The restored vault is open; from here a lock must send her to the unlock screen. */
  onRestored: () => void;
  onDone: () => void;
  onBack: () => void;
}

export function RestoreBackup({ onRestored, onDone, onBack }: Props) {
  const api = useApi();
  const [step, setStep] = useState<Step>({ name: 'start' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState<'looking' | 'checking' | null>(null);
  const [progress, setProgress] = useState<TaskProgress | null>(null);

  /** Checks the chosen vault's backup (completeness and hashes: no key is at hand yet). */
  const checkVault = async (vault: BackupFoundVault, onlyIfDamaged = false): Promise<void> => {
    setBusy('checking');
    setProgress(null);
    const taskId = crypto.randomUUID();
    const result = await followProgress(
      api,
      taskId,
      () => api.backup.verify({ taskId, folder: vault.folder, vaultId: vault.vaultId }),
      setProgress,
    );
    setBusy(null);
    if (!result.ok) {
      setProblem({ code: result.error.code });
      setStep({ name: 'start' });
      return;
    }
    if (result.value.result === 'damaged')
      setStep({ name: 'damaged', vault, report: result.value });
    else if (!onlyIfDamaged) setStep({ name: 'open', vault, partial: false });
    // Refused by the restore, which holds her key, yet whole to a check without it: what only the
    // key can see failed, a list of files someone changed. Said on the damaged step, with its
    // choice to restore the generation before it (before, the open step stayed, saying nothing).
    else
      setStep({
        name: 'damaged',
        vault,
        report: {
          ...result.value,
          result: 'damaged',
          problems: [
            {
              code: 'manifest-forged',
              file: null,
              // Technical details, in the core's English like the other findings.
              message:
                "the restore, with this vault's key, found a generation this vault did not write; a check without the key cannot see it",
            },
          ],
        },
      });
  };

  const chooseFolder = async (): Promise<void> => {
    setProblem(null);
    setEmpty(false);
    const chosen = await api.backup.chooseFolder({ purpose: 'restore' });
    if (!chosen.ok) {
      setProblem({ code: chosen.error.code });
      return;
    }
    if (chosen.value.folder === null) return;
    setBusy('looking');
    const found = await api.backup.findVaults({ folder: chosen.value.folder });
    setBusy(null);
    if (!found.ok) {
      setProblem({ code: found.error.code });
      setStep({ name: 'start' });
      return;
    }
    const { vaults } = found.value;
    const [only] = vaults;
    if (only === undefined) {
      setEmpty(true);
      setStep({ name: 'start' });
    } else if (vaults.length === 1) {
      if (only.supported) await checkVault(only);
      else {
        setProblem({ code: 'BACKUP_TOO_NEW' });
        setStep({ name: 'start' });
      }
    } else setStep({ name: 'pick', vaults });
  };

  const backToStart = (): void => {
    setProblem(null);
    setStep({ name: 'start' });
  };

  switch (step.name) {
    case 'start':
      return (
        <StartStep
          busy={busy}
          progress={progress}
          problem={problem}
          empty={empty}
          onChoose={() => {
            void chooseFolder();
          }}
          onBack={onBack}
        />
      );
    case 'pick':
      return (
        <PickStep
          vaults={step.vaults}
          busy={busy}
          progress={progress}
          onPick={(vault) => {
            void checkVault(vault);
          }}
          onBack={backToStart}
        />
      );
    case 'damaged':
      return (
        <DamagedStep
          report={step.report}
          onRestoreIntact={() => {
            setStep({ name: 'open', vault: step.vault, partial: true });
          }}
          onChooseAnother={backToStart}
        />
      );
    case 'open':
      return (
        <RestoreOpenStep
          vault={step.vault}
          partial={step.partial}
          onRestored={(result) => {
            onRestored();
            setStep({ name: 'done', result });
          }}
          onDamaged={() => {
            void checkVault(step.vault, true);
          }}
          onBack={backToStart}
        />
      );
    case 'done':
      return <DoneStep result={step.result} onOpen={onDone} />;
  }
}

interface StartProps {
  busy: 'looking' | 'checking' | null;
  progress: TaskProgress | null;
  problem: Problem | null;
  empty: boolean;
  onChoose: () => void;
  onBack: () => void;
}

function StartStep({ busy, progress, problem, empty, onChoose, onBack }: StartProps) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const showBar = useShownAfterASecond(busy === 'checking');
  return (
    <section aria-labelledby="restore-title">
      <h1 id="restore-title" ref={headingRef} tabIndex={-1}>
        {t('backup.restore.title')}
      </h1>
      <p>{t('backup.restore.explain')}</p>
      <p className="hint">{t('backup.settings.whereHint')}</p>
      <ProblemNote problem={problem} />
      {empty && (
        <p className="problem" role="alert">
          {t('backup.restore.none')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={busy !== null}
          onClick={onChoose}
        >
          {t('backup.restore.choose')}
        </button>
        <button type="button" className="button link" disabled={busy !== null} onClick={onBack}>
          {t('common.back')}
        </button>
      </div>
      {busy === 'looking' && (
        <p className="working" role="status">
          {t('backup.restore.looking')}
        </p>
      )}
      {busy === 'checking' && showBar && (
        <BackupProgress title={t('backup.progress.checking')} progress={progress} />
      )}
    </section>
  );
}

interface PickProps {
  vaults: BackupFoundVault[];
  busy: 'looking' | 'checking' | null;
  progress: TaskProgress | null;
  onPick: (vault: BackupFoundVault) => void;
  onBack: () => void;
}

function PickStep({ vaults, busy, progress, onPick, onBack }: PickProps) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const id = useId();
  const showBar = useShownAfterASecond(busy === 'checking');
  // Newest first: hers is most likely the one backed up last.
  const sorted = [...vaults].sort((a, b) =>
    (b.lastBackupAt ?? '').localeCompare(a.lastBackupAt ?? ''),
  );
  const [chosen, setChosen] = useState<string | null>(
    sorted.find((v) => v.supported)?.vaultId ?? null,
  );
  const picked = sorted.find((vault) => vault.vaultId === chosen);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('backup.restore.pickTitle')}
      </h1>
      <p>{t('backup.restore.pickExplain', { count: vaults.length })}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (picked !== undefined && busy === null) onPick(picked);
        }}
      >
        <fieldset className="vault-choices">
          <legend>{t('backup.restore.pickLegend')}</legend>
          {sorted.map((vault) => (
            <label key={vault.vaultId} className="choice vault-choice">
              <input
                type="radio"
                name={`${id}-vault`}
                value={vault.vaultId}
                checked={chosen === vault.vaultId}
                disabled={!vault.supported || busy !== null}
                aria-describedby={`${id}-${vault.vaultId}`}
                onChange={() => {
                  setChosen(vault.vaultId);
                }}
              />
              <span>
                <span className="vault-choice-title">
                  {vault.lastBackupAt === null
                    ? t('backup.restore.pickNoDate')
                    : t('backup.restore.pickItem', {
                        date: formatBackupDate(vault.lastBackupAt, language),
                      })}
                </span>
                <span className="hint" id={`${id}-${vault.vaultId}`}>
                  {vault.supported
                    ? t('backup.restore.pickKept', { count: vault.generations })
                    : t('backup.restore.pickTooNew')}
                  {' · '}
                  {t('backup.restore.pickId', { id: vault.vaultId.slice(0, 8) })}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button
            type="submit"
            className="button primary"
            disabled={picked === undefined || busy !== null}
          >
            {t('common.continue')}
          </button>
          <button type="button" className="button link" disabled={busy !== null} onClick={onBack}>
            {t('common.back')}
          </button>
        </div>
      </form>
      {busy === 'checking' && showBar && (
        <BackupProgress title={t('backup.progress.checking')} progress={progress} />
      )}
    </section>
  );
}

interface DamagedProps {
  report: BackupVerifyReport;
  onRestoreIntact: () => void;
  onChooseAnother: () => void;
}

function DamagedStep({ report, onRestoreIntact, onChooseAnother }: DamagedProps) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="restore-damaged-title">
      <h1 id="restore-damaged-title" ref={headingRef} tabIndex={-1}>
        {t('backup.restore.damagedTitle')}
      </h1>
      <p>{t('backup.restore.damagedExplain')}</p>
      <FindingList findings={report.problems} label={t('backup.restore.damagedTitle')} />
      <p>{t('backup.restore.damagedChoice')}</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onRestoreIntact}>
          {t('backup.restore.restoreIntact')}
        </button>
        <button type="button" className="button" onClick={onChooseAnother}>
          {t('backup.restore.chooseAnother')}
        </button>
      </div>
    </section>
  );
}

function DoneStep({ result, onOpen }: { result: BackupRestoreResult; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const date = formatBackupDate(result.backedUpAt, language);
  // A newer generation someone changed was not used: said in words of its own, not as a lost file.
  const olderUsed = result.missing.some((item) => item.code === 'manifest-forged');
  const lost = result.missing.filter((item) => item.code !== 'manifest-forged');
  return (
    <section aria-labelledby="restore-done-title" data-testid="restore-done">
      <h1 id="restore-done-title" ref={headingRef} tabIndex={-1}>
        {t('backup.restore.doneTitle')}
      </h1>
      <p className="lead">
        {/* The count is of what came back; what did not is listed below, item by item. */}
        {lost.length === 0
          ? t('backup.restore.doneBody', { count: result.evidenceCount, date })
          : t('backup.restore.doneBodyPartial', { count: result.evidenceCount, date })}
      </p>
      {olderUsed && (
        <p className="notice" data-testid="restore-older-used">
          {t('backup.restore.olderUsed', { date })}
        </p>
      )}
      {lost.length > 0 && (
        <>
          <p className="notice">{t('backup.restore.missing', { count: lost.length })}</p>
          <FindingList
            findings={lost}
            label={t('backup.restore.missing', { count: lost.length })}
          />
          <p className="hint">{t('backup.restore.missingHelp')}</p>
        </>
      )}
      <p className="hint" data-testid="restore-done-where">
        {t('backup.restore.doneWhere', { folder: result.vaultFolder })}
      </p>
      <p className="hint">{t('backup.restore.doneLog')}</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onOpen}>
          {t('backup.restore.open')}
        </button>
      </div>
    </section>
  );
}
