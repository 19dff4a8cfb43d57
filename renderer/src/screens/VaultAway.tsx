// First run, when the vault the app remembered was not opened (shared/contract/vault-place.ts): the
// drive it is on is not plugged in, or its folder is gone. Said calmly instead of a bare welcome,
// which would look as if her evidence were gone: what happened, that nothing was changed, and one
// clear action (Try again); a new vault and a restore are quieter choices, and the folder and the
// reason code are one click away. A pointer Sakshya did not write never shows a place.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../shared/api-contract';
import type { VaultPlaceIgnored } from '../../../shared/contract/vault-place';
import { useApi } from '../api/api-context';
import { ProblemNote } from '../components/ProblemNote';
import type { ErrorCode } from '../../../shared/errors';
import { useFocusOnMount } from '../lib/use-focus-on-mount';

interface Props {
  problem: VaultPlaceIgnored;
  /** The vault was found (or a repair is needed there): the app moves on with this status. */
  onFound: (status: VaultStatus) => void;
  onStartNew: () => void;
  onRestore: () => void;
}

type Look =
  { name: 'idle' } | { name: 'looking' } | { name: 'still' } | { name: 'failed'; code: ErrorCode };

export function VaultAway({ problem: initial, onFound, onStartNew, onRestore }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [problem, setProblem] = useState(initial);
  const [look, setLook] = useState<Look>({ name: 'idle' });
  const folder = problem.reason === 'invalid' ? undefined : problem.folder;

  const tryAgain = async (): Promise<void> => {
    setLook({ name: 'looking' });
    const result = await api.vault.findAgain({});
    if (!result.ok) {
      setLook({ name: 'failed', code: result.error.code });
      return;
    }
    const status = result.value;
    if (status.placeIgnored === undefined) {
      onFound(status);
      return;
    }
    setProblem(status.placeIgnored);
    setLook({ name: 'still' });
  };

  return (
    <section
      aria-labelledby="vault-away-title"
      data-testid="vault-away"
      data-reason={problem.reason}
    >
      <h1 id="vault-away-title" ref={headingRef} tabIndex={-1}>
        {t('vaultAway.title')}
      </h1>
      <p className="lead">{t(`vaultAway.reason.${problem.reason}`, { folder: folder ?? '' })}</p>
      <p>{t('vaultAway.safe')}</p>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={look.name === 'looking'}
          onClick={() => {
            void tryAgain();
          }}
        >
          {t('app.tryAgain')}
        </button>
      </div>
      {look.name === 'looking' && (
        <p className="working" role="status">
          {t('vaultAway.looking')}
        </p>
      )}
      {look.name === 'still' && (
        <p className="vault-away-still" role="status">
          {t('vaultAway.stillAway')}
        </p>
      )}
      {look.name === 'failed' && <ProblemNote problem={{ code: look.code }} />}
      <h2 className="vault-away-other">{t('vaultAway.otherChoices')}</h2>
      <div className="actions quiet-actions">
        <button
          type="button"
          className="button"
          aria-describedby="vault-away-new-hint"
          onClick={onStartNew}
        >
          {t('vaultAway.startNew')}
        </button>
        <button type="button" className="button" onClick={onRestore}>
          {t('backup.restore.offer')}
        </button>
      </div>
      <p className="hint" id="vault-away-new-hint">
        {t('vaultAway.startNewHint')}
      </p>
      <details className="lawyer-details" data-testid="vault-away-details">
        <summary>{t('vaultAway.details')}</summary>
        <p className="muted small">{t('vaultAway.detailsNote')}</p>
        <dl className="vault-away-facts">
          {folder !== undefined && (
            <>
              <dt>{t('vaultAway.detailFolder')}</dt>
              <dd>
                <code>{folder}</code>
              </dd>
            </>
          )}
          <dt>{t('vaultAway.detailReason')}</dt>
          <dd>
            <code>{problem.reason}</code>: {t(`vaultAway.detailText.${problem.reason}`)}
          </dd>
        </dl>
        <p className="small">{t('vaultAway.detailFile')}</p>
      </details>
    </section>
  );
}
