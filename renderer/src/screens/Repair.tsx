// First run finds a vault whose vault.json is missing (keys, evidence or database are there): it
// must never offer to create a new vault over it. With the passphrase, main puts vault.json back
// from the key files (core/vault/repair.ts) and opens the vault. Then one calm screen says that it
// worked before her cases appear: going straight to the case list left her wondering whether the
// repair had done anything.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { LockIcon } from '../components/LockIcon';
import { PassphraseForm } from '../components/PassphraseForm';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

interface Props {
  /** The vault is open from here on (a lock event now means something). */
  onRepaired: () => void;
  /** She read the confirmation and opens her evidence. */
  onDone: () => void;
}

export function Repair({ onRepaired, onDone }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [repaired, setRepaired] = useState(false);
  if (repaired) return <RepairDone onOpen={onDone} />;
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
        onDone={() => {
          onRepaired();
          setRepaired(true);
        }}
      />
      {/* The file's name is for whoever helps her, one click away. */}
      <details className="lawyer-details">
        <summary>{t('repair.details')}</summary>
        <p className="muted small">{t('repair.detailsMissing')}</p>
      </details>
    </section>
  );
}

function RepairDone({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section aria-labelledby="repair-done-title" data-testid="repair-done">
      <LockIcon className="lock-badge" />
      <h1 id="repair-done-title" ref={headingRef} tabIndex={-1}>
        {t('repair.doneTitle')}
      </h1>
      <p className="lead" role="status">
        {t('repair.doneBody')}
      </p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onOpen}>
          {t('repair.open')}
        </button>
      </div>
    </section>
  );
}
