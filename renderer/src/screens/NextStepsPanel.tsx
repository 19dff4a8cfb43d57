// The case's "what to do next" card on the Overview.
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/domain';

export function NextStepsPanel({ current }: { current: Case }) {
  const { t } = useTranslation();

  return (
    <div className="card next" data-case={current.id}>
      <h2>{t('casePage.nextTitle')}</h2>
      <p>{t('casePage.nextBody')}</p>
    </div>
  );
}
