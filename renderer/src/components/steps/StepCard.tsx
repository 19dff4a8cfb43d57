// One step as a card: what it is and its dates first, then the status and the details she records
// (done date, reference numbers, notes, linked proof), and "why and how" one click away. Blocked and
// waiting steps are shown with the reason, never hidden.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../../../../shared/api-contract';
import type { DraftKind, StepStatus, StepView } from '../../../../shared/contract/steps';
import { STEP_STATUSES } from '../../../../shared/domain';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { DateInWords } from '../DateInWords';
import { readLanguage } from '../../i18n';
import { useErrorText } from '../../lib/error-text';
import { callSafely } from '../../lib/steps-api';
import { stepCardId } from '../../lib/steps-focus';
import { formatStepDate, pickText, todayInZone } from '../../lib/steps-format';
import { importProofFiles } from '../../lib/steps-proof-import';

interface Props {
  caseId: string;
  timezone: string;
  step: StepView;
  today: string;
  evidence: EvidenceItem[];
  onSaved: () => void;
  onWriteDraft: (kind: DraftKind) => void;
  /** After proof was imported on the spot, so the case's evidence list is read again. */
  onEvidenceAdded?: () => void;
  /** One of the next three steps: shown whole. Others are one line until she opens them. */
  open?: boolean;
}

export function StepCard({
  caseId,
  timezone,
  step,
  today,
  evidence,
  onSaved,
  onWriteDraft,
  onEvidenceAdded,
  open = true,
}: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [status, setStatus] = useState<StepStatus>(step.status);
  const [doneAt, setDoneAt] = useState(step.doneAt ?? todayInZone(timezone));
  const [references, setReferences] = useState<Record<string, string>>(step.references);
  const [notes, setNotes] = useState(step.notes);
  const [proof, setProof] = useState<string[]>(step.proofEvidenceIds);
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState<'idle' | 'busy' | 'added' | { code: ErrorCode }>('idle');

  const addProof = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    setAdding('busy');
    const result = await importProofFiles(api, caseId, files);
    if (!result.ok) {
      setAdding({ code: result.code });
      return;
    }
    setProof((current) => [
      ...current,
      ...result.evidenceIds.filter((found) => !current.includes(found)),
    ]);
    setAdding('added');
    onEvidenceAdded?.();
  };
  const [message, setMessage] = useState<
    { kind: 'saved' } | { kind: 'error'; code: ErrorCode } | null
  >(null);
  // A fresh list after any save: start again from what is stored, keeping the "Saved." note.
  const [shown, setShown] = useState(step);
  if (shown !== step) {
    setShown(step);
    setStatus(step.status);
    setDoneAt(step.doneAt ?? todayInZone(timezone));
    setReferences(step.references);
    setNotes(step.notes);
    setProof(step.proofEvidenceIds);
  }
  const date = (value: string): string => formatStepDate(value, language, today);

  const save = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    const result = await callSafely(() =>
      api.steps.set({
        caseId,
        ref: step.ref,
        status,
        ...(status === 'done' && doneAt !== '' ? { doneAt } : {}),
        ...(step.fields.length > 0 ? { references } : {}),
        notes,
        proofEvidenceIds: proof,
      }),
    );
    setBusy(false);
    if (result.ok) {
      setMessage({ kind: 'saved' });
      onSaved();
    } else {
      setMessage({ kind: 'error', code: result.error.code });
    }
  };

  const doneLine =
    step.status === 'done' && step.doneAt !== null ? (
      <p className="step-done-line" data-testid="step-done-line">
        {t('steps.card.doneOn', { date: formatStepDate(step.doneAt, language, today) })}
        {step.fields
          .filter((field) => (step.references[field.key] ?? '') !== '')
          .map((field) => (
            <span key={field.key}>
              {' · '}
              {pickText(field.label, language)}: <strong>{step.references[field.key]}</strong>
            </span>
          ))}
      </p>
    ) : null;
  // A card shown whole stays whole while she is here, even once it is done and no longer one of
  // the next three: she is still reading what she just saved.
  const [wasOpen, setWasOpen] = useState(open);
  if (open && !wasOpen) setWasOpen(true);
  const whole = open || wasOpen;
  const blockedTitles = step.blockedBy.map((blocker) => pickText(blocker.title, language));
  const head = (
    <>
      <div className="step-head">
        <h4 id={`${id}-title`}>{pickText(step.title, language)}</h4>
        <span className="step-badge" data-status={step.status}>
          {step.isOverdue ? t('steps.card.overdue') : t(`steps.status.${step.status}`)}
        </span>
      </div>
      {doneLine}
    </>
  );
  const body = (
    <>
      {step.origin === 'custom' && <p className="muted small">{t('steps.card.ownStep')}</p>}
      {/* Why comes before how, and in plain view: it is what makes the step worth doing. */}
      {step.why !== null && step.status !== 'done' && step.status !== 'na' && (
        <p className="step-why">
          <span className="visually-hidden">{t('steps.card.why')}: </span>
          {pickText(step.why, language)}
        </p>
      )}
      {step.appliesWhen !== null && (
        <p className="step-applies">
          {t('steps.card.appliesWhen', { text: pickText(step.appliesWhen, language) })}
        </p>
      )}
      <ul className="step-dates">
        {blockedTitles.length > 0 && (
          <li className="step-blocked">
            {t('steps.card.blocked', { steps: blockedTitles.join(', ') })}
          </li>
        )}
        {step.notBeforeReason !== null && step.status !== 'done' && (
          <li className="step-opens">{pickText(step.notBeforeReason, language)}</li>
        )}
        {step.deadlines.map((deadline, index) => (
          <li key={index} data-overdue={deadline.overdue}>
            {deadline.date === null
              ? t('steps.card.deadlineUnknown', { label: pickText(deadline.label, language) })
              : t('steps.card.deadline', {
                  label: pickText(deadline.label, language),
                  date: date(deadline.date),
                })}
          </li>
        ))}
      </ul>

      {/* Open where there is something to do now; folded away for finished or waiting steps. */}
      <details className="step-record" open={isActionable(step)}>
        <summary>
          {step.status === 'done' || step.status === 'na'
            ? t('steps.card.change')
            : t('steps.card.record')}
        </summary>
        <fieldset className="step-status">
          <legend>{t('steps.status.label')}</legend>
          {STEP_STATUSES.map((value) => (
            <label key={value} className="step-status-option">
              <input
                type="radio"
                name={`${id}-status`}
                value={value}
                checked={status === value}
                onChange={() => {
                  setStatus(value);
                }}
              />
              {t(`steps.status.${value}`)}
            </label>
          ))}
        </fieldset>

        {status === 'done' && (
          <div className="field">
            <label htmlFor={`${id}-done`}>{t('steps.card.doneDate')}</label>
            <input
              id={`${id}-done`}
              type="date"
              value={doneAt}
              max={todayInZone(timezone)}
              onChange={(event) => {
                setDoneAt(event.target.value);
              }}
            />
            <DateInWords date={doneAt} />
          </div>
        )}

        {step.fields.map((field) => (
          <div className="field" key={field.key}>
            <label htmlFor={`${id}-field-${field.key}`}>{pickText(field.label, language)}</label>
            <input
              id={`${id}-field-${field.key}`}
              type={field.kind === 'date' ? 'date' : 'text'}
              autoComplete="off"
              value={references[field.key] ?? ''}
              onChange={(event) => {
                setReferences((current) => ({ ...current, [field.key]: event.target.value }));
              }}
            />
            {field.kind === 'date' && <DateInWords date={references[field.key] ?? ''} />}
          </div>
        ))}

        <div className="field">
          <label htmlFor={`${id}-notes`}>{t('steps.card.notes')}</label>
          <textarea
            id={`${id}-notes`}
            rows={2}
            value={notes}
            onChange={(event) => {
              setNotes(event.target.value);
            }}
          />
        </div>

        <details className="step-proof">
          <summary>
            {t('steps.card.proof')} · {t('steps.card.proofCount', { count: proof.length })}
          </summary>
          {step.proofHint !== null && (
            <p className="hint">
              {t('steps.card.proofHint')}: {pickText(step.proofHint, language)}
            </p>
          )}
          {evidence.length === 0 ? (
            <p className="muted">{t('steps.card.proofNone')}</p>
          ) : (
            <ul className="step-proof-list">
              {evidence.map((item) => (
                <li key={item.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={proof.includes(item.id)}
                      onChange={(event) => {
                        const checked = event.target.checked;
                        setProof((current) =>
                          checked
                            ? [...current, item.id]
                            : current.filter((evidenceId) => evidenceId !== item.id),
                        );
                      }}
                    />
                    {item.originalName}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <label className="button step-proof-add">
            {adding === 'busy' ? t('steps.card.proofAdding') : t('steps.card.proofAdd')}
            <input
              type="file"
              className="visually-hidden"
              data-testid={`proof-input-${step.ref}`}
              disabled={adding === 'busy'}
              onChange={(event) => {
                const files = Array.from(event.target.files ?? []);
                event.target.value = '';
                void addProof(files);
              }}
            />
          </label>
          {adding === 'added' && (
            <p className="hint" role="status">
              {t('steps.card.proofAdded')}
            </p>
          )}
          {typeof adding === 'object' && <p role="alert">{errorText(adding.code)}</p>}
        </details>

        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => {
              void save();
            }}
          >
            {busy ? t('steps.card.saving') : t('steps.card.save')}
          </button>
          {step.draftKind !== null && (
            <button
              type="button"
              className="button"
              onClick={() => {
                if (step.draftKind !== null) onWriteDraft(step.draftKind);
              }}
            >
              {t('steps.card.writeDraft')}
            </button>
          )}
        </div>
      </details>
      <div className="problem-slot" role="status">
        {message?.kind === 'saved' && <p className="notice">{t('steps.card.saved')}</p>}
        {message?.kind === 'error' && <p className="problem">{errorText(message.code)}</p>}
      </div>

      {step.how.length > 0 && (
        <details className="step-details">
          <summary>{t('steps.card.details')}</summary>
          <ol>
            {step.how.map((line, index) => (
              <li key={index}>{pickText(line, language)}</li>
            ))}
          </ol>
          {step.howByPlatform.map((entry) => (
            <div key={entry.platform}>
              <h5>{t(`steps.card.platform.${entry.platform}`)}</h5>
              <ol>
                {entry.steps.map((line, index) => (
                  <li key={index}>{pickText(line, language)}</li>
                ))}
              </ol>
            </div>
          ))}
          {step.effectiveFrom !== null && (
            <p className="muted small">
              {t('steps.card.effectiveFrom', {
                date: formatStepDate(step.effectiveFrom, language),
              })}
            </p>
          )}
        </details>
      )}
      {step.source !== null && (
        <p
          className={
            step.ruleStatus === 'check-current-rule' ? 'step-source check-rule' : 'step-source'
          }
        >
          <a href={step.source.url} target="_blank" rel="noreferrer noopener">
            {t('steps.card.source', { title: step.source.title })}
          </a>
          {/* The address in plain text too, to type or copy where links do not open. */}
          <span className="step-url">{step.source.url}</span>
        </p>
      )}
    </>
  );
  return (
    <li
      className="step-card"
      id={stepCardId(step.ref)}
      tabIndex={-1}
      data-status={step.status}
      data-overdue={step.isOverdue}
      data-testid="step-card"
      aria-labelledby={`${id}-title`}
    >
      {whole ? (
        head
      ) : (
        <details className="step-fold">
          <summary>{head}</summary>
          {body}
        </details>
      )}
      {whole && body}
    </li>
  );
}

function isActionable(step: StepView): boolean {
  if (step.status === 'done' || step.status === 'na') return false;
  return step.status === 'doing' || step.isAvailable || step.isOverdue;
}
