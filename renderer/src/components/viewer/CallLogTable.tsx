// A phone's call log (an Android backup) as a table she can sort by time, number, type or length;
// calls from the harasser outside the hours the RBI allows are marked in words, not colour alone.
// A call log of a few thousand rows is drawn whole; the core caps it at 200,000.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallLogRow } from '../../../../shared/contract/viewer';
import { readLanguage } from '../../i18n';
import { formatCaseDateTime } from '../../lib/format-date';
import { showPhoneNumber } from '../../lib/show-phone-number';
import { formatDuration } from '../../lib/timeline-text';

const COLUMNS = ['at', 'number', 'callType', 'durationSeconds'] as const;
type Column = (typeof COLUMNS)[number];
const CALL_TYPES = [
  'incoming',
  'outgoing',
  'missed',
  'voicemail',
  'rejected',
  'blocked',
  'answered-elsewhere',
  'unknown',
] as const;
type CallType = (typeof CALL_TYPES)[number];

function readCallType(type: string): CallType {
  return (CALL_TYPES as readonly string[]).includes(type) ? (type as CallType) : 'unknown';
}

function compareRows(a: CallLogRow, b: CallLogRow, column: Column): number {
  const left = a[column] ?? -1;
  const right = b[column] ?? -1;
  if (left === right) return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
  return left < right ? -1 : 1;
}

export function CallLogTable({ calls, timezone }: { calls: CallLogRow[]; timezone: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const language = readLanguage(i18n);
  const [sort, setSort] = useState<{ column: Column; ascending: boolean }>({
    column: 'at',
    ascending: true,
  });
  const sorted = useMemo(() => {
    const list = [...calls].sort((a, b) => compareRows(a, b, sort.column));
    return sort.ascending ? list : list.reverse();
  }, [calls, sort]);
  const outside = calls.filter((call) => call.outsideHours).length;
  const fromThem = calls.filter((call) => call.fromHarasser && call.callType !== 'outgoing').length;
  return (
    <section className="call-log" aria-labelledby={`${id}-title`} data-testid="call-log">
      <h3 id={`${id}-title`} className="chat-title">
        {t('viewer.calls.title', { count: calls.length })}
      </h3>
      <p className="muted small">{t('evidence.summary.callLog', { count: fromThem, outside })}</p>
      <div className="call-log-scroller">
        <table className="call-log-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column}
                  scope="col"
                  aria-sort={
                    sort.column === column ? (sort.ascending ? 'ascending' : 'descending') : 'none'
                  }
                >
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setSort((now) => ({
                        column,
                        ascending: now.column === column ? !now.ascending : true,
                      }));
                    }}
                  >
                    {t(`viewer.calls.columns.${column}`)}
                    <span aria-hidden="true">
                      {sort.column === column ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">{t('viewer.calls.columns.rules')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((call) => (
              <tr key={call.eventId} data-outside={call.outsideHours ? 'true' : 'false'}>
                <td>
                  <time dateTime={call.local}>
                    {formatCaseDateTime(call.at, timezone, language)}
                  </time>
                </td>
                <td>
                  {call.number === '' ? t('viewer.calls.hidden') : showPhoneNumber(call.number)}
                  {call.contactName !== null && (
                    <span className="muted small"> · {call.contactName}</span>
                  )}
                </td>
                <td>{t(`viewer.calls.types.${readCallType(call.callType)}`)}</td>
                <td>{call.durationSeconds === null ? '' : formatDuration(call.durationSeconds)}</td>
                <td>{call.outsideHours ? <strong>{t('viewer.calls.outside')}</strong> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
