// First run finds a vault whose vault.json is missing (keys, evidence or database are there): it
// must never offer to create a new vault over it. With the passphrase, main puts vault.json back
// from the key files (core/vault/repair.ts) and opens the vault.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { LockIcon } from '../components/LockIcon';
import { ProblemNote, type Problem } from '../components/ProblemNote';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

interface Props {
  onRepaired: () => void;
}

export function Repair({ onRepaired }: Props) {
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
    const result = await api.vault.repair({ passphrase });
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      onRepaired();
      return;
    }
    setProblem({ code: result.error.code });
    inputRef.current?.select();
  };

  return (
    <section aria-labelledby="repair-title" data-testid="repair-screen">
      <LockIcon className="lock-badge" />
      <h1 id="repair-title">{t('repair.title')}</h1>
      <p>{t('repair.explain')}</p>
      <p>{t('repair.how')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div className="field">
          <label htmlFor={fieldId}>{t('repair.label')}</label>
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
            {busy ? t('repair.working') : t('repair.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
