// "Forgot passphrase": the recovery key opens the vault and a new passphrase replaces the old one.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { PassphraseFields } from '../components/PassphraseFields';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { findNewPassphraseProblem } from '../lib/passphrase-strength';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

interface Props {
  onRecovered: () => void;
  onBack: () => void;
}

export function Recover({ onRecovered, onBack }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const keyId = useId();
  const keyHintId = useId();
  const problemId = useId();
  const [recoveryKey, setRecoveryKey] = useState('');
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    if (recoveryKey.trim() === '') {
      setProblem({ code: 'WRONG_RECOVERY_KEY' });
      return;
    }
    const weakOrDifferent = findNewPassphraseProblem(value, confirm);
    if (weakOrDifferent !== null) {
      setProblem(weakOrDifferent);
      return;
    }
    setProblem(null);
    setBusy(true);
    const result = await api.vault.recover({
      recoveryKey: recoveryKey.trim(),
      newPassphrase: value,
    });
    setBusy(false);
    if (!result.ok) {
      setProblem({ code: result.error.code });
      return;
    }
    setRecoveryKey('');
    setValue('');
    setConfirm('');
    onRecovered();
  };

  return (
    <section aria-labelledby="recover-title">
      <h1 id="recover-title" ref={headingRef} tabIndex={-1}>
        {t('recover.title')}
      </h1>
      <p>{t('recover.explain')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div className="field">
          <label htmlFor={keyId}>{t('recover.keyLabel')}</label>
          <input
            id={keyId}
            className="key-input"
            value={recoveryKey}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby={`${keyHintId} ${problemId}`}
            onChange={(event) => {
              setRecoveryKey(event.target.value);
            }}
          />
          <p className="hint" id={keyHintId}>
            {t('recover.keyHint')}
          </p>
        </div>
        <PassphraseFields
          label={t('recover.newLabel')}
          confirmLabel={t('recover.confirmLabel')}
          value={value}
          confirm={confirm}
          onValueChange={setValue}
          onConfirmChange={setConfirm}
          describedBy={problemId}
        />
        <ProblemNote problem={problem} id={problemId} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('recover.working') : t('recover.submit')}
          </button>
          <button type="button" className="button link" onClick={onBack}>
            {t('recover.back')}
          </button>
        </div>
      </form>
    </section>
  );
}
