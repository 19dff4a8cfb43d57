import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import { EvidenceRepository } from '../../../../../main/core/db/repositories/evidence';
import type { Database } from '../../../../../main/core/db/types';
import {
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
  SHA_A,
  BLOB_A,
} from '../test-database';

const NOW = '2026-11-23T20:44:12.123Z';
const SHA = SHA_A;
const BLOB = BLOB_A;

/** A database at version 1 holding one evidence row, then upgraded by reopening it normally. */
function upgradeFromVersion1(): Database {
  const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 1) });
  seedCaseAndBlob(older.db, NOW);
  older.db
    .prepare(
      `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
         captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
       VALUES ('evidence-1', 'case-1', ?, 'threat.png', 10, ?, 'image/png', ?, 'exif', 'high', ?, '{}',
         '{"kind":"unknown"}', 'kept note', '["threat"]')`,
    )
    .run(BLOB, SHA, NOW, NOW);
  closeDatabase(older.db);
  return reopenTestDatabase(older.file, older.key);
}

function setColumn(db: Database, column: string, value: unknown): void {
  db.prepare(`UPDATE evidence SET ${column} = ? WHERE id = 'evidence-1'`).run(value);
}

function insertThumbnail(db: Database, overrides: Record<string, unknown>): void {
  const row = {
    blob_name: BLOB,
    status: 'ready',
    reason: '',
    width: 512,
    height: 384,
    created_at: NOW,
    ...overrides,
  };
  db.prepare(
    `INSERT INTO thumbnails (blob_name, status, reason, width, height, created_at)
     VALUES (@blob_name, @status, @reason, @width, @height, @created_at)`,
  ).run(row);
}

describe('migration 0002 (import details)', () => {
  it('keeps existing evidence, giving it neutral import details', () => {
    const db = upgradeFromVersion1();
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    expect(new EvidenceRepository(db).require('evidence-1')).toMatchObject({
      originalName: 'threat.png',
      capturedAt: NOW,
      capturedAtSource: 'exif',
      notes: 'kept note',
      tags: ['threat'],
      capturedAtDetail: '',
      capturedAtZoneAssumed: false,
      capturedAtOriginal: null,
      warnings: [],
    });
  });

  it('adds a STRICT thumbnails table tied to stored files', () => {
    const db = upgradeFromVersion1();
    const strict = db
      .prepare("SELECT strict FROM pragma_table_list WHERE name = 'thumbnails'")
      .pluck()
      .get();
    expect(strict).toBe(1);
    const other = '2'.repeat(64);
    db.prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, 5, ?)').run(
      other,
      'b'.repeat(64),
      NOW,
    );
    insertThumbnail(db, {});
    insertThumbnail(db, {
      blob_name: other,
      status: 'none',
      reason: 'No preview',
      width: null,
      height: null,
    });
    expect(db.prepare('SELECT count(*) FROM thumbnails').pluck().get()).toBe(2);
  });

  const badValues: [string, (db: Database) => void][] = [
    [
      'a zone-assumed flag other than 0 or 1',
      (db) => {
        setColumn(db, 'captured_at_zone_assumed', 2);
      },
    ],
    [
      'warnings that are not a JSON array',
      (db) => {
        setColumn(db, 'import_warnings', '{"a":1}');
      },
    ],
    [
      'warnings that are not JSON',
      (db) => {
        setColumn(db, 'import_warnings', 'oops');
      },
    ],
    [
      'an original capture time that is not a JSON object',
      (db) => {
        setColumn(db, 'captured_at_original', '[]');
      },
    ],
    [
      'a null capture detail',
      (db) => {
        setColumn(db, 'captured_at_detail', null);
      },
    ],
    [
      'a preview of a stored file that is not recorded',
      (db) => {
        insertThumbnail(db, { blob_name: '9'.repeat(64) });
      },
    ],
    [
      'a preview with an unknown status',
      (db) => {
        insertThumbnail(db, { status: 'maybe' });
      },
    ],
    [
      'a ready preview without a size',
      (db) => {
        insertThumbnail(db, { width: null, height: null });
      },
    ],
    [
      'a "none" preview with a size',
      (db) => {
        insertThumbnail(db, { status: 'none' });
      },
    ],
    [
      'a preview with a local (non-UTC) time',
      (db) => {
        insertThumbnail(db, { created_at: '2026-11-23T20:44:12+05:30' });
      },
    ],
  ];

  it.each(badValues)('rejects %s', (_title, write) => {
    const db = upgradeFromVersion1();
    expect(() => {
      write(db);
    }).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) as unknown }),
    );
  });
});
