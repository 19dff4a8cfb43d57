// What happened, in one line she can trust ("212 added · 14 already here · 2 could not be read"),
// and behind "see why" every file that was not added, with a plain reason, filterable by kind.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeImportWarning } from '../lib/import-warning-text';
import type { ImportResultItem } from '../../../shared/api-contract';
import { ERROR_MESSAGES } from '../../../shared/errors';
import { readLanguage } from '../i18n';
import {
  countImport,
  filterResults,
  RESULT_FILTERS,
  wasStopped,
  type ResultFilter,
} from '../lib/import-summary';

interface Props {
  results: ImportResultItem[];
  onClose: () => void;
}

// A long list is cut here; the filter narrows it down to what matters.
const LIST_LIMIT = 500;

export function ImportSummary({ results, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const counts = countImport(results);
  // "412 messages, 380 already here": the chats read in this run, each message counted once.
  const chats = results.reduce(
    (sum, result) => ({
      count: sum.count + (result.messageCount ?? 0),
      already: sum.already + (result.messagesAlreadyHere ?? 0),
    }),
    { count: 0, already: 0 },
  );
  // "87 calls from them, 23 outside the hours the RBI allows": the call logs read in this run.
  const callLogs = results.flatMap((result) =>
    result.callLog === undefined ? [] : [result.callLog],
  );
  const stopped = wasStopped(results);
  const notAdded = counts.total - counts.added;
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<ResultFilter>('notAdded');
  const shown = filterResults(results, filter);

  const filterCount = (name: ResultFilter): number => {
    switch (name) {
      case 'notAdded':
        return notAdded;
      case 'unreadable':
        return counts.unreadable;
      case 'leftOut':
        return counts.leftOut;
      case 'alreadyHere':
        return counts.alreadyHere;
      case 'all':
        return counts.total;
    }
  };

  return (
    <section
      className="card import-summary"
      aria-labelledby={`${id}-title`}
      data-testid="import-summary"
    >
      <div className="summary-head">
        <h2 id={`${id}-title`}>
          {stopped ? t('evidence.summary.stoppedTitle') : t('evidence.summary.title')}
        </h2>
        <button type="button" className="button quiet" onClick={onClose}>
          {t('evidence.summary.close')}
        </button>
      </div>
      <p className="summary-line" role="status" data-testid="import-summary-line">
        {counts.total === 0 ? (
          t('evidence.summary.nothing')
        ) : (
          <>
            <strong>{t('evidence.summary.added', { count: counts.added })}</strong>
            {counts.alreadyHere > 0 && (
              <span> · {t('evidence.summary.alreadyHere', { count: counts.alreadyHere })}</span>
            )}
            {counts.unreadable > 0 && (
              <span> · {t('evidence.summary.unreadable', { count: counts.unreadable })}</span>
            )}
            {counts.leftOut > 0 && (
              <span> · {t('evidence.summary.leftOut', { count: counts.leftOut })}</span>
            )}
          </>
        )}
        {notAdded > 0 && (
          <>
            {' '}
            <button
              type="button"
              className="button link"
              aria-expanded={open}
              aria-controls={`${id}-details`}
              onClick={() => {
                setOpen(!open);
              }}
            >
              ({open ? t('evidence.summary.hideWhy') : t('evidence.summary.seeWhy')})
            </button>
          </>
        )}
      </p>
      {chats.count > 0 && (
        <p data-testid="import-chat-messages">
          {chats.already > 0
            ? t('evidence.summary.chatMessages', { count: chats.count, already: chats.already })
            : t('evidence.summary.chatMessagesNew', { count: chats.count })}
        </p>
      )}
      {callLogs.length > 0 && (
        <p data-testid="import-call-log">
          <strong>
            {t('evidence.summary.callLog', {
              count: callLogs.reduce((sum, log) => sum + log.fromThem, 0),
              outside: callLogs.reduce((sum, log) => sum + log.outsideHours, 0),
            })}
          </strong>
        </p>
      )}
      {stopped && <p>{ERROR_MESSAGES[readLanguage(i18n)].CANCELLED}</p>}
      {counts.unreadable > 0 && <p className="hint">{t('evidence.summary.unreadableNote')}</p>}
      {counts.alreadyHere > 0 && counts.unreadable === 0 && (
        <p className="hint">{t('evidence.summary.alreadyNote')}</p>
      )}

      <div id={`${id}-details`} hidden={!open}>
        {open && (
          <>
            <fieldset className="choices result-filter">
              <legend>{t('evidence.summary.filterLegend')}</legend>
              {RESULT_FILTERS.filter(
                (name) => name === filter || name === 'all' || filterCount(name) > 0,
              ).map((name) => (
                <label key={name} className="choice">
                  <input
                    type="radio"
                    name={`${id}-filter`}
                    value={name}
                    checked={filter === name}
                    onChange={() => {
                      setFilter(name);
                    }}
                  />
                  {t(`evidence.summary.filter.${name}`, { count: filterCount(name) })}
                </label>
              ))}
            </fieldset>
            {shown.length === 0 ? (
              <p className="muted">{t('evidence.summary.emptyFilter')}</p>
            ) : (
              <ul className="result-list" aria-label={t('evidence.summary.listLabel')}>
                {shown.slice(0, LIST_LIMIT).map((result, index) => (
                  <ResultRow key={`${index}-${result.name}`} result={result} />
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}

function ResultRow({ result }: { result: ImportResultItem }) {
  const { t } = useTranslation();
  // The core's English detail is shown only where our own sentence is general.
  const showDetail =
    result.reason !== null && (result.reasonCode === 'unreadable' || result.reasonCode === 'other');
  return (
    <li className="result-row">
      <span className="badge" data-status={result.status}>
        {t(`evidence.summary.badge.${result.status}`)}
      </span>
      <span className="result-name">{result.name}</span>
      <span className="result-reason">
        {result.reasonCode === null ? null : t(`evidence.reason.${result.reasonCode}`)}
        {showDetail && (
          <span className="muted small" lang="en">
            {' '}
            ({result.reason})
          </span>
        )}
        {result.messageCount !== null && result.messageCount > 0 && (
          <span className="muted small">
            {' '}
            {t('evidence.summary.messages', { count: result.messageCount })}
          </span>
        )}
        {result.warnings.map((warning) => (
          <span key={warning} className="result-warning small">
            {' '}
            {describeImportWarning(warning, t)}
          </span>
        ))}
      </span>
    </li>
  );
}
