// The Steps tab: the case's progress, each guide (playbook) as a section of step cards in order,
// what was kept from guides no longer followed, her own steps, the guide choice, and complaint
// drafts. Both languages arrive with the list, so the language switch applies at once.
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../../../shared/api-contract';
import { orderNextSteps, type DraftKind, type StepsList } from '../../../shared/contract/steps';
import type { Case } from '../../../shared/domain';
import type { ErrorCode } from '../../../shared/errors';
import { useApi } from '../api/api-context';
import { AddStepForm } from '../components/steps/AddStepForm';
import { DraftPanel } from '../components/steps/DraftPanel';
import { PlaybookChoiceField, usePlaybookChoice } from '../components/steps/PlaybookChoice';
import { StepCard } from '../components/steps/StepCard';
import { StepsProgress } from '../components/steps/StepsProgress';
import '../components/steps/steps.css';
import { readLanguage } from '../i18n';
import { useErrorText } from '../lib/error-text';
import { callSafely } from '../lib/steps-api';
import { stepCardId, takeStepFocus } from '../lib/steps-focus';
import { formatStepDate, pickText } from '../lib/steps-format';

export function StepsTab({ current }: { current: Case }) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [list, setList] = useState<StepsList | null>(null);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const [evidence, setEvidence] = useState<EvidenceItem[]>([]);
  const [evidenceGeneration, setEvidenceGeneration] = useState(0);
  const [draftKind, setDraftKind] = useState<DraftKind | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [choiceSaved, setChoiceSaved] = useState(false);
  const choice = usePlaybookChoice(current.counterparty.kind, current.id);

  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);

  useEffect(() => {
    let live = true;
    void callSafely(() => api.steps.list({ caseId: current.id })).then((result) => {
      if (!live) return;
      if (result.ok) {
        setList(result.value);
        setProblem(null);
      } else {
        setProblem(result.error.code);
      }
    });
    return () => {
      live = false;
    };
  }, [api, current.id, generation]);

  useEffect(() => {
    let live = true;
    void callSafely(() => api.evidence.list({ caseId: current.id })).then((result) => {
      if (live && result.ok) setEvidence(result.value);
    });
    return () => {
      live = false;
    };
  }, [api, current.id, evidenceGeneration]);

  // "Go to this step" on the Next steps card: bring that card into view once the list is here.
  useEffect(() => {
    if (list === null) return;
    const ref = takeStepFocus();
    if (ref === null) return;
    // Focusing the card also scrolls it into view, and tells a screen reader where she is.
    document.getElementById(stepCardId(ref))?.focus();
  }, [list]);

  const writeDraft = (kind: DraftKind): void => {
    setDraftKind(kind);
    document.getElementById(`${id}-drafts`)?.scrollIntoView({ block: 'start' });
  };

  if (problem !== null && list === null) {
    return (
      <div className="steps-tab">
        <p className="problem" role="alert">
          {t('steps.loadFailed')} {errorText(problem)}
        </p>
        <button
          type="button"
          className="button"
          onClick={() => {
            reload();
          }}
        >
          {t('steps.tryAgain')}
        </button>
      </div>
    );
  }
  if (list === null) return <p className="status-line">{t('steps.loading')}</p>;

  const stepCount = list.sections.reduce((sum, section) => sum + section.steps.length, 0);
  const nextRefs = new Set(
    orderNextSteps(list.sections.flatMap((section) => section.steps)).map((next) => next.ref),
  );
  return (
    <div className="steps-tab">
      <header className="steps-header">
        <h2>{t('steps.title')}</h2>
        <p className="hint">{t('steps.intro')}</p>
        <StepsProgress progress={list.progress} />
      </header>

      {stepCount === 0 && <p className="notice">{t('steps.noSteps')}</p>}

      {list.sections.map((section) => {
        // Each guide is one line until opened; only the next three steps of the case are open.
        const done = section.steps.filter((step) => step.status === 'done' || step.status === 'na');
        const hasNext = section.steps.some((step) => nextRefs.has(step.ref));
        const checkRule = section.steps.some((step) => step.ruleStatus === 'check-current-rule');
        return (
          <section
            key={section.playbookId}
            className="steps-section"
            aria-labelledby={`${id}-${section.playbookId}`}
            data-playbook={section.playbookId}
          >
            <details className="steps-guide" open={hasNext}>
              <summary>
                <h3 id={`${id}-${section.playbookId}`}>{pickText(section.title, language)}</h3>
                <span className="steps-guide-progress" data-testid="guide-progress">
                  {t('steps.guideProgress', { done: done.length, total: section.steps.length })}
                </span>
              </summary>
              {section.summary !== null && (
                <p className="hint">{pickText(section.summary, language)}</p>
              )}
              {/* Said once for the guide, not on every step it concerns. */}
              {checkRule && <p className="step-check-guide">{t('steps.card.checkRule')}</p>}
              <ol className="step-list">
                {section.steps.map((step) => (
                  <StepCard
                    key={step.ref}
                    caseId={current.id}
                    timezone={current.timezone}
                    step={step}
                    today={list.today}
                    evidence={evidence}
                    open={nextRefs.has(step.ref)}
                    onSaved={() => {
                      reload();
                    }}
                    onWriteDraft={writeDraft}
                    onEvidenceAdded={() => {
                      setEvidenceGeneration((value) => value + 1);
                    }}
                  />
                ))}
              </ol>
            </details>
          </section>
        );
      })}

      {list.kept.length > 0 && (
        <section className="steps-section kept" aria-labelledby={`${id}-kept`}>
          <h3 id={`${id}-kept`}>{t('steps.keptTitle')}</h3>
          <p className="hint">{t('steps.keptBody')}</p>
          <ul className="kept-list">
            {list.kept.map((record) => (
              <li key={record.ref}>
                <strong>
                  {record.title === null ? record.ref : pickText(record.title, language)}
                </strong>{' '}
                · {t(`steps.status.${record.status}`)}
                {record.doneAt !== null && (
                  <> · {t('steps.keptDone', { date: formatStepDate(record.doneAt, language) })}</>
                )}
                {Object.entries(record.references).map(([key, value]) => (
                  <span key={key} className="muted">
                    {' '}
                    · {key}: {value}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}

      {/* Folded: her own steps are there when she wants them, not in the way. */}
      <details className="steps-add-own">
        <summary>{t('steps.addOwn')}</summary>
        <AddStepForm
          caseId={current.id}
          onAdded={() => {
            reload();
          }}
        />
      </details>

      <section className="card steps-choose">
        {!choosing ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setChoosing(true);
              setChoiceSaved(false);
            }}
          >
            {t('steps.choose.open')}
          </button>
        ) : (
          <>
            <PlaybookChoiceField choice={choice} />
            <div className="actions">
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  void choice.save(current.id).then((saved) => {
                    if (!saved) return;
                    setChoosing(false);
                    setChoiceSaved(true);
                    reload();
                  });
                }}
              >
                {t('steps.choose.save')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setChoosing(false);
                }}
              >
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
        <div className="problem-slot" role="status">
          {choiceSaved && <p className="notice">{t('steps.choose.saved')}</p>}
        </div>
      </section>

      <div id={`${id}-drafts`}>
        <DraftPanel caseId={current.id} timezone={current.timezone} requestedKind={draftKind} />
      </div>
    </div>
  );
}
