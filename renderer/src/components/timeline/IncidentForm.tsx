// Logging an incident in a few seconds: what happened, the number (the case's numbers offered), when
// on the case's clock (now by default), how long a call lasted, what was said, and whether they
// contacted someone else. "Add several calls" takes rows pasted from a phone's call log, shows what
// will be added and which rows could not be read, then adds them.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  INCIDENT_KINDS,
  type CallRowsResult,
  type IncidentKind,
} from '../../../../shared/contract/timeline';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { formatDuration, readCaseClock } from '../../lib/timeline-text';
import { ProblemNote } from '../ProblemNote';
import { WhenInWords } from '../WhenInWords';

interface Props {
  caseId: string;
  timezone: string;
  numbers: string[];
  /** With the call just logged, so the list can bring it into view. */
  onAdded: (added?: { id: string; day: string }) => void;
  onClose: () => void;
}

export function IncidentForm({ caseId, timezone, numbers, onAdded, onClose }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'one' | 'several'>('one');
  return (
    <section className="card timeline-incident" aria-labelledby="incident-title">
      <h2 id="incident-title">{t('timeline.incident.title')}</h2>
      {/* A switch, not two main buttons: the form's own Add is its one main action. */}
      <div className="incident-mode" role="group" aria-label={t('timeline.incident.modeLabel')}>
        <button
          type="button"
          className="toggle"
          aria-pressed={mode === 'one'}
          onClick={() => {
            setMode('one');
          }}
        >
          {t('timeline.incident.one')}
        </button>
        <button
          type="button"
          className="toggle"
          aria-pressed={mode === 'several'}
          onClick={() => {
            setMode('several');
          }}
        >
          {t('timeline.incident.several')}
        </button>
      </div>
      {mode === 'one' ? (
        <OneIncident
          caseId={caseId}
          timezone={timezone}
          numbers={numbers}
          onAdded={onAdded}
          onClose={onClose}
        />
      ) : (
        <SeveralCalls caseId={caseId} onAdded={onAdded} onClose={onClose} />
      )}
    </section>
  );
}

function OneIncident({ caseId, timezone, numbers, onAdded, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const now = readCaseClock(timezone);
  const [kind, setKind] = useState<IncidentKind>('call');
  const [number, setNumber] = useState(numbers[0] ?? '');
  const [date, setDate] = useState(now.date);
  const [time, setTime] = useState(now.time);
  const [minutes, setMinutes] = useState('');
  const [text, setText] = useState('');
  const [thirdParty, setThirdParty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const [saved, setSaved] = useState(0);

  const submit = () => {
    const duration = minutes.trim() === '' ? undefined : Math.round(Number(minutes) * 60);
    if (duration !== undefined && (!Number.isFinite(duration) || duration < 0)) {
      setProblem('INVALID_INPUT');
      return;
    }
    setBusy(true);
    void api.incident
      .add({
        caseId,
        kind,
        at: `${date}T${time}`,
        ...(number.trim() === '' ? {} : { number: number.trim() }),
        ...(kind === 'call' && duration !== undefined ? { durationSeconds: duration } : {}),
        text,
        thirdParty,
      })
      .then((result) => {
        setBusy(false);
        if (!result.ok) {
          setProblem(result.error.code);
          return;
        }
        setProblem(null);
        setText('');
        setMinutes('');
        setThirdParty(false);
        setSaved((count) => count + 1);
        onAdded({ id: result.value.id, day: date });
      });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('timeline.incident.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as IncidentKind);
          }}
        >
          {INCIDENT_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`timeline.incident.kinds.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-number`}>{t('timeline.incident.number')}</label>
        <input
          id={`${id}-number`}
          type="tel"
          list={`${id}-numbers`}
          value={number}
          autoComplete="off"
          onChange={(event) => {
            setNumber(event.target.value);
          }}
        />
        <datalist id={`${id}-numbers`}>
          {numbers.map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      </div>
      <div className="timeline-when">
        <div className="field">
          <label htmlFor={`${id}-date`}>{t('timeline.incident.date')}</label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            required
            onChange={(event) => {
              setDate(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-time`}>{t('timeline.incident.time')}</label>
          <input
            id={`${id}-time`}
            type="time"
            value={time}
            required
            onChange={(event) => {
              setTime(event.target.value);
            }}
          />
        </div>
        {kind === 'call' && (
          <div className="field">
            <label htmlFor={`${id}-minutes`}>{t('timeline.incident.minutes')}</label>
            <input
              id={`${id}-minutes`}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              value={minutes}
              onChange={(event) => {
                setMinutes(event.target.value);
              }}
            />
          </div>
        )}
      </div>
      <WhenInWords date={date} time={time} timezone={timezone} testId="incident-when" />
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('timeline.incident.text')}</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          maxLength={20000}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={thirdParty}
          onChange={(event) => {
            setThirdParty(event.target.checked);
          }}
        />
        <span>{t('timeline.incident.thirdParty')}</span>
      </label>
      <ProblemNote problem={problem === null ? null : { code: problem }} />
      {saved > 0 && (
        <p className="notice" role="status">
          {t('timeline.incident.saved', { count: saved })}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('timeline.incident.save')}
        </button>
        <button type="button" className="button quiet" onClick={onClose}>
          {t('timeline.incident.done')}
        </button>
      </div>
    </form>
  );
}

function SeveralCalls({ caseId, onAdded, onClose }: Pick<Props, 'caseId' | 'onAdded' | 'onClose'>) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<CallRowsResult | null>(null);
  const [added, setAdded] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode | null>(null);

  const run = (asPreview: boolean) => {
    setBusy(true);
    void api.incident.addCalls({ caseId, text, preview: asPreview }).then((result) => {
      setBusy(false);
      if (!result.ok) {
        setProblem(result.error.code);
        return;
      }
      setProblem(null);
      if (asPreview) {
        setPreview(result.value);
        setAdded(null);
      } else {
        setAdded(result.value.added);
        setPreview(null);
        setText('');
        onAdded();
      }
    });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        run(true);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-rows`}>{t('timeline.batch.label')}</label>
        <textarea
          id={`${id}-rows`}
          rows={6}
          value={text}
          placeholder="+91 98765 43210, 12/05/2024 21:15, 3:20"
          onChange={(event) => {
            setText(event.target.value);
            setPreview(null);
          }}
        />
        <p className="hint">{t('timeline.batch.hint')}</p>
      </div>
      <ProblemNote problem={problem === null ? null : { code: problem }} />
      {added !== null && (
        <p className="notice" role="status">
          {t('timeline.batch.added', { count: added })}
        </p>
      )}
      {preview !== null && (
        <div className="timeline-preview" role="status">
          <p>{t('timeline.batch.willAdd', { count: preview.rows.length })}</p>
          {preview.rows.length > 0 && (
            <ul className="inline-list small">
              {preview.rows.map((row) => (
                <li key={row.line}>
                  {row.atLocal.slice(0, 10)} {row.atLocal.slice(11, 16)} · {row.number}
                  {row.durationSeconds === null ? '' : ` · ${formatDuration(row.durationSeconds)}`}
                </li>
              ))}
            </ul>
          )}
          {preview.problems.length > 0 && (
            <>
              <p>{t('timeline.batch.notRead', { count: preview.problems.length })}</p>
              <ul className="inline-list small">
                {preview.problems.map((row) => (
                  <li key={row.line} className="problem">
                    {t(`timeline.batch.problem.${row.code}`, { line: row.line })}{' '}
                    <span className="muted">“{row.text}”</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <div className="actions">
        {preview !== null && preview.rows.length > 0 ? (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => {
              run(false);
            }}
          >
            {t('timeline.batch.add', { count: preview.rows.length })}
          </button>
        ) : (
          <button type="submit" className="button primary" disabled={busy || text.trim() === ''}>
            {t('timeline.batch.check')}
          </button>
        )}
        <button type="button" className="button quiet" onClick={onClose}>
          {t('timeline.incident.done')}
        </button>
      </div>
    </form>
  );
}
