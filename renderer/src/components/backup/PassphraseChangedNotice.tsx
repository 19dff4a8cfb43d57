// After a passphrase change or a recovery: the backup still opens with the old passphrase until the
// next backup replaces the old keys in it. Said once, plainly, with "Back up now".
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../lib/use-focus-on-mount';

interface Props {
  onBackUpNow: () => void;
  onLater: () => void;
}

export function PassphraseChangedNotice({ onBackUpNow, onLater }: Props) {
  const { t } = useTranslation();
  const id = useId();
  // It appears after a change made lower down the page (or on opening after a recovery): bring it
  // into view and to the screen reader.
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card next keys-changed" aria-labelledby={id} data-testid="keys-changed">
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {t('backup.passphraseChanged.title')}
      </h2>
      <p>{t('backup.passphraseChanged.body')}</p>
      <p className="hint">{t('backup.passphraseChanged.limit')}</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={onBackUpNow}>
          {t('backup.passphraseChanged.action')}
        </button>
        <button type="button" className="button link" onClick={onLater}>
          {t('backup.passphraseChanged.later')}
        </button>
      </div>
    </section>
  );
}
