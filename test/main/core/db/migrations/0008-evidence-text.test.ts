import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import {
  EMPTY_LAYOUT,
  EvidenceTextRepository,
  hashReading,
} from '../../../../../main/core/db/repositories/evidence-text';
import type { Database } from '../../../../../main/core/db/types';
import { toFtsQuery } from '../../../../../main/core/timeline/timeline-entry';
import {
  BLOB_A,
  BLOB_B,
  SHA_A,
  SHA_B,
  captureError,
  expectSakshyaCode,
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
} from '../test-database';

const NOW = '2026-12-06T10:00:00.000Z';

function insertEvidence(db: Database, id: string, name: string, mediaType = 'image/png'): void {
  // Each row its own stored file: a case holds a file once.
  const blob = id === 'ev-2' ? BLOB_B : BLOB_A;
  const sha = id === 'ev-2' ? SHA_B : SHA_A;
  if (id === 'ev-2')
    db.prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, 10, ?)').run(
      blob,
      sha,
      NOW,
    );
  db.prepare(
    `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
       captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
     VALUES (?, 'case-1', ?, ?, 10, ?, ?, NULL, 'unknown', 'low', ?, '{}', '{"kind":"received"}', '', '[]')`,
  ).run(id, blob, name, sha, mediaType, NOW);
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

const HINDI = 'तुम्हें धमकियाँ मिलती रहेंगी\nपैसे आज ही भेजो';

function readText(evidenceId: string, text: string) {
  return {
    evidenceId,
    status: 'read' as const,
    lang: 'hin' as const,
    text,
    layout: {
      width: 480,
      height: 200,
      words: [{ text: 'धमकियाँ', bbox: { x0: 90, y0: 80, x1: 160, y1: 100 }, confidence: 92 }],
      lines: [],
    },
    confidence: 93,
    reason: '',
    engine: 'tesseract.js 7 (eng, hin 4.0.0_best_int)',
  };
}

describe('migration 0008 (evidence text)', () => {
  it('adds STRICT tables for read text and facts, keeping earlier evidence searchable by name', () => {
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 7) });
    seedCaseAndBlob(older.db, NOW);
    insertEvidence(older.db, 'ev-old', 'payment-screenshot.png');
    older.db
      .prepare(
        `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
         VALUES ('e-1', 'case-1', 'message', ?, 'Agent', NULL, 'पैसे भेजो वरना धमकियाँ', '{}', ?)`,
      )
      .run(NOW, NOW);
    // Before 0008 the vowel signs split Hindi words: a fragment matched.
    expect(search(older.db, 'याँ')).toEqual(['e-1']);
    closeDatabase(older.db);
    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    for (const name of ['evidence_text', 'evidence_facts']) {
      const table = db
        .prepare<[string], { sql: string }>('SELECT sql FROM sqlite_master WHERE name = ?')
        .get(name);
      expect(table?.sql).toMatch(/\)\s*STRICT$/);
    }
    expect(search(db, 'payment')).toEqual(['ev-old']);
    // The rebuilt index holds the old rows, with Hindi words whole.
    expect(search(db, 'धमकियाँ')).toEqual(['e-1']);
    expect(search(db, 'याँ')).toEqual([]);
    // The old row is still to be read.
    expect(new EvidenceTextRepository(db).listPending('case-1').map((p) => p.evidenceId)).toEqual([
      'ev-old',
    ]);
  });

  it('indexes read Devanagari whole, vowel signs and nasal marks included, and follows changes', () => {
    const { db } = openTestDatabase();
    seedCaseAndBlob(db, NOW);
    insertEvidence(db, 'ev-1', 'IMG_0001.png');
    insertEvidence(db, 'ev-2', 'IMG_0002.png');
    const repo = new EvidenceTextRepository(db, { now: () => new Date(NOW) });
    repo.save(readText('ev-1', HINDI), [
      { kind: 'phone', value: '+919876543210', shown: '98765 43210' },
    ]);
    repo.save(readText('ev-2', 'Send the marmalade money today'));

    expect(search(db, 'धमकियाँ')).toEqual(['ev-1']);
    expect(search(db, 'रहेंगी')).toEqual(['ev-1']);
    expect(search(db, 'धमकि')).toEqual(['ev-1']); // a prefix, as the timeline searches
    // A fragment after a vowel sign is not a word of its own: the marks did not split the word.
    expect(search(db, 'गी')).toEqual([]);
    expect(search(db, 'याँ')).toEqual([]);
    expect(search(db, 'marmalade')).toEqual(['ev-2']);
    expect(search(db, 'IMG_0001')).toEqual(['ev-1']);

    // Reading again replaces the words in the index; renaming keeps the read text searchable.
    repo.save(readText('ev-1', 'पैसे आज ही भेजो'));
    expect(search(db, 'धमकियाँ')).toEqual([]);
    db.prepare("UPDATE evidence SET original_name = 'renamed.png' WHERE id = 'ev-1'").run();
    expect(search(db, 'भेजो')).toEqual(['ev-1']);
    expect(search(db, 'renamed')).toEqual(['ev-1']);
    db.prepare("DELETE FROM evidence_text WHERE evidence_id = 'ev-1'").run();
    expect(search(db, 'भेजो')).toEqual([]);
    expect(search(db, 'renamed')).toEqual(['ev-1']);
  });

  it('keeps each word position and a hash of the reading, and refuses rows that break the rules', () => {
    const { db } = openTestDatabase();
    seedCaseAndBlob(db, NOW);
    insertEvidence(db, 'ev-1', 'a.png');
    const repo = new EvidenceTextRepository(db);
    const saved = repo.save(readText('ev-1', HINDI), [
      { kind: 'upi', value: 'fastloan@okaxis', shown: 'fastloan@okaxis' },
    ]);
    const back = repo.get('ev-1');
    expect(back?.layout.words[0]?.bbox).toEqual({ x0: 90, y0: 80, x1: 160, y1: 100 });
    expect(back?.sha256).toBe(hashReading(readText('ev-1', HINDI)));
    expect(back?.sha256).toBe(saved.sha256);
    expect(back?.caseId).toBe('case-1');
    expect(repo.listFacts('ev-1')).toEqual([
      { kind: 'upi', value: 'fastloan@okaxis', shown: 'fastloan@okaxis' },
    ]);
    expect(repo.findByFact('case-1', 'upi', 'fastloan@okaxis')).toEqual(['ev-1']);

    // Below the repository, the table's own checks.
    const raw = (status: string, lang: string | null, text: string) =>
      db
        .prepare(
          `INSERT INTO evidence_text (evidence_id, case_id, status, lang, text, layout, confidence, reason, engine, sha256, read_at)
           VALUES ('ev-1', 'case-1', ?, ?, ?, '{}', NULL, '', 'x', ?, ?)`,
        )
        .run(status, lang, text, 'a'.repeat(64), NOW);
    db.prepare("DELETE FROM evidence_text WHERE evidence_id = 'ev-1'").run();
    expect(captureError(() => raw('guessed', null, ''))).toBeInstanceOf(Error);
    expect(captureError(() => raw('no-text', null, 'some words'))).toBeInstanceOf(Error);
    expect(captureError(() => raw('read', null, 'words'))).toBeInstanceOf(Error);
    expect(
      captureError(() =>
        db
          .prepare(
            "INSERT INTO evidence_facts (evidence_id, case_id, kind, value, shown) VALUES ('ev-1', 'case-1', 'phone', '98765', '98765')",
          )
          .run(),
      ),
    ).toBeInstanceOf(Error);
    // A reading of evidence that does not exist is refused as NOT_FOUND; a reading without words
    // cannot claim a language.
    expectSakshyaCode(
      captureError(() => repo.save({ ...readText('nope', 'x'), evidenceId: 'nope' })),
      'NOT_FOUND',
    );
    expectSakshyaCode(
      captureError(() =>
        repo.save({
          ...readText('ev-1', ''),
          status: 'no-text',
          confidence: null,
          layout: EMPTY_LAYOUT,
        }),
      ),
      'INVALID_INPUT',
    );
  });
});
