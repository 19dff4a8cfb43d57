// Migration 0010 rebuilds the evidence table to accept 'audio-tags' as where a capture time came
// from. Shown on a real encrypted database built at version 9: every row, rowid, index, trigger,
// read text and link survives (no cascade fired while the old table was dropped), the search
// still finds evidence by name, the table stays STRICT, the new value is accepted, anything else
// is still refused, and foreign keys are on and whole afterwards.
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import { EvidenceTextRepository } from '../../../../../main/core/db/repositories/evidence-text';
import type { Database } from '../../../../../main/core/db/types';
import { toFtsQuery } from '../../../../../main/core/timeline/timeline-entry';
import {
  BLOB_A,
  SHA_A,
  captureError,
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
} from '../test-database';

const NOW = '2026-12-06T10:00:00.000Z';

function insertEvidence(db: Database, id: string, name: string, source: string): void {
  db.prepare(
    `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
       captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
     VALUES (?, 'case-1', ?, ?, 10, ?, 'audio/mp4', ?, ?, 'medium', ?, '{}', '{"kind":"received"}', '', '[]')`,
  ).run(id, BLOB_A, name, SHA_A, NOW, source, NOW);
}

function search(db: Database, words: string): string[] {
  return db
    .prepare<[string], { source_id: string }>(
      `SELECT d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
       WHERE timeline_fts MATCH ? ORDER BY d.source_id`,
    )
    .all(toFtsQuery(words))
    .map((row) => row.source_id);
}

function listAttached(db: Database): string[] {
  return db
    .prepare<[], { type: string; name: string; sql: string }>(
      `SELECT type, name, sql FROM sqlite_schema
       WHERE tbl_name = 'evidence' AND type IN ('index', 'trigger') AND sql IS NOT NULL
       ORDER BY type, name`,
    )
    .all()
    .map((row) => `${row.type} ${row.name}: ${row.sql}`);
}

describe('migration 0010 (audio tag times)', () => {
  it('accepts audio-tags as a capture-time source, keeping every row, link, text and index', () => {
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 9) });
    seedCaseAndBlob(older.db, NOW);
    insertEvidence(older.db, 'ev-1', 'Call recording 9876543210_240512_211530.m4a', 'filename');
    older.db
      .prepare(
        `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
         VALUES ('e-1', 'case-1', 'call', ?, NULL, '9876543210', '', '{}', ?)`,
      )
      .run(NOW, NOW);
    older.db
      .prepare("INSERT INTO event_evidence (event_id, evidence_id) VALUES ('e-1', 'ev-1')")
      .run();
    new EvidenceTextRepository(older.db).save({
      evidenceId: 'ev-1',
      status: 'read',
      lang: 'hin',
      text: 'पैसे आज ही भेजो',
      layout: { width: 1, height: 1, words: [], lines: [] },
      confidence: 90,
      reason: '',
      engine: 'test',
    });
    // The old check refuses the new source.
    expect(
      captureError(() => {
        insertEvidence(older.db, 'ev-x', 'x.m4a', 'audio-tags');
      }),
    ).toBeInstanceOf(Error);
    const rowid = older.db.prepare("SELECT rowid FROM evidence WHERE id = 'ev-1'").pluck().get();
    const attached = listAttached(older.db);
    expect(attached.length).toBeGreaterThan(3);
    closeDatabase(older.db);

    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    const table = db
      .prepare<[], string>(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'evidence'",
      )
      .pluck()
      .get();
    expect(table).toMatch(/^CREATE TABLE "?evidence"? /);
    expect(table).toMatch(/\)\s*STRICT$/);
    expect(table).toContain("'unknown', 'audio-tags')");
    expect(db.prepare("SELECT rowid FROM evidence WHERE id = 'ev-1'").pluck().get()).toBe(rowid);
    expect(listAttached(db)).toEqual(attached);
    expect(db.prepare('SELECT evidence_id FROM event_evidence').pluck().all()).toEqual(['ev-1']);
    expect(new EvidenceTextRepository(db).get('ev-1')?.text).toBe('पैसे आज ही भेजो');
    expect(search(db, 'भेजो')).toEqual(['ev-1']);
    expect(search(db, 'recording')).toEqual(['ev-1']);

    db.prepare("UPDATE evidence SET captured_at_source = 'audio-tags' WHERE id = 'ev-1'").run();
    expect(
      captureError(() =>
        db.prepare("UPDATE evidence SET captured_at_source = 'bogus' WHERE id = 'ev-1'").run(),
      ),
    ).toBeInstanceOf(Error);
    // Foreign keys are back on, and whole.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(
      captureError(() => db.prepare("DELETE FROM evidence WHERE id = 'ev-1'").run()),
    ).toBeInstanceOf(Error);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
