// Indexes for the timeline at 100,000 entries (issue 5's benchmark). Frozen once shipped.
import type { Migration } from '../types';

const SCHEMA = `
-- Covers the counterparty summary and filter: every column they read is in the index, so the
-- contacts of one counterparty (by recorded id, by number or by handle) are read without visiting
-- the table, which in an encrypted database means decrypting a page per row.
CREATE INDEX events_by_contact ON events
  (case_id, counterparty_id, number_e164, actor, kind, third_party, occurred_at);
-- Evidence with no capture time is placed at its import; only those rows, in import order.
CREATE INDEX evidence_undated_by_case ON evidence (case_id, imported_at) WHERE captured_at IS NULL;
`;

export const migration0005TimelineIndexes: Migration = {
  version: 5,
  name: 'timeline-indexes',
  up(db) {
    db.exec(SCHEMA);
  },
};
