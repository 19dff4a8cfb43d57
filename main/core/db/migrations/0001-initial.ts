// The first schema. Every table is STRICT; enum columns have CHECKs mirroring shared/domain.ts and
// JSON columns are checked with json_valid()/json_type(), so a bug elsewhere cannot store a row the
// repositories would later refuse to read. Frozen once shipped: later changes go in new migrations,
// which is also why the enum lists below are spelled out instead of imported.
import type { Migration } from '../types';

/** UTC ISO 8601 as produced by Date#toISOString (fraction optional), and a real date. */
function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

function hex64(column: string): string {
  return `(length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*')`;
}

function jsonObject(column: string): string {
  return `(json_valid(${column}) AND json_type(${column}) = 'object')`;
}

function jsonArray(column: string): string {
  return `(json_valid(${column}) AND json_type(${column}) = 'array')`;
}

const SCHEMA = `
CREATE TABLE cases (
  id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description  TEXT NOT NULL,
  counterparty TEXT NOT NULL CHECK ${jsonObject('counterparty')},
  status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  timezone     TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
  created_at   TEXT NOT NULL CHECK ${utcTimestamp('created_at')},
  updated_at   TEXT NOT NULL CHECK ${utcTimestamp('updated_at')}
) STRICT;

-- One stored (encrypted) file per distinct content, shared by evidence rows of different cases.
-- UNIQUE (name, sha256) exists only so evidence can reference both at once.
CREATE TABLE blobs (
  name       TEXT PRIMARY KEY NOT NULL CHECK ${hex64('name')},
  sha256     TEXT NOT NULL CHECK ${hex64('sha256')},
  size       INTEGER NOT NULL CHECK (size >= 0),
  created_at TEXT NOT NULL CHECK ${utcTimestamp('created_at')},
  UNIQUE (name, sha256)
) STRICT;

CREATE TABLE evidence (
  id                     TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id                TEXT NOT NULL REFERENCES cases (id),
  blob_name              TEXT NOT NULL,
  original_name          TEXT NOT NULL,
  size                   INTEGER NOT NULL CHECK (size >= 0),
  sha256                 TEXT NOT NULL CHECK ${hex64('sha256')},
  media_type             TEXT NOT NULL,
  captured_at            TEXT CHECK (captured_at IS NULL OR ${utcTimestamp('captured_at')}),
  captured_at_source     TEXT NOT NULL CHECK (captured_at_source IN
                           ('exif', 'filename', 'png-metadata', 'file-mtime', 'chat-export', 'user', 'unknown')),
  captured_at_confidence TEXT NOT NULL CHECK (captured_at_confidence IN ('high', 'medium', 'low')),
  imported_at            TEXT NOT NULL CHECK ${utcTimestamp('imported_at')},
  metadata               TEXT NOT NULL CHECK ${jsonObject('metadata')},
  provenance             TEXT NOT NULL CHECK (${jsonObject('provenance')}
                           AND json_extract(provenance, '$.kind') IN ('captured-by-me', 'received', 'unknown')),
  notes                  TEXT NOT NULL,
  tags                   TEXT NOT NULL CHECK ${jsonArray('tags')},
  UNIQUE (case_id, sha256),
  -- The row's hash must be the stored file's hash: a mix-up would make a check blame the wrong file.
  FOREIGN KEY (blob_name, sha256) REFERENCES blobs (name, sha256)
) STRICT;
CREATE INDEX evidence_by_case ON evidence (case_id, imported_at);
CREATE INDEX evidence_by_blob ON evidence (blob_name, sha256);

CREATE TABLE events (
  id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id     TEXT NOT NULL REFERENCES cases (id),
  kind        TEXT NOT NULL CHECK (kind IN
                ('message', 'call', 'visit', 'threat', 'post', 'evidence', 'step', 'note', 'system')),
  occurred_at TEXT NOT NULL CHECK ${utcTimestamp('occurred_at')},
  actor       TEXT,
  number      TEXT,
  text        TEXT NOT NULL,
  details     TEXT NOT NULL CHECK ${jsonObject('details')},
  created_at  TEXT NOT NULL CHECK ${utcTimestamp('created_at')}
) STRICT;
CREATE INDEX events_by_case ON events (case_id, occurred_at);

CREATE TABLE event_evidence (
  event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  evidence_id TEXT NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (event_id, evidence_id)
) STRICT;
CREATE INDEX event_evidence_by_evidence ON event_evidence (evidence_id);

CREATE TABLE steps (
  id               TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id          TEXT NOT NULL REFERENCES cases (id),
  playbook_step_id TEXT NOT NULL CHECK (length(playbook_step_id) BETWEEN 1 AND 200),
  status           TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done', 'na')),
  done_at          TEXT CHECK (done_at IS NULL OR ${utcTimestamp('done_at')}),
  due_at           TEXT CHECK (due_at IS NULL OR ${utcTimestamp('due_at')}),
  refs             TEXT NOT NULL CHECK ${jsonObject('refs')},
  notes            TEXT NOT NULL,
  updated_at       TEXT NOT NULL CHECK ${utcTimestamp('updated_at')},
  UNIQUE (case_id, playbook_step_id)
) STRICT;

CREATE TABLE step_proof (
  step_id     TEXT NOT NULL REFERENCES steps (id) ON DELETE CASCADE,
  evidence_id TEXT NOT NULL REFERENCES evidence (id),
  PRIMARY KEY (step_id, evidence_id)
) STRICT;
CREATE INDEX step_proof_by_evidence ON step_proof (evidence_id);

-- Append-only, hash-chained history (see main/core/custody/custody-log.ts for the hash recipe).
CREATE TABLE custody_log (
  seq       INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
  at        TEXT NOT NULL CHECK ${utcTimestamp('at')},
  action    TEXT NOT NULL CHECK (length(action) >= 1),
  subject   TEXT NOT NULL,
  details   TEXT NOT NULL CHECK ${jsonObject('details')},
  prev_hash TEXT NOT NULL CHECK ${hex64('prev_hash')},
  hash      TEXT NOT NULL CHECK ${hex64('hash')}
) STRICT;
CREATE INDEX custody_by_subject ON custody_log (subject, seq);

-- The last seq and hash, kept outside the log so that deleting the tail entries is detectable.
CREATE TABLE custody_head (
  id   INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  seq  INTEGER NOT NULL CHECK (seq >= 0),
  hash TEXT NOT NULL CHECK ${hex64('hash')}
) STRICT;
INSERT INTO custody_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');

CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log
BEGIN SELECT RAISE(ABORT, 'custody_log is append-only'); END;
CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
BEGIN SELECT RAISE(ABORT, 'custody_log is append-only'); END;
-- New entries must extend the chain exactly where the head says it ends.
CREATE TRIGGER custody_log_append_at_head BEFORE INSERT ON custody_log
WHEN NEW.seq IS NOT (SELECT seq + 1 FROM custody_head WHERE id = 1)
  OR NEW.prev_hash IS NOT (SELECT hash FROM custody_head WHERE id = 1)
BEGIN SELECT RAISE(ABORT, 'custody_log entries must extend the chain at its head'); END;
-- The head only moves forward by one, onto an entry that exists.
CREATE TRIGGER custody_head_advance_only BEFORE UPDATE ON custody_head
WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1
  OR NOT EXISTS (SELECT 1 FROM custody_log WHERE seq = NEW.seq AND hash = NEW.hash)
BEGIN SELECT RAISE(ABORT, 'custody_head may only advance to the newest entry'); END;
CREATE TRIGGER custody_head_no_delete BEFORE DELETE ON custody_head
BEGIN SELECT RAISE(ABORT, 'custody_head cannot be deleted'); END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
`;

export const migration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SCHEMA);
  },
};
