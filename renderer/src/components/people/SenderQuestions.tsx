// "Who is 'Agent Ravi'? The harasser · someone else · me": one calm question for each chat sender
// not yet tied to a person, and, for each chat export, whose phone it came from. Answers go to the
// core (people:tie, people:setChatOwner), which logs them in the custody log; flags follow.
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PERSON_RELATIONS,
  type ChatExport,
  type PeopleOverview,
  type PersonRelation,
  type PersonRole,
  type Sender,
} from '../../../../shared/contract/people';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { useErrorText } from '../../lib/error-text';
import { showPhoneNumber } from '../../lib/show-phone-number';
import { callSafely } from '../../lib/steps-api';

interface Props {
  caseId: string;
  /** Bumped by the caller after an import, so the questions are read again. */
  generation?: number;
  /** After any answer, so the timeline and counts can be read again. */
  onAnswered?: () => void;
}

export function SenderQuestions({ caseId, generation = 0, onAnswered }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [overview, setOverview] = useState<PeopleOverview | null>(null);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let live = true;
    void callSafely(() => api.people.list({ caseId })).then((result) => {
      if (!live) return;
      if (result.ok) setOverview(result.value);
    });
    return () => {
      live = false;
    };
  }, [api, caseId, generation, reads]);

  const answered = useCallback(
    (code: ErrorCode | null) => {
      setProblem(code);
      if (code !== null) return;
      setReads((count) => count + 1);
      onAnswered?.();
    },
    [onAnswered],
  );

  if (overview === null) return null;
  const untied = overview.senders.filter((sender) => sender.tie === null);
  const unowned = overview.chats.filter((chat) => chat.owner === null);
  if (untied.length === 0 && unowned.length === 0) return null;
  return (
    <section className="card sender-questions" aria-labelledby={`${caseId}-who-title`}>
      <h2 id={`${caseId}-who-title`}>{t('people.title')}</h2>
      <p className="hint">{t('people.intro')}</p>
      <ul className="sender-list">
        {untied.map((sender) => (
          <SenderQuestion key={sender.name} caseId={caseId} sender={sender} onDone={answered} />
        ))}
      </ul>
      {unowned.map((chat) => (
        <ChatOwnerQuestion key={chat.evidenceId} caseId={caseId} chat={chat} onDone={answered} />
      ))}
      {problem !== null && <p className="problem">{errorText(problem)}</p>}
    </section>
  );
}

function SenderQuestion({
  caseId,
  sender,
  onDone,
}: {
  caseId: string;
  sender: Sender;
  onDone: (code: ErrorCode | null) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const tie = async (as: PersonRole): Promise<void> => {
    setBusy(true);
    const result = await callSafely(() => api.people.tie({ caseId, sender: sender.name, as }));
    setBusy(false);
    onDone(result.ok ? null : result.error.code);
  };
  return (
    <li className="sender-question" data-testid="sender-question">
      <p className="sender-ask">
        {t('people.who', { name: showPhoneNumber(sender.name) })}{' '}
        <span className="muted small">
          {[
            sender.messages > 0 ? t('people.messages', { count: sender.messages }) : null,
            // A number from a phone's call log may never have sent a message.
            (sender.calls ?? 0) > 0 ? t('people.calls', { count: sender.calls ?? 0 }) : null,
          ]
            .filter((part) => part !== null)
            .join(' ')}
        </span>
      </p>
      {/* The three answers look alike: styling "The harasser" as the main button would nudge her
          towards it before she has thought. None is the main action until she picks one. */}
      <div
        className="actions"
        role="group"
        aria-label={t('people.who', { name: showPhoneNumber(sender.name) })}
      >
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void tie('harasser')}
        >
          {t('people.asHarasser')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void tie('other')}>
          {t('people.asOther')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void tie('me')}>
          {t('people.asMe')}
        </button>
      </div>
    </li>
  );
}

function ChatOwnerQuestion({
  caseId,
  chat,
  onDone,
}: {
  caseId: string;
  chat: ChatExport;
  onDone: (code: ErrorCode | null) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [other, setOther] = useState(false);
  const [name, setName] = useState('');
  const [relation, setRelation] = useState<PersonRelation>('family');
  const [busy, setBusy] = useState(false);
  const save = async (owner: 'me' | 'other'): Promise<void> => {
    setBusy(true);
    const result = await callSafely(() =>
      api.people.setChatOwner({
        caseId,
        evidenceId: chat.evidenceId,
        owner,
        ...(owner === 'other'
          ? { relation, ...(name.trim() === '' ? {} : { name: name.trim() }) }
          : {}),
      }),
    );
    setBusy(false);
    onDone(result.ok ? null : result.error.code);
  };
  return (
    <div className="chat-owner-question" data-testid="chat-owner-question">
      <p className="sender-ask">{t('people.whosePhone', { name: chat.originalName })}</p>
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void save('me')}>
          {t('people.phoneMine')}
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={other}
          onClick={() => {
            setOther((open) => !open);
          }}
        >
          {t('people.phoneOther')}
        </button>
      </div>
      {other && (
        <div className="chat-owner-other">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('people.ownerName')}</label>
            <input
              id={`${id}-name`}
              value={name}
              autoComplete="off"
              onChange={(event) => {
                setName(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-relation`}>{t('people.relationLabel')}</label>
            <select
              id={`${id}-relation`}
              value={relation}
              onChange={(event) => {
                setRelation(event.target.value as PersonRelation);
              }}
            >
              {PERSON_RELATIONS.map((value) => (
                <option key={value} value={value}>
                  {t(`people.relation.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => void save('other')}
          >
            {t('people.saveOwner')}
          </button>
        </div>
      )}
    </div>
  );
}
