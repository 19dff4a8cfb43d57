// Settings › Change your passphrase. The old passphrase still opens any backup made before, so after
// a change the window says so and offers "Back up now" (PassphraseChangedNotice, from the status).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/api-context';
import { findNewPassphraseProblem } from '../../lib/passphrase-strength';
import { PassphraseField } from '../PassphraseField';
import { PassphraseFields } from '../PassphraseFields';
import { ProblemNote, type Problem } from '../ProblemNote';

export function ChangePassphraseForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (): Promise<void> => {
    if (current === '') {
      setProblem({ code: 'WRONG_PASSPHRASE' });
      return;
    }
    const weakOrDifferent = findNewPassphraseProblem(value, confirm);
    if (weakOrDifferent !== null) {
      setProblem(weakOrDifferent);
      return;
    }
    setProblem(null);
    setDone(false);
    setBusy(true);
    const result = await api.vault.changePassphrase({ current, next: value });
    setBusy(false);
    if (!result.ok) {
      setProblem({ code: result.error.code });
      return;
    }
    setCurrent('');
    setValue('');
    setConfirm('');
    setDone(true);
    onChanged();
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('backup.changePassphrase.title')}</h2>
      <p>{t('backup.changePassphrase.explain')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <PassphraseField
          label={t('backup.changePassphrase.current')}
          value={current}
          onChange={setCurrent}
          describedBy={`${id}-problem`}
        />
        <PassphraseFields
          label={t('backup.changePassphrase.next')}
          confirmLabel={t('backup.changePassphrase.confirm')}
          value={value}
          confirm={confirm}
          onValueChange={setValue}
          onConfirmChange={setConfirm}
          describedBy={`${id}-problem`}
        />
        <ProblemNote problem={problem} id={`${id}-problem`} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('backup.changePassphrase.working') : t('backup.changePassphrase.submit')}
          </button>
        </div>
        <p className="status-line" role="status">
          {done && t('backup.changePassphrase.done')}
        </p>
      </form>
    </section>
  );
}
