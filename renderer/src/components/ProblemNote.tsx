// A problem is kept as a key or an error code, not as words, so switching language re-translates it.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/errors';
import { useErrorText } from '../lib/error-text';

export type Problem =
  | { code: ErrorCode }
  | {
      key: 'passphrase.weak' | 'passphrase.mismatch' | 'caseForm.needName' | 'caseForm.badTimezone';
    }
  | { key: 'recoveryKey.checkWrong'; n: number };

interface Props {
  problem: Problem | null;
  id?: string;
}

export function ProblemNote({ problem, id }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // The live region stays in the page so screen readers announce the message when it appears.
  return (
    <div id={id} className="problem-slot" role="alert">
      {problem !== null && <p className="problem">{describeProblem(problem, t, errorText)}</p>}
    </div>
  );
}

function describeProblem(
  problem: Problem,
  // Named directly: ReturnType<typeof useTranslation>['t'] makes tsc give up once there are many keys.
  t: TFunction,
  errorText: (code: ErrorCode) => string,
): string {
  if ('code' in problem) return errorText(problem.code);
  if (problem.key === 'recoveryKey.checkWrong') return t(problem.key, { n: problem.n });
  return t(problem.key);
}
