// The signing key file is gone (SIGNING_KEY_MISSING). A new key is made only when she says so,
// after being told what it means for the person she sends the bundle to: never silently.
import { useTranslation } from 'react-i18next';

export function NewSigningKey({ onConfirm }: { onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="export-new-key" data-testid="export-new-key">
      <p>{t('export.newKey.explain')}</p>
      <button type="button" className="button primary" onClick={onConfirm}>
        {t('export.newKey.confirm')}
      </button>
    </div>
  );
}
