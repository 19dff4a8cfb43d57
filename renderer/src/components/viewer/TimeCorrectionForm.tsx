// "Correct the time": a date, a time (read in the case's zone, which is shown), and a reason that
// is required because it goes into the item's custody history next to the old and new value.
import { useId, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceDetails } from '../../../../shared/contract/viewer';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import {
  checkTimeCorrection,
  readTodayInZone,
  splitLocalTime,
  type TimeCorrectionCheck,
} from '../../lib/viewer-time';
import { useFocusOnMount } from '../../lib/use-focus-on-mount';
import { ProblemNote } from '../ProblemNote';
import { WhenInWords } from '../WhenInWords';

interface Props {
  details: EvidenceDetails;
  onSaved: (updated: EvidenceDetails) => void;
  onCancel: () => void;
}

export function TimeCorrectionForm({ details, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const start = splitLocalTime(details.captured.local);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<TimeCorrectionCheck['problems']>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ErrorCode | null>(null);
  const dateRef = useFocusOnMount<HTMLInputElement>();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const timeRef = useRef<HTMLInputElement>(null);

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const check = checkTimeCorrection({ date, time, reason }, readTodayInZone(details.timezone));
    setShown(check.problems);
    if (check.value === null) {
      // Put the cursor where the first problem is, so a keyboard user lands on it.
      if (check.problems.date !== undefined) dateRef.current?.focus();
      else if (check.problems.time !== undefined) timeRef.current?.focus();
      else reasonRef.current?.focus();
      return;
    }
    setSaving(true);
    setFailure(null);
    const result = await api.evidence.setTime({
      evidenceId: details.id,
      at: check.value,
      reason: reason.trim(),
    });
    setSaving(false);
    if (result.ok) onSaved(result.value);
    else setFailure(result.error.code);
  };

  // Esc leaves the form, not the whole viewer.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  const problemText = (field: 'date' | 'time' | 'reason'): string | null => {
    const problem = shown[field];
    return problem === undefined ? null : t(`viewer.correct.problem.${problem}`);
  };

  return (
    <form
      className="viewer-correct card"
      aria-labelledby={`${id}-title`}
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        void submit(event);
      }}
      data-testid="time-correction-form"
    >
      <h4 id={`${id}-title`}>{t('viewer.correct.title')}</h4>
      <div className="viewer-correct-row">
        <div className="field">
          <label htmlFor={`${id}-date`}>{t('viewer.correct.date')}</label>
          <input
            ref={dateRef}
            id={`${id}-date`}
            type="date"
            value={date}
            aria-invalid={shown.date !== undefined}
            aria-describedby={shown.date === undefined ? undefined : `${id}-date-problem`}
            onChange={(event) => {
              setDate(event.target.value);
            }}
          />
          {shown.date !== undefined && (
            <p id={`${id}-date-problem`} className="problem small">
              {problemText('date')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-time`}>{t('viewer.correct.time')}</label>
          <input
            ref={timeRef}
            id={`${id}-time`}
            type="time"
            value={time}
            aria-invalid={shown.time !== undefined}
            aria-describedby={shown.time === undefined ? undefined : `${id}-time-problem`}
            onChange={(event) => {
              setTime(event.target.value);
            }}
          />
          {shown.time !== undefined && (
            <p id={`${id}-time-problem`} className="problem small">
              {problemText('time')}
            </p>
          )}
        </div>
      </div>
      <WhenInWords
        date={date}
        time={time}
        timezone={details.timezone}
        testId="time-correction-when"
      />
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('viewer.correct.reason')}</label>
        <textarea
          ref={reasonRef}
          id={`${id}-reason`}
          rows={3}
          value={reason}
          required
          aria-invalid={shown.reason !== undefined}
          aria-describedby={`${id}-reason-hint${shown.reason === undefined ? '' : ` ${id}-reason-problem`}`}
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
        <p id={`${id}-reason-hint`} className="hint">
          {t('viewer.correct.reasonHint')}
        </p>
        {shown.reason !== undefined && (
          <p id={`${id}-reason-problem`} className="problem small">
            {problemText('reason')}
          </p>
        )}
      </div>
      <ProblemNote problem={failure === null ? null : { code: failure }} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? t('viewer.correct.saving') : t('viewer.correct.save')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={saving}>
          {t('viewer.correct.cancel')}
        </button>
      </div>
    </form>
  );
}
