// What the unlock found wrong with the vault's files (shared/contract/vault.ts), said calmly at the
// top of the unlocked app: what happened in plain words, one action (OK), and the technical detail
// (in the window's language, with the records it names) one click away for whoever helps her. It comes back at every unlock until it is fixed,
// because the core finds it again; closing it only hides it for now.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultWarning } from '../../../shared/contract/vault';
import { useApi } from '../api/api-context';

export function VaultWarnings() {
  const api = useApi();
  const { t } = useTranslation();
  const [warnings, setWarnings] = useState<VaultWarning[]>([]);
  const [closed, setClosed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void api.vault.status({}).then((result) => {
      if (!cancelled && result.ok) setWarnings(result.value.warnings ?? []);
    });
    return () => {
      cancelled = true;
    };
  }, [api]);

  if (closed || warnings.length === 0) return null;
  return (
    <section
      className="vault-warnings"
      role="status"
      aria-labelledby="vault-warnings-title"
      data-testid="vault-warnings"
    >
      <h2 id="vault-warnings-title">{t('vaultWarnings.title')}</h2>
      <p>{t('vaultWarnings.lead')}</p>
      <ul>
        {warnings.map((warning) => (
          <li key={warning.code} data-code={warning.code}>
            {t(`vaultWarnings.codes.${warning.code}`)}
          </li>
        ))}
      </ul>
      <p>{t('vaultWarnings.next')}</p>
      {/* A calm acknowledgement, not the screen's main action: a notice shown beside it (such as
          the passphrase change's "Back up now") keeps the one primary button. */}
      <button
        type="button"
        className="button"
        onClick={() => {
          setClosed(true);
        }}
      >
        {t('vaultWarnings.close')}
      </button>
      <details className="lawyer-details" data-testid="vault-warnings-details">
        <summary>{t('vaultWarnings.details')}</summary>
        <p className="muted small">{t('vaultWarnings.detailsNote')}</p>
        {/* In the window's language: the core's detail is English (for the CLI), so it is said
            again here from the code and the records it names, which stay as they are. */}
        <ul className="vault-warning-details">
          {warnings.map((warning) => (
            <li key={warning.code}>
              <code>{warning.code}</code>:{' '}
              {t(`vaultWarnings.detailText.${warning.code}`, {
                count: warning.items?.length ?? 0,
              })}
              {(warning.items ?? []).length > 0 && (
                <ul lang="en">
                  {(warning.items ?? []).map((item) => (
                    <li key={item}>
                      <code>{item}</code>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
        <p className="small">
          {t('vaultWarnings.detailCheck')} <code>sakshya check</code>
        </p>
      </details>
    </section>
  );
}
