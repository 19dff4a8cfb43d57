// A case's own step plan: which playbooks it follows (once the user has chosen; until then the
// suggestion for the counterparty applies), the steps the user added in their own words, and saved
// complaint drafts, one row per version. Status, notes and proof of every step (playbook or own)
// stay in `steps` / `step_proof` from 0001, keyed 'custom/<id>' for own steps. Frozen once shipped,
// like 0001: the checks are spelled out here rather than shared.
import type { Migration } from '../types';

function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

/** A calendar day, 'YYYY-MM-DD', that exists (date() normalises 2025-02-30 to something else). */
function calendarDate(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${column}) = ${column})`;
}

const SCHEMA = `
-- One row once the user has chosen; no row means "follow the suggestion". An empty array is a
-- real choice (no playbooks), which is why absence and emptiness are kept apart.
CREATE TABLE case_playbooks (
  case_id      TEXT PRIMARY KEY NOT NULL REFERENCES cases (id),
  playbook_ids TEXT NOT NULL CHECK (json_valid(playbook_ids) AND json_type(playbook_ids) = 'array'),
  chosen_at    TEXT NOT NULL CHECK ${utcTimestamp('chosen_at')}
) STRICT;

CREATE TABLE custom_steps (
  id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id    TEXT NOT NULL REFERENCES cases (id),
  title      TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
  due_date   TEXT CHECK (due_date IS NULL OR ${calendarDate('due_date')}),
  created_at TEXT NOT NULL CHECK ${utcTimestamp('created_at')}
) STRICT;
CREATE INDEX custom_steps_by_case ON custom_steps (case_id, created_at);

-- Every save is a new version; earlier versions are never changed.
CREATE TABLE draft_versions (
  id       TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id  TEXT NOT NULL REFERENCES cases (id),
  kind     TEXT NOT NULL CHECK (kind IN ('cybercrime', 'police', 'lender', 'ombudsman', 'ncw')),
  lang     TEXT NOT NULL CHECK (lang IN ('en', 'hi')),
  version  INTEGER NOT NULL CHECK (version >= 1),
  body     TEXT NOT NULL CHECK (length(body) <= 200000),
  saved_at TEXT NOT NULL CHECK ${utcTimestamp('saved_at')},
  UNIQUE (case_id, kind, version)
) STRICT;

CREATE TRIGGER draft_versions_no_update BEFORE UPDATE ON draft_versions
BEGIN SELECT RAISE(ABORT, 'draft versions are kept as saved'); END;
`;

export const migration0004CaseSteps: Migration = {
  version: 4,
  name: 'case-steps',
  up(db) {
    db.exec(SCHEMA);
  },
};
