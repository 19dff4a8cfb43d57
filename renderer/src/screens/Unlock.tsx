import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { LockIcon } from '../components/LockIcon';
import { PassphraseForm } from '../components/PassphraseForm';

interface Props {
  onUnlocked: () => void;
  onForgot: () => void;
}

export function Unlock({ onUnlocked, onForgot }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  return (
    <section aria-labelledby="unlock-title">
      <LockIcon className="lock-badge" />
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <p>{t('unlock.explain')}</p>
      <PassphraseForm
        label={t('unlock.label')}
        submitLabel={t('unlock.submit')}
        workingLabel={t('unlock.working')}
        onSubmit={(passphrase) => api.vault.unlock({ passphrase })}
        onDone={onUnlocked}
        extraAction={
          <button type="button" className="button link" onClick={onForgot}>
            {t('unlock.forgot')}
          </button>
        }
      />
    </section>
  );
}
