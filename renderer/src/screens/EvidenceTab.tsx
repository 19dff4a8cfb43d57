// The Evidence tab: one big drop target. While files go in, the progress bar; afterwards, the
// summary; always, the grid of what is in the case. The import and the list are owned by CasePage,
// so a drop on the Overview lands here with its progress.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/domain';
import { DropZone } from '../components/DropZone';
import { EvidenceGrid } from '../components/EvidenceGrid';
import type { ChatLine } from '../../../shared/contract/viewer';
import { EvidenceViewer } from '../components/EvidenceViewer';
import { ImportProgress } from '../components/ImportProgress';
import { TextReadingProgress } from '../components/TextReadingProgress';
import { ImportSummary } from '../components/ImportSummary';
import { SenderQuestions } from '../components/people/SenderQuestions';
import { ProblemNote } from '../components/ProblemNote';
import type { DroppedFiles } from '../lib/dropped-files';
import type { EvidenceImport } from '../lib/use-evidence-import';
import type { EvidenceList } from '../lib/use-evidence-list';

interface Props {
  current: Case;
  importer: EvidenceImport;
  evidence: EvidenceList;
  canPaste: boolean;
  onFiles: (dropped: DroppedFiles) => void;
  /** From a chat message in the viewer to its place on the timeline. */
  onShowOnTimeline?: (line: ChatLine) => void;
}

export function EvidenceTab({
  current,
  importer,
  evidence,
  canPaste,
  onFiles,
  onShowOnTimeline,
}: Props) {
  const { t } = useTranslation();
  const { phase } = importer;
  const items = evidence.items;
  const empty = items !== null && items.length === 0;
  // The order is kept from when the viewer opened: a corrected time re-sorts the grid behind it,
  // and the item on screen must not change under her.
  const [viewer, setViewer] = useState<{ ids: string[]; index: number } | null>(null);
  return (
    <DropZone
      onFiles={onFiles}
      disabled={importer.busy}
      size={empty ? 'large' : 'compact'}
      pasteHint={canPaste}
      titleId="evidence-drop-title"
    >
      {(phase.name === 'preparing' || phase.name === 'uploading' || phase.name === 'importing') && (
        <ImportProgress phase={phase} stopping={importer.stopping} onCancel={importer.cancel} />
      )}
      <TextReadingProgress />
      {phase.name === 'done' && (
        <ImportSummary results={phase.results} onClose={importer.dismiss} />
      )}
      {/* After a chat import: who is each new sender, and whose phone the chat came from. */}
      <SenderQuestions caseId={current.id} generation={items?.length ?? 0} />
      {phase.name === 'failed' && (
        <div className="card">
          <p>{t('evidence.summary.failedCall')}</p>
          <ProblemNote problem={{ code: phase.code }} />
        </div>
      )}
      {evidence.problem !== null && (
        <div className="card">
          <p>{t('evidence.grid.loadFailed')}</p>
          <ProblemNote problem={{ code: evidence.problem }} />
        </div>
      )}
      {items !== null && items.length > 0 && (
        <EvidenceGrid
          items={items}
          timezone={current.timezone}
          onOpen={(ids, index) => {
            setViewer({ ids, index });
          }}
        />
      )}
      {viewer !== null && (
        <EvidenceViewer
          caseId={current.id}
          evidenceIds={viewer.ids}
          index={viewer.index}
          onIndexChange={(index) => {
            setViewer({ ...viewer, index });
          }}
          onClose={() => {
            setViewer(null);
          }}
          onChanged={evidence.reload}
          {...(onShowOnTimeline === undefined ? {} : { onShowOnTimeline })}
        />
      )}
    </DropZone>
  );
}
