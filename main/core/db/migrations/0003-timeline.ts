// The case timeline: incident details on events (normalised number, call length, direction, whether
// someone other than the borrower was contacted), the people behind the contacts with the numbers
// and handles that identify them, dismissed rule flags, and full-text search over everything a
// timeline shows. Frozen once shipped, like 0001: the checks are spelled out here.
import type { Migration } from '../types';

function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

/** What one event contributes to search: its text and who it came from. */
const EVENT_BODY = `NEW.text || char(10) || coalesce(NEW.actor, '')`;
/** What one piece of evidence contributes: its file name and the user's notes. */
const EVIDENCE_BODY = `NEW.original_name || char(10) || NEW.notes`;

/** Triggers keeping the search index in step with one source table. */
function syncTriggers(table: string, source: string, body: string, watched: string): string {
  const add = `
  INSERT INTO timeline_fts_docs (case_id, source, source_id) VALUES (NEW.case_id, '${source}', NEW.id);
  INSERT INTO timeline_fts (rowid, body)
    SELECT doc, ${body} FROM timeline_fts_docs WHERE source = '${source}' AND source_id = NEW.id;`;
  const remove = `
  DELETE FROM timeline_fts WHERE rowid =
    (SELECT doc FROM timeline_fts_docs WHERE source = '${source}' AND source_id = OLD.id);
  DELETE FROM timeline_fts_docs WHERE source = '${source}' AND source_id = OLD.id;`;
  return `
CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN ${add}
END;
CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN ${remove}
END;
CREATE TRIGGER ${table}_fts_update AFTER UPDATE OF ${watched} ON ${table} BEGIN ${remove} ${add}
END;`;
}

const SCHEMA = `
CREATE TABLE counterparties (
  id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id    TEXT NOT NULL REFERENCES cases (id),
  name       TEXT NOT NULL CHECK (length(name) <= 200),
  kind       TEXT NOT NULL CHECK (kind IN ('lender', 'recovery-agent', 'loan-app', 'person', 'other')),
  created_at TEXT NOT NULL CHECK ${utcTimestamp('created_at')},
  UNIQUE (id, case_id)
) STRICT;
CREATE INDEX counterparties_by_case ON counterparties (case_id);

-- A number (E.164) or handle belongs to at most one counterparty per case, so grouping is unambiguous.
-- case_id is repeated here so that rule can be a UNIQUE constraint; the composite key keeps it honest.
CREATE TABLE counterparty_identifiers (
  counterparty_id TEXT NOT NULL,
  case_id         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('number', 'handle')),
  value           TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
  PRIMARY KEY (case_id, kind, value),
  FOREIGN KEY (counterparty_id, case_id) REFERENCES counterparties (id, case_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX counterparty_identifiers_by_counterparty ON counterparty_identifiers (counterparty_id, case_id);

ALTER TABLE events ADD COLUMN number_e164 TEXT CHECK (number_e164 IS NULL OR number_e164 GLOB '+[1-9]*');
ALTER TABLE events ADD COLUMN duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0);
ALTER TABLE events ADD COLUMN direction TEXT CHECK (direction IS NULL OR direction IN ('incoming', 'outgoing'));
ALTER TABLE events ADD COLUMN third_party INTEGER NOT NULL DEFAULT 0 CHECK (third_party IN (0, 1));
ALTER TABLE events ADD COLUMN counterparty_id TEXT REFERENCES counterparties (id);
-- events_by_case (case_id, occurred_at) from 0001 already serves the case-bounded timeline.
CREATE INDEX events_by_number ON events (case_id, number_e164, occurred_at);
CREATE INDEX events_by_counterparty ON events (counterparty_id, occurred_at);
-- The timeline orders evidence by when it was captured, not imported.
CREATE INDEX evidence_by_case_captured ON evidence (case_id, captured_at);

-- A flag the user has looked at and set aside, with their reason; the flag itself is recomputed.
CREATE TABLE flag_dismissals (
  event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  rule_id      TEXT NOT NULL CHECK (length(rule_id) BETWEEN 1 AND 100),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  dismissed_at TEXT NOT NULL CHECK ${utcTimestamp('dismissed_at')},
  PRIMARY KEY (event_id, rule_id)
) STRICT;

-- Search documents: which event or evidence row each search-index rowid stands for. An INTEGER
-- PRIMARY KEY survives VACUUM, which the implicit rowids of events and evidence do not, and two
-- source tables cannot share one external-content table; hence this map and a contentless index.
CREATE TABLE timeline_fts_docs (
  doc       INTEGER PRIMARY KEY,
  case_id   TEXT NOT NULL,
  source    TEXT NOT NULL CHECK (source IN ('event', 'evidence')),
  source_id TEXT NOT NULL,
  UNIQUE (source, source_id)
) STRICT;
CREATE INDEX timeline_fts_docs_by_case ON timeline_fts_docs (case_id, doc);

-- Virtual tables cannot be STRICT, so this one is not. Contentless: the text stays in events and
-- evidence; contentless_delete lets the triggers remove a row's terms. unicode61 with
-- remove_diacritics 2 splits Devanagari into words as well as Latin text.
CREATE VIRTUAL TABLE timeline_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2"
);
${syncTriggers('events', 'event', EVENT_BODY, 'text, actor')}
${syncTriggers('evidence', 'evidence', EVIDENCE_BODY, 'original_name, notes')}

INSERT INTO timeline_fts_docs (case_id, source, source_id)
  SELECT case_id, 'event', id FROM events ORDER BY rowid;
INSERT INTO timeline_fts_docs (case_id, source, source_id)
  SELECT case_id, 'evidence', id FROM evidence ORDER BY rowid;
INSERT INTO timeline_fts (rowid, body)
  SELECT d.doc, e.text || char(10) || coalesce(e.actor, '')
  FROM timeline_fts_docs d JOIN events e ON d.source = 'event' AND e.id = d.source_id;
INSERT INTO timeline_fts (rowid, body)
  SELECT d.doc, v.original_name || char(10) || v.notes
  FROM timeline_fts_docs d JOIN evidence v ON d.source = 'evidence' AND v.id = d.source_id;
`;

export const migration0003Timeline: Migration = {
  version: 3,
  name: 'timeline',
  up(db) {
    db.exec(SCHEMA);
  },
};
