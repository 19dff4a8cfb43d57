// First run: what Sakshya is, a passphrase, then the recovery key. No settings on the way in. Beside
// "Start", "Restore from a backup" for a new computer (RestoreBackup).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { PassphraseFields } from '../components/PassphraseFields';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { useFocusOnMount } from '../lib/use-focus-on-mount';
import { findNewPassphraseProblem } from '../lib/passphrase-strength';
import { pickGroupNumber, splitRecoveryKey } from '../lib/recovery-key';
import { RecoveryKeyStep } from './RecoveryKeyStep';

type Step =
  | { name: 'intro' }
  | { name: 'passphrase' }
  | { name: 'key'; recoveryKey: string; groupNumber: number };

interface Props {
  /** The vault now exists and is open; from here a lock must send the user to the unlock screen. */
  onCreated: () => void;
  onDone: () => void;
  onRestore: () => void;
}

export function Welcome({ onCreated, onDone, onRestore }: Props) {
  const [step, setStep] = useState<Step>({ name: 'intro' });
  if (step.name === 'intro') {
    return (
      <Intro
        onStart={() => {
          setStep({ name: 'passphrase' });
        }}
        onRestore={onRestore}
      />
    );
  }
  if (step.name === 'passphrase') {
    return (
      <ChoosePassphrase
        onCreated={(recoveryKey) => {
          onCreated();
          // Chosen here, in an event, so it stays fixed while the key is on screen.
          setStep({
            name: 'key',
            recoveryKey,
            groupNumber: pickGroupNumber(splitRecoveryKey(recoveryKey).length),
          });
        }}
      />
    );
  }
  return (
    <RecoveryKeyStep
      recoveryKey={step.recoveryKey}
      groupNumber={step.groupNumber}
      onDone={onDone}
    />
  );
}

function Intro({ onStart, onRestore }: { onStart: () => void; onRestore: () => void }) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="welcome-title">
      <h1 id="welcome-title" ref={headingRef} tabIndex={-1}>
        {t('welcome.title')}
      </h1>
      <p className="lead">{t('welcome.lead')}</p>
      <ul className="points">
        <li>{t('welcome.pointOffline')}</li>
        <li>{t('welcome.pointOrder')}</li>
        <li>{t('welcome.pointLock')}</li>
      </ul>
      <div className="actions">
        <button type="button" className="button primary" onClick={onStart}>
          {t('welcome.start')}
        </button>
        <button
          type="button"
          className="button"
          aria-describedby="welcome-restore-hint"
          onClick={onRestore}
        >
          {t('backup.restore.offer')}
        </button>
      </div>
      <p className="hint" id="welcome-restore-hint">
        {t('backup.restore.offerHint')}
      </p>
    </section>
  );
}

function ChoosePassphrase({ onCreated }: { onCreated: (recoveryKey: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const problemId = useId();
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    const weakOrDifferent = findNewPassphraseProblem(value, confirm);
    if (weakOrDifferent !== null) {
      setProblem(weakOrDifferent);
      return;
    }
    setProblem(null);
    setBusy(true);
    const result = await api.vault.create({ passphrase: value });
    setBusy(false);
    if (!result.ok) {
      setProblem({ code: result.error.code });
      return;
    }
    setValue('');
    setConfirm('');
    onCreated(result.value.recoveryKey);
  };

  return (
    <section aria-labelledby="passphrase-title">
      <p className="step-of">{t('welcome.stepOf', { step: 1 })}</p>
      <h1 id="passphrase-title" ref={headingRef} tabIndex={-1}>
        {t('passphrase.title')}
      </h1>
      <p>{t('passphrase.explain')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <PassphraseFields
          label={t('passphrase.label')}
          confirmLabel={t('passphrase.confirmLabel')}
          value={value}
          confirm={confirm}
          onValueChange={setValue}
          onConfirmChange={setConfirm}
          describedBy={problemId}
        />
        <ProblemNote problem={problem} id={problemId} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t('passphrase.create')}
          </button>
        </div>
        {busy && (
          <p className="working" role="status">
            {t('passphrase.creating')}
          </p>
        )}
      </form>
    </section>
  );
}
