// Who got in touch: each named group of numbers and accounts with how often and when they made
// contact, and how many times they reached her relatives or friends. A group can be renamed and given
// more numbers; the timeline and the chart can be narrowed to it.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTERPARTY_KINDS } from '../../../../shared/domain';
import type { CounterpartyRecord, CounterpartySummary } from '../../../../shared/contract/timeline';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { showPhoneNumber } from '../../lib/show-phone-number';
import { formatShortDay } from '../../lib/timeline-text';
import { ProblemNote } from '../ProblemNote';

interface Props {
  caseId: string;
  groups: { counterparty: CounterpartyRecord; summary: CounterpartySummary }[];
  onFilter: (counterpartyId: string) => void;
  onChanged: () => void;
}

export function CounterpartyPanel({ caseId, groups, onFilter, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const [editing, setEditing] = useState<CounterpartyRecord | 'new' | null>(null);
  return (
    <section className="card timeline-people" aria-labelledby="people-title">
      <h2 id="people-title">{t('timeline.people.title')}</h2>
      {groups.length === 0 && <p className="muted">{t('timeline.people.none')}</p>}
      <ul className="inline-list timeline-groups">
        {groups.map(({ counterparty, summary }) => (
          <li key={counterparty.id} className="timeline-group">
            <p className="timeline-group-name">
              <strong>
                {counterparty.name === '' ? t('timeline.people.unnamed') : counterparty.name}
              </strong>{' '}
              <span className="muted small">{t(`timeline.people.kinds.${counterparty.kind}`)}</span>
            </p>
            <p className="small muted">
              {[...counterparty.numbers.map(showPhoneNumber), ...counterparty.handles].join(', ') ||
                t('timeline.people.noNumbers')}
            </p>
            <p className="small">
              {t('timeline.people.contacts', { count: summary.contacts })}
              {summary.firstContact !== null && summary.lastContact !== null && (
                <>
                  {' · '}
                  {t('timeline.people.between', {
                    first: formatShortDay(summary.firstContact.slice(0, 10), language),
                    last: formatShortDay(summary.lastContact.slice(0, 10), language),
                  })}
                </>
              )}
              {summary.peakDay !== null && (
                <>
                  {' · '}
                  {t('timeline.people.peak', {
                    count: summary.peakDay.contacts,
                    day: formatShortDay(summary.peakDay.day, language),
                  })}
                </>
              )}
              {' · '}
              {t('timeline.people.relatives', { count: summary.thirdPartyContacts })}
            </p>
            <div className="actions">
              <button
                type="button"
                className="button quiet"
                onClick={() => {
                  onFilter(counterparty.id);
                }}
              >
                {t('timeline.people.show')}
              </button>
              <button
                type="button"
                className="button quiet"
                onClick={() => {
                  setEditing(counterparty);
                }}
              >
                {t('timeline.people.edit')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {editing === null ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            setEditing('new');
          }}
        >
          {t('timeline.people.new')}
        </button>
      ) : (
        <GroupForm
          caseId={caseId}
          current={editing === 'new' ? null : editing}
          onDone={(changed) => {
            setEditing(null);
            if (changed) onChanged();
          }}
        />
      )}
    </section>
  );
}

function GroupForm({
  caseId,
  current,
  onDone,
}: {
  caseId: string;
  current: CounterpartyRecord | null;
  onDone: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [name, setName] = useState(current?.name ?? '');
  const [kind, setKind] = useState<CounterpartyRecord['kind']>(current?.kind ?? 'recovery-agent');
  const [numbers, setNumbers] = useState((current?.numbers ?? []).join('\n'));
  const [handles, setHandles] = useState((current?.handles ?? []).join('\n'));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const lines = (text: string) =>
    text
      .split(/[\n,]/)
      .map((line) => line.trim())
      .filter((line) => line !== '');

  const save = () => {
    setBusy(true);
    const body = { caseId, name, kind, numbers: lines(numbers), handles: lines(handles) };
    const request =
      current === null
        ? api.counterparty.create(body)
        : api.counterparty.update({ ...body, id: current.id });
    void request.then((result) => {
      setBusy(false);
      if (!result.ok) {
        setProblem(result.error.code);
        return;
      }
      onDone(true);
    });
  };

  return (
    <form
      className="timeline-group-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('timeline.people.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={200}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('timeline.people.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as CounterpartyRecord['kind']);
          }}
        >
          {COUNTERPARTY_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`timeline.people.kinds.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-numbers`}>{t('timeline.people.numbers')}</label>
        <textarea
          id={`${id}-numbers`}
          rows={3}
          value={numbers}
          onChange={(event) => {
            setNumbers(event.target.value);
          }}
        />
        <p className="hint">{t('timeline.people.numbersHint')}</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-handles`}>{t('timeline.people.handles')}</label>
        <textarea
          id={`${id}-handles`}
          rows={2}
          value={handles}
          onChange={(event) => {
            setHandles(event.target.value);
          }}
        />
      </div>
      {problem !== null && (
        <p className="problem" role="alert">
          {problem === 'INVALID_INPUT' ? t('timeline.people.badNumber') : null}
        </p>
      )}
      {problem !== null && problem !== 'INVALID_INPUT' && (
        <ProblemNote problem={{ code: problem }} />
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || name.trim() === ''}>
          {t('timeline.people.save')}
        </button>
        <button
          type="button"
          className="button quiet"
          onClick={() => {
            onDone(false);
          }}
        >
          {t('timeline.cancel')}
        </button>
      </div>
    </form>
  );
}
