// Messages read from chat screenshots and not yet confirmed (issue 20), as entries of the one
// timeline: the app's pages show them where they happened, marked "proposed", so the user sees
// them in place and confirms or corrects them there. They carry no flags, are left out of every
// walk of the whole timeline (CLI, export, drafts: `listTimeline` never asks for them) and of the
// activity counts; once confirmed, the event that stands for a message is what counts.
import type { TimelineEntry } from './timeline-entry';
import type { SourceSpec, TimelineFilters } from './timeline-page';

export const PROPOSED_SOURCE: SourceSpec = {
  source: 'proposed',
  table: 'screenshot_messages',
  at: 'occurred_at',
  extra: "status = 'proposed'",
};

export const PROPOSED_COLUMNS = `t.id, 'message' AS kind, t.occurred_at AS at, t.side, t.sender,
  t.text, t.evidence_id`;

export interface ProposedRow {
  id: string;
  kind: string;
  at: string;
  side: 'theirs' | 'mine';
  sender: string | null;
  text: string;
  evidence_id: string;
}

/**
 * Whether proposals can be among the entries under these filters: only when asked for (the app's
 * pages), and never under a search, a tag, a person, flagged-only, or kinds without messages.
 */
export function admitsProposed(filters: TimelineFilters, searching: boolean): boolean {
  return (
    filters.withProposed === true &&
    !searching &&
    filters.tag === undefined &&
    filters.counterpartyId === undefined &&
    filters.flaggedOnly !== true &&
    (filters.kinds === undefined || filters.kinds.includes('message'))
  );
}

export function toProposedEntry(
  row: ProposedRow,
): Omit<TimelineEntry, 'occurredAt' | 'occurredAtLocal' | 'cursor'> {
  return {
    id: row.id,
    source: 'proposed',
    kind: 'message',
    actor: row.side === 'theirs' ? row.sender : null,
    number: null,
    text: row.text,
    evidenceIds: [row.evidence_id],
    counterpartyId: null,
    thirdParty: false,
    durationSeconds: null,
    channel: null,
    flags: [],
    sender: null,
    side: row.side,
  };
}
