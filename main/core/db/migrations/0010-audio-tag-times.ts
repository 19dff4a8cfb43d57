// A call recording's capture time can come from its audio tags (issue 19: "from the file name,
// then from metadata"): `captured_at_source` gains 'audio-tags'. SQLite cannot change a CHECK in
// place, so the evidence table is rebuilt by the procedure SQLite documents for schema changes
// (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): with
// foreign keys off (the runner turns them off for this migration and checks them all before
// commit), a new table with the new check, every row copied with its rowid (the search index
// points at rowids), the old table dropped, the new one renamed, and the old indexes and triggers
// created again from their own stored text. Nothing else of the table changes; it stays STRICT.
// Frozen once shipped.
import { SakshyaError } from '../../../../shared/errors';
import type { Database, Migration } from '../types';

const OLD_SOURCES =
  "('exif', 'filename', 'png-metadata', 'file-mtime', 'chat-export', 'user', 'unknown')";
const NEW_SOURCES =
  "('exif', 'filename', 'png-metadata', 'file-mtime', 'chat-export', 'user', 'unknown', 'audio-tags')";

export const migration0010AudioTagTimes: Migration = {
  version: 10,
  name: 'audio-tag-times',
  foreignKeysOff: true,
  up(db) {
    rebuildEvidence(db);
  },
};

function rebuildEvidence(db: Database): void {
  const table = db
    .prepare<[], string>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'evidence'")
    .pluck()
    .get();
  if (table?.includes(OLD_SOURCES) !== true) {
    throw new SakshyaError('INTERNAL', 'migration 10: the evidence table is not as expected');
  }
  const attached = db
    .prepare<[], string>(
      `SELECT sql FROM sqlite_schema
       WHERE tbl_name = 'evidence' AND type IN ('index', 'trigger') AND sql IS NOT NULL
       ORDER BY type, name`,
    )
    .pluck()
    .all();
  const columns = db
    .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('evidence')")
    .all()
    .map((column) => `"${column.name}"`)
    .join(', ');
  const created = table
    .replace(OLD_SOURCES, NEW_SOURCES)
    .replace(/^CREATE TABLE\s+("?)evidence\1/, 'CREATE TABLE evidence_0010');
  db.exec(created);
  db.exec(
    `INSERT INTO evidence_0010 (rowid, ${columns}) SELECT rowid, ${columns} FROM evidence ORDER BY rowid`,
  );
  db.exec('DROP TABLE evidence');
  // The legacy rename leaves the other tables' triggers and references alone: they name
  // "evidence", which is again the table once the rename is done.
  db.pragma('legacy_alter_table = ON');
  try {
    db.exec('ALTER TABLE evidence_0010 RENAME TO evidence');
  } finally {
    db.pragma('legacy_alter_table = OFF');
  }
  for (const sql of attached) db.exec(sql);
}
