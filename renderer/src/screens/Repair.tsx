// First run finds a vault whose vault.json is missing (keys, evidence or database are there): it
// must never offer to create a new vault over it. With the passphrase, main puts vault.json back
// from the key files (core/vault/repair.ts) and opens the vault.
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { LockIcon } from '../components/LockIcon';
import { PassphraseForm } from '../components/PassphraseForm';

interface Props {
  onRepaired: () => void;
}

export function Repair({ onRepaired }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  return (
    <section aria-labelledby="repair-title" data-testid="repair-screen">
      <LockIcon className="lock-badge" />
      <h1 id="repair-title">{t('repair.title')}</h1>
      <p>{t('repair.explain')}</p>
      <p>{t('repair.how')}</p>
      <PassphraseForm
        label={t('repair.label')}
        submitLabel={t('repair.submit')}
        workingLabel={t('repair.working')}
        onSubmit={(passphrase) => api.vault.repair({ passphrase })}
        onDone={onRepaired}
      />
      {/* The file's name is for whoever helps her, one click away. */}
      <details className="lawyer-details">
        <summary>{t('repair.details')}</summary>
        <p className="muted small">{t('repair.detailsMissing')}</p>
      </details>
    </section>
  );
}
