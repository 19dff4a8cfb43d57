import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { LockIcon } from '../components/LockIcon';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

interface Props {
  onUnlocked: () => void;
  onForgot: () => void;
}

export function Unlock({ onUnlocked, onForgot }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const inputRef = useFocusOnMount<HTMLInputElement>();
  const fieldId = useId();
  const problemId = useId();
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    if (passphrase === '') return;
    setBusy(true);
    setProblem(null);
    const result = await api.vault.unlock({ passphrase });
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      onUnlocked();
      return;
    }
    setProblem({ code: result.error.code });
    inputRef.current?.select();
  };

  return (
    <section aria-labelledby="unlock-title">
      <LockIcon className="lock-badge" />
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <p>{t('unlock.explain')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div className="field">
          <label htmlFor={fieldId}>{t('unlock.label')}</label>
          <input
            id={fieldId}
            ref={inputRef}
            type="password"
            value={passphrase}
            autoComplete="current-password"
            spellCheck={false}
            aria-describedby={problemId}
            aria-invalid={problem !== null}
            onChange={(event) => {
              setPassphrase(event.target.value);
            }}
          />
        </div>
        <ProblemNote problem={problem} id={problemId} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('unlock.working') : t('unlock.submit')}
          </button>
          <button type="button" className="button link" onClick={onForgot}>
            {t('unlock.forgot')}
          </button>
        </div>
      </form>
    </section>
  );
}
