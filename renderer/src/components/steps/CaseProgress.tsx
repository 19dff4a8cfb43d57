// The small progress indicator in the case header: how many steps are finished, read again whenever
// she changes tab (a step marked done on the Steps tab shows here as soon as she leaves it).
import { useEffect, useState } from 'react';
import type { StepProgress } from '../../../../shared/contract/steps';
import { useApi } from '../../api/api-context';
import { callSafely } from '../../lib/steps-api';
import { StepsProgress } from './StepsProgress';
import './steps.css';

export function CaseProgress({ caseId, generation }: { caseId: string; generation: string }) {
  const api = useApi();
  const [progress, setProgress] = useState<StepProgress | null>(null);
  useEffect(() => {
    let live = true;
    void callSafely(() => api.steps.list({ caseId })).then((result) => {
      if (live && result.ok) setProgress(result.value.progress);
    });
    return () => {
      live = false;
    };
  }, [api, caseId, generation]);
  if (progress === null || progress.total === 0) return null;
  return (
    <div className="case-progress">
      <StepsProgress progress={progress} />
    </div>
  );
}
