// The evidence viewer: one item full size with its details, opened from the grid or the timeline.
// `evidenceIds` is the order the caller shows (timeline order), so the arrow keys follow it.
export interface EvidenceViewerProps {
  caseId: string;
  evidenceIds: string[];
  index: number;
  onIndexChange: (index: number) => void;
  onClose: () => void;
  /** Called after a change (a corrected time, a note) so the caller can reload its list. */
  onChanged?: () => void;
}

export function EvidenceViewer(props: EvidenceViewerProps) {
  if (props.evidenceIds.length === 0) return null;
  return null;
}
