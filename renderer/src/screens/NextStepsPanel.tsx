// The case's "What to do next" card on the Overview: at most three steps, overdue first, each with
// its date in words and one button to go to it. While the app is open it also sends the generic
// reminder notification on the day a step is due, if she turned reminders on.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NextStep } from '../../../shared/contract/steps';
import type { Case } from '../../../shared/domain';
import { useApi } from '../api/api-context';
import '../components/steps/steps.css';
import { readLanguage } from '../i18n';
import { callSafely } from '../lib/steps-api';
import { requestStepFocus } from '../lib/steps-focus';
import { formatStepDate, pickText } from '../lib/steps-format';
import { useStepReminders } from '../lib/steps-reminder-hook';

/** Checked again this often, so a step that falls due while the app stays open is noticed. */
const RECHECK_MS = 30 * 60 * 1000;

interface Props {
  current: Case;
  /** Opens the Steps tab at a step; without it the card presses the Steps tab itself. */
  onOpenSteps?: (ref: string) => void;
}

export function NextStepsPanel({ current, onOpenSteps }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const api = useApi();
  const cardRef = useRef<HTMLDivElement>(null);
  const [next, setNext] = useState<{ today: string; items: NextStep[] } | null>(null);
  const [failed, setFailed] = useState(false);

  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void callSafely(() => api.steps.next({ caseId: current.id })).then((result) => {
      if (!live) return;
      if (result.ok) setNext(result.value);
      else setFailed(true);
    });
    return () => {
      live = false;
    };
  }, [api, current.id, generation]);

  useEffect(() => {
    const timer = setInterval(() => {
      setGeneration((value) => value + 1);
    }, RECHECK_MS);
    return () => {
      clearInterval(timer);
    };
  }, []);

  const reminders = useStepReminders(current.id, next?.today ?? null, next?.items ?? [], {
    title: t('steps.next.notificationTitle'),
    body: t('steps.next.notificationBody'),
  });

  const open = (ref: string): void => {
    requestStepFocus(ref);
    if (onOpenSteps !== undefined) {
      onOpenSteps(ref);
      return;
    }
    // CasePage owns which tab is open; pressing its Steps tab keeps that in one place.
    cardRef.current
      ?.closest('.case-page')
      ?.querySelector<HTMLButtonElement>('[role="tab"][id$="-tab-steps"]')
      ?.click();
  };

  const describe = (item: NextStep): string => {
    if (item.date === null) return t('steps.next.open');
    const date = formatStepDate(item.date, language, next?.today);
    return t(`steps.next.${item.reason}`, { date });
  };

  return (
    <div className="card next next-steps" ref={cardRef} data-testid="next-steps">
      <h2>{t('steps.next.title')}</h2>
      {next === null && !failed && <p className="status-line">{t('steps.next.loading')}</p>}
      {(failed || next?.items.length === 0) && <p>{t('steps.next.empty')}</p>}
      {next !== null && next.items.length > 0 && (
        <ol className="next-list">
          {next.items.map((item) => (
            <li key={item.ref} className="next-item" data-reason={item.reason}>
              <div>
                <strong className="next-title">{pickText(item.title, language)}</strong>
                <span className="next-when">
                  {item.reason === 'opens' && item.label !== null
                    ? pickText(item.label, language)
                    : describe(item)}
                </span>
                {item.why !== null && (
                  <span className="next-why">{pickText(item.why, language)}</span>
                )}
              </div>
              <button
                type="button"
                className="button"
                onClick={() => {
                  open(item.ref);
                }}
              >
                {t('steps.next.go')}
                <span className="visually-hidden">: {pickText(item.title, language)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {reminders.permission === 'default' && next !== null && next.items.length > 0 && (
        <button type="button" className="button link" onClick={reminders.ask}>
          {t('steps.next.remindAsk')}
        </button>
      )}
      {reminders.permission === 'granted' && <p className="hint">{t('steps.next.remindOn')}</p>}
      {reminders.permission === 'denied' && <p className="hint">{t('steps.next.remindBlocked')}</p>}
    </div>
  );
}
