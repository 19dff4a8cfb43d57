import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import type { Database } from '../../../../../main/core/db/types';
import {
  captureError,
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
  SHA_A,
  BLOB_A,
} from '../test-database';

const NOW = '2026-11-23T20:44:12.123Z';
const SHA = SHA_A;
const BLOB = BLOB_A;

/** A database at version 2 with a message event and a screenshot, then upgraded by reopening it. */
function upgradeFromVersion2(): Database {
  const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 2) });
  seedCaseAndBlob(older.db, NOW);
  older.db
    .prepare(
      `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
         captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
       VALUES ('evidence-1', 'case-1', ?, 'defamation-post.png', 10, ?, 'image/png', ?, 'exif', 'high', ?,
         '{}', '{"kind":"unknown"}', 'posted in the society group', '[]')`,
    )
    .run(BLOB, SHA, NOW, NOW);
  older.db
    .prepare(
      `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
       VALUES ('event-1', 'case-1', 'message', ?, 'Agent Ravi', NULL, 'pay today or we visit your office', '{}', ?)`,
    )
    .run(NOW, NOW);
  closeDatabase(older.db);
  return reopenTestDatabase(older.file, older.key);
}

function search(db: Database, query: string): string[] {
  return db
    .prepare<[string], { source_id: string }>(
      `SELECT d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
       WHERE timeline_fts MATCH ? ORDER BY d.source_id`,
    )
    .all(query)
    .map((row) => row.source_id);
}

describe('migration 0003 (timeline)', () => {
  it('keeps existing events with neutral incident details', () => {
    const db = upgradeFromVersion2();
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    expect(
      db
        .prepare(
          'SELECT text, number_e164, duration_seconds, direction, third_party, counterparty_id FROM events',
        )
        .get(),
    ).toEqual({
      text: 'pay today or we visit your office',
      number_e164: null,
      duration_seconds: null,
      direction: null,
      third_party: 0,
      counterparty_id: null,
    });
  });

  it('indexes the text of rows that existed before the upgrade', () => {
    const db = upgradeFromVersion2();
    expect(search(db, '"office"')).toEqual(['event-1']);
    expect(search(db, '"society"')).toEqual(['evidence-1']);
    expect(search(db, '"defamation"')).toEqual(['evidence-1']);
  });

  it('keeps the search index in step with inserts, updates and deletes', () => {
    const db = upgradeFromVersion2();
    db.prepare(
      `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
       VALUES ('event-2', 'case-1', 'call', ?, NULL, NULL, 'called my brother-in-law', '{}', ?)`,
    ).run(NOW, NOW);
    expect(search(db, '"brother"')).toEqual(['event-2']);
    db.prepare("UPDATE evidence SET notes = 'shared on Facebook' WHERE id = 'evidence-1'").run();
    expect(search(db, '"society"')).toEqual([]);
    expect(search(db, '"facebook"')).toEqual(['evidence-1']);
    db.prepare("DELETE FROM events WHERE id = 'event-2'").run();
    expect(search(db, '"brother"')).toEqual([]);
    expect(
      db
        .prepare("SELECT count(*) FROM timeline_fts_docs WHERE source_id = 'event-2'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('adds STRICT tables for counterparties, their identifiers and dismissed flags', () => {
    const db = upgradeFromVersion2();
    const strict = db
      .prepare<[], { name: string; strict: number }>(
        `SELECT name, strict FROM pragma_table_list WHERE name IN
           ('counterparties', 'counterparty_identifiers', 'flag_dismissals', 'timeline_fts_docs') ORDER BY name`,
      )
      .all();
    expect(strict.map((row) => row.strict)).toEqual([1, 1, 1, 1]);
  });

  it('refuses an identifier claimed by two counterparties of one case, and a bad kind or flag', () => {
    const db = upgradeFromVersion2();
    const addCounterparty = db.prepare(
      `INSERT INTO counterparties (id, case_id, name, kind, created_at) VALUES (?, 'case-1', ?, ?, ?)`,
    );
    addCounterparty.run('cp-1', 'QuickCash', 'loan-app', NOW);
    addCounterparty.run('cp-2', 'Agent Ravi', 'recovery-agent', NOW);
    expect(captureError(() => addCounterparty.run('cp-3', 'x', 'bank', NOW))).toBeInstanceOf(Error);
    const addIdentifier = db.prepare(
      `INSERT INTO counterparty_identifiers (counterparty_id, case_id, kind, value) VALUES (?, 'case-1', 'number', ?)`,
    );
    addIdentifier.run('cp-1', '+919876543210');
    expect(captureError(() => addIdentifier.run('cp-2', '+919876543210'))).toBeInstanceOf(Error);
    expect(
      captureError(() =>
        db.prepare("UPDATE events SET third_party = 2 WHERE id = 'event-1'").run(),
      ),
    ).toBeInstanceOf(Error);
    expect(
      captureError(() =>
        db.prepare("UPDATE events SET number_e164 = '98765' WHERE id = 'event-1'").run(),
      ),
    ).toBeInstanceOf(Error);
  });

  it('removes dismissals with their event', () => {
    const db = upgradeFromVersion2();
    db.prepare(
      `INSERT INTO flag_dismissals (event_id, rule_id, reason, dismissed_at) VALUES ('event-1', 'contact-hours', 'my own reply', ?)`,
    ).run(NOW);
    db.prepare("DELETE FROM events WHERE id = 'event-1'").run();
    expect(db.prepare('SELECT count(*) FROM flag_dismissals').pluck().get()).toBe(0);
  });
});
