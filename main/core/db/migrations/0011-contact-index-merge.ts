// Fewer indexes on events, for issue 19's big SMS imports: every index keyed by a number, sender or
// contact takes each imported message at one of a few hundred places, and each batch's commit
// rewrites every index page it touched, so each such index costs a large share of an import.
// `events_by_number` (case, number, time) is folded into `events_by_contact`, reordered to lead with
// the number: every query by number seeks on it, and the contact summary's by-number part seeks on
// (case, number, no recorded counterparty) instead of scanning the case's unrecorded events.
// `events_by_counterparty` (counterparty, time) gains the summary's columns, so its recorded-on-the-
// event part, which the old contact order served, reads it instead; imported events have no
// recorded counterparty, so they append to its end in time order rather than landing anywhere.
// No table is made here, so there is nothing to declare STRICT. Frozen once shipped.
import type { Migration } from '../types';

const SCHEMA = `
DROP INDEX events_by_number;
DROP INDEX events_by_contact;
DROP INDEX events_by_counterparty;
CREATE INDEX events_by_contact ON events
  (case_id, number_e164, counterparty_id, actor, kind, third_party, occurred_at);
CREATE INDEX events_by_counterparty ON events
  (counterparty_id, case_id, kind, third_party, occurred_at);
`;

export const migration0011ContactIndexMerge: Migration = {
  version: 11,
  name: 'contact-index-merge',
  up(db) {
    db.exec(SCHEMA);
  },
};
