// The case's progress bar: steps done or not needed, out of all steps. A <progress> element, since
// the CSP forbids inline widths and screen readers announce it as a progress bar.
import { useTranslation } from 'react-i18next';
import type { StepProgress } from '../../../../shared/contract/steps';
import { describeProgress } from '../../lib/steps-format';

export function StepsProgress({ progress }: { progress: StepProgress }) {
  const { t } = useTranslation();
  const { finished, total } = describeProgress(progress);
  const text = t('steps.progress', { finished, total });
  return (
    <div className="steps-progress">
      <progress
        className="steps-progress-bar"
        max={Math.max(total, 1)}
        value={finished}
        aria-label={t('steps.progressLabel')}
        aria-valuetext={text}
        data-testid="steps-progress"
      />
      <span className="steps-progress-text">{text}</span>
    </div>
  );
}
