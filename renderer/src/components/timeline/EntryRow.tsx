// One timeline entry: the time on the case clock, what kind it was, who, what was said (with search
// matches marked), and any RBI rule it appears to break as a visible badge. The badge opens to the
// rule, its source and the fact that triggered it, with "Dismiss" asking for a reason.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry, TimelineFlag } from '../../../../shared/contract/timeline';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { formatDuration, safeKind, splitHighlights } from '../../lib/timeline-text';
import { ProblemNote } from '../ProblemNote';
import { KindLabel } from './KindLabel';
import { SourceLabel } from './SourceLabel';

interface Props {
  caseId: string;
  entry: TimelineEntry;
  who: string | null;
  onOpenEvidence: (entry: TimelineEntry) => void;
  onChanged: () => void;
}

export function EntryRow({ caseId, entry, who, onOpenEvidence, onChanged }: Props) {
  const { t } = useTranslation();
  const time = entry.occurredAtLocal.slice(11, 16);
  const open = entry.source === 'evidence' || entry.evidenceIds.length > 0;
  const flagged = entry.flags.some((flag) => flag.dismissal === null);
  return (
    <article
      className="timeline-entry"
      data-kind={entry.kind}
      data-entry-id={entry.id}
      data-flagged={flagged ? 'true' : 'false'}
      aria-label={`${time} ${t(`timeline.kinds.${safeKind(entry.kind)}`)}`}
    >
      <time className="timeline-time" dateTime={entry.occurredAtLocal}>
        {time}
      </time>
      <div className="timeline-body">
        <p className="timeline-head">
          <KindLabel kind={entry.kind} />
          <SourceLabel channel={entry.channel} />
          {who !== null && <span className="timeline-who">{who}</span>}
          {entry.durationSeconds !== null && (
            <span className="muted small">
              {t('timeline.entry.duration', { duration: formatDuration(entry.durationSeconds) })}
            </span>
          )}
          {entry.thirdParty && <span className="badge">{t('timeline.entry.thirdParty')}</span>}
        </p>
        {entry.text !== '' && (
          <p className="timeline-text prewrap">
            {splitHighlights(entry.text, entry.highlights).map((part, index) =>
              part.marked ? (
                <mark key={index}>{part.text}</mark>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </p>
        )}
        {entry.flags.map((flag) => (
          <FlagNote
            key={flag.ruleId}
            caseId={caseId}
            eventId={entry.id}
            flag={flag}
            onChanged={onChanged}
          />
        ))}
        {open && (
          <button
            type="button"
            className="button quiet timeline-open"
            onClick={() => {
              onOpenEvidence(entry);
            }}
          >
            {entry.source === 'evidence'
              ? t('timeline.entry.open')
              : t('timeline.entry.openLinked')}
          </button>
        )}
      </div>
    </article>
  );
}

function FlagNote({
  caseId,
  eventId,
  flag,
  onChanged,
}: {
  caseId: string;
  eventId: string;
  flag: TimelineFlag;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const language = readLanguage(i18n);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const dismissed = flag.dismissal !== null;

  const send = (run: () => Promise<{ ok: boolean; error?: { code: ErrorCode } }>) => {
    setBusy(true);
    void run().then((result) => {
      setBusy(false);
      if (!result.ok) {
        setProblem(result.error?.code ?? 'INTERNAL');
        return;
      }
      setProblem(null);
      setAsking(false);
      setReason('');
      onChanged();
    });
  };

  return (
    <details className="timeline-flag" data-dismissed={dismissed ? 'true' : 'false'}>
      <summary>
        <span className="flag-badge">
          {dismissed ? t('timeline.flag.setAside') : t('timeline.flag.badge')}
        </span>{' '}
        <span className="flag-rule">{flag.rule[language]}</span>
      </summary>
      <dl className="facts small">
        <dt>{t('timeline.flag.why')}</dt>
        <dd>{flag.fact}</dd>
        <dt>{t('timeline.flag.source')}</dt>
        <dd>
          {flag.source.title}
          {flag.source.status !== 'CONFIRMED' && (
            <span className="muted"> ({t('timeline.flag.partial')})</span>
          )}
          <br />
          <span className="muted break">{flag.source.url}</span>
        </dd>
        {flag.dismissal !== null && (
          <>
            <dt>{t('timeline.flag.reason')}</dt>
            <dd>{flag.dismissal.reason}</dd>
          </>
        )}
      </dl>
      {dismissed ? (
        <button
          type="button"
          className="button quiet"
          disabled={busy}
          onClick={() => {
            send(() => api.flag.restore({ caseId, eventId, ruleId: flag.ruleId }));
          }}
        >
          {t('timeline.flag.restore')}
        </button>
      ) : asking ? (
        <form
          className="flag-dismiss"
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim() === '') return;
            send(() => api.flag.dismiss({ caseId, eventId, ruleId: flag.ruleId, reason }));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('timeline.flag.reasonLabel')}</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              value={reason}
              required
              maxLength={2000}
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
            <p className="hint">{t('timeline.flag.reasonHint')}</p>
          </div>
          <div className="actions">
            <button
              type="submit"
              className="button primary"
              disabled={busy || reason.trim() === ''}
            >
              {t('timeline.flag.confirmDismiss')}
            </button>
            <button
              type="button"
              className="button quiet"
              onClick={() => {
                setAsking(false);
              }}
            >
              {t('timeline.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button quiet"
          onClick={() => {
            setAsking(true);
          }}
        >
          {t('timeline.flag.dismiss')}
        </button>
      )}
      {problem !== null && <ProblemNote problem={{ code: problem }} />}
    </details>
  );
}
