// A message read from a chat screenshot and not yet confirmed, in its place on the timeline: in a
// quiet dashed frame with a "Proposed" badge, saying it counts only once she confirms it, with
// "Confirm" right here and "Correct" opening the screenshot in the viewer (where the correction
// form sits beside the picture, so she can compare). The entry comes from the one timeline builder
// (core/timeline/proposed-entries.ts); it carries no flags until confirmed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../../shared/contract/timeline';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { ProblemNote } from '../ProblemNote';
import { KindLabel } from './KindLabel';

interface Props {
  caseId: string;
  entry: TimelineEntry;
  onOpenEvidence: (entry: TimelineEntry) => void;
  onChanged: () => void;
}

export function ProposedEntryRow({ caseId, entry, onOpenEvidence, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ErrorCode | null>(null);
  const time = entry.occurredAtLocal.slice(11, 16);
  const who =
    entry.side === 'mine'
      ? t('timeline.proposed.entry.mine')
      : t('timeline.proposed.entry.theirs', {
          sender: entry.actor ?? t('timeline.proposed.entry.unknown'),
        });
  const confirm = () => {
    setBusy(true);
    void api.messages.confirm({ caseId, ids: [entry.id] }).then((result) => {
      setBusy(false);
      if (!result.ok) {
        setProblem(result.error.code);
        return;
      }
      setProblem(null);
      onChanged();
    });
  };
  return (
    <article
      className="timeline-entry"
      data-kind="message"
      data-entry-id={entry.id}
      data-proposed="true"
      data-flagged="false"
      aria-label={`${time} ${t('timeline.proposed.entry.badge')}`}
    >
      <time className="timeline-time" dateTime={entry.occurredAtLocal}>
        {time}
      </time>
      <div className="timeline-body">
        <p className="timeline-head">
          <span className="proposed-badge">{t('timeline.proposed.entry.badge')}</span>
          <KindLabel kind="message" />
          <span className="timeline-who">{who}</span>
        </p>
        <p className="timeline-text prewrap">{entry.text}</p>
        <p className="muted small">{t('timeline.proposed.entry.note')}</p>
        <div className="proposed-actions">
          <button type="button" className="button" disabled={busy} onClick={confirm}>
            {t('timeline.proposed.entry.confirm')}
          </button>
          <button
            type="button"
            className="button quiet"
            onClick={() => {
              onOpenEvidence(entry);
            }}
          >
            {t('timeline.proposed.entry.correct')}
          </button>
        </div>
        {problem !== null && <ProblemNote problem={{ code: problem }} />}
      </div>
    </article>
  );
}
