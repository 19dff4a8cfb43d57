// One calm line above the timeline while messages read from screenshots wait for her check, with
// the way to them all at once: the viewer of those screenshots. Each one is also in the list, in
// its place, marked "Proposed" (ProposedEntryRow); this line counts them, as they may lie far
// apart in time.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/api-context';

interface Props {
  caseId: string;
  /** Changes after an edit anywhere on the timeline, so the count is fresh. */
  version: number;
  /** Opens the viewer on the screenshots that have proposals, in the order read. */
  onOpen: (evidenceIds: string[]) => void;
}

export function ProposedMessagesNote({ caseId, version, onOpen }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [waiting, setWaiting] = useState<{ count: number; evidenceIds: string[] } | null>(null);
  const [readings, setReadings] = useState(0);

  // A reading that ends while the timeline is open may have proposed some.
  useEffect(
    () =>
      api.on('text:progress', (payload) => {
        if (payload.state === 'done') setReadings((count) => count + 1);
      }),
    [api],
  );

  useEffect(() => {
    let cancelled = false;
    void api.messages.list({ caseId, status: 'proposed' }).then((result) => {
      if (cancelled || !result.ok) return;
      setWaiting({
        count: result.value.length,
        evidenceIds: [...new Set(result.value.map((one) => one.evidenceId))],
      });
    });
    return () => {
      cancelled = true;
    };
  }, [api, caseId, version, readings]);

  if (waiting === null || waiting.count === 0) return null;
  return (
    <div className="card proposed-note" data-testid="proposed-note">
      <p>{t('timeline.proposed.waiting', { count: waiting.count })}</p>
      {/* A quiet offer, not the page's main action ("Log a call" is): it never pushes her. */}
      <button
        type="button"
        className="button"
        onClick={() => {
          onOpen(waiting.evidenceIds);
        }}
      >
        {t('timeline.proposed.check')}
      </button>
    </div>
  );
}
