// Text read from pictures (issue 20): for each picture, what the computer read (or why not), with
// every word's position, and the facts picked out of it (phone numbers, UPI IDs, ₹ amounts, links,
// e-mail addresses). The text joins the evidence's search document, so timeline search finds a
// screenshot by its words in English and Hindi; the index is rebuilt to keep Devanagari words whole
// (vowel signs split them before). Frozen once shipped: the checks are spelled out.
import type { Migration } from '../types';

function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

/** The evidence's search document: its file name, the user's notes and the text read from it. */
const EVIDENCE_BODY = (row: string) =>
  `${row}.original_name || char(10) || ${row}.notes || char(10) || coalesce((SELECT text FROM evidence_text WHERE evidence_id = ${row}.id), '')`;

/** Statements that replace the search terms of one evidence row (`id`: an SQL expression). */
function reindexEvidence(id: string): string {
  return `
  DELETE FROM timeline_fts WHERE rowid =
    (SELECT doc FROM timeline_fts_docs WHERE source = 'evidence' AND source_id = ${id});
  INSERT INTO timeline_fts (rowid, body)
    SELECT d.doc, ${EVIDENCE_BODY('v')}
    FROM timeline_fts_docs d JOIN evidence v ON v.id = d.source_id
    WHERE d.source = 'evidence' AND d.source_id = ${id};`;
}

const SCHEMA = `
-- One row per picture that has been through recognition. 'failed': the reader died twice on it
-- ("text could not be read"); 'not-read-yet': writing in a script there is no model for.
-- layout: {"width","height","words":[{"text","bbox":{"x0","y0","x1","y1"},"confidence"}],"lines":[…]}.
-- sha256: of the reading's canonical JSON, so a bundle can list the text with a hash of its own.
CREATE TABLE evidence_text (
  evidence_id TEXT PRIMARY KEY NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  case_id     TEXT NOT NULL REFERENCES cases (id),
  status      TEXT NOT NULL CHECK (status IN ('read', 'no-text', 'not-read-yet', 'failed')),
  lang        TEXT CHECK (lang IS NULL OR lang IN ('eng', 'hin', 'eng+hin')),
  text        TEXT NOT NULL CHECK (length(text) <= 200000),
  layout      TEXT NOT NULL CHECK (json_valid(layout) AND json_type(layout) = 'object'),
  confidence  REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 100)),
  reason      TEXT NOT NULL CHECK (length(reason) <= 2000),
  engine      TEXT NOT NULL CHECK (length(engine) BETWEEN 1 AND 200),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  read_at     TEXT NOT NULL CHECK ${utcTimestamp('read_at')},
  CHECK ((status = 'read') = (lang IS NOT NULL)),
  CHECK (status = 'read' OR (text = '' AND confidence IS NULL))
) STRICT;
CREATE INDEX evidence_text_by_case ON evidence_text (case_id, status);

-- Facts picked out of the text. value is normalised (phone: E.164; amount: rupees, e.g. "4500" or
-- "4500.50"; upi and email: lower case); shown is how it was read.
CREATE TABLE evidence_facts (
  evidence_id TEXT NOT NULL REFERENCES evidence_text (evidence_id) ON DELETE CASCADE,
  case_id     TEXT NOT NULL REFERENCES cases (id),
  kind        TEXT NOT NULL CHECK (kind IN ('phone', 'upi', 'amount', 'url', 'email')),
  value       TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
  shown       TEXT NOT NULL CHECK (length(shown) BETWEEN 1 AND 500),
  CHECK (kind <> 'phone' OR value GLOB '+[1-9]*'),
  PRIMARY KEY (evidence_id, kind, value)
) STRICT;
CREATE INDEX evidence_facts_by_value ON evidence_facts (case_id, kind, value);

-- The search index again, now keeping Devanagari words whole. unicode61's default token characters
-- are letters and numbers only, so it split "रहेंगी" at its vowel signs into "रह" and "ग", and a
-- search for any fragment matched: marks (M*) are token characters now. remove_diacritics still
-- folds Latin accents (café = cafe). Same rowids, refilled from the tables it indexes.
DROP TABLE timeline_fts;
CREATE VIRTUAL TABLE timeline_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);
INSERT INTO timeline_fts (rowid, body)
  SELECT d.doc, e.text || char(10) || coalesce(e.actor, '')
  FROM timeline_fts_docs d JOIN events e ON d.source = 'event' AND e.id = d.source_id;
INSERT INTO timeline_fts (rowid, body)
  SELECT d.doc, v.original_name || char(10) || v.notes
  FROM timeline_fts_docs d JOIN evidence v ON d.source = 'evidence' AND v.id = d.source_id;

-- The evidence triggers of 0003 indexed name and notes; now the read text too.
DROP TRIGGER evidence_fts_insert;
DROP TRIGGER evidence_fts_update;
CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
  INSERT INTO timeline_fts_docs (case_id, source, source_id) VALUES (NEW.case_id, 'evidence', NEW.id);
  ${reindexEvidence('NEW.id')}
END;
CREATE TRIGGER evidence_fts_update AFTER UPDATE OF original_name, notes ON evidence BEGIN
  ${reindexEvidence('NEW.id')}
END;
CREATE TRIGGER evidence_text_fts_insert AFTER INSERT ON evidence_text BEGIN
  ${reindexEvidence('NEW.evidence_id')}
END;
CREATE TRIGGER evidence_text_fts_update AFTER UPDATE OF text ON evidence_text BEGIN
  ${reindexEvidence('NEW.evidence_id')}
END;
CREATE TRIGGER evidence_text_fts_delete AFTER DELETE ON evidence_text BEGIN
  ${reindexEvidence('OLD.evidence_id')}
END;
`;

export const migration0008EvidenceText: Migration = {
  version: 8,
  name: 'evidence-text',
  up(db) {
    db.exec(SCHEMA);
  },
};
