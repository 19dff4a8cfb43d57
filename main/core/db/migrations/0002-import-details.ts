// What the import pipeline learns about each file: how its capture time was worked out, what the
// user corrected, the warnings raised while reading it, and the state of its encrypted preview.
// Frozen once shipped, like 0001: the checks are spelled out here rather than shared.
import type { Migration } from '../types';

function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

const SCHEMA = `
ALTER TABLE evidence ADD COLUMN captured_at_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN captured_at_zone_assumed INTEGER NOT NULL DEFAULT 0
  CHECK (captured_at_zone_assumed IN (0, 1));
-- The automatically determined {capturedAt, source, confidence, detail}, kept on the first correction.
ALTER TABLE evidence ADD COLUMN captured_at_original TEXT
  CHECK (captured_at_original IS NULL OR (json_valid(captured_at_original)
    AND json_type(captured_at_original) = 'object'));
ALTER TABLE evidence ADD COLUMN import_warnings TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(import_warnings) AND json_type(import_warnings) = 'array');

-- One preview per stored file (shared by every evidence row with that content). 'none' says why
-- there is no picture; a ready preview always has its size.
CREATE TABLE thumbnails (
  blob_name  TEXT PRIMARY KEY NOT NULL REFERENCES blobs (name),
  status     TEXT NOT NULL CHECK (status IN ('ready', 'none')),
  reason     TEXT NOT NULL DEFAULT '',
  width      INTEGER CHECK (width IS NULL OR width > 0),
  height     INTEGER CHECK (height IS NULL OR height > 0),
  created_at TEXT NOT NULL CHECK ${utcTimestamp('created_at')},
  CHECK ((status = 'ready') = (width IS NOT NULL AND height IS NOT NULL))
) STRICT;
`;

export const migration0002ImportDetails: Migration = {
  version: 2,
  name: 'import-details',
  up(db) {
    db.exec(SCHEMA);
  },
};
