// Placeholder until this tab lands; it says calmly what will be here.
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/domain';

export function ExportTab({ current }: { current: Case }) {
  const { t } = useTranslation();

  return (
    <div className="empty-state" data-case={current.id}>
      <h2>{t('casePage.comingSoon')}</h2>
      <p>{t('casePage.comingSoonBody.export')}</p>
    </div>
  );
}
