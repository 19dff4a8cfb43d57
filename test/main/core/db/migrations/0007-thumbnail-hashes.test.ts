import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import { ThumbnailsRepository } from '../../../../../main/core/db/repositories/thumbnails';
import {
  BLOB_A,
  captureError,
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
} from '../test-database';

const NOW = '2026-11-23T20:44:12.123Z';
const WEBP_SHA = 'e3'.repeat(32);

describe('migration 0007 (thumbnail hashes)', () => {
  it('adds a checked sha256 column to thumbnails, keeping earlier previews (with no hash) and STRICT', () => {
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 5) });
    seedCaseAndBlob(older.db, NOW);
    older.db
      .prepare(
        `INSERT INTO thumbnails (blob_name, status, reason, width, height, created_at)
         VALUES (?, 'ready', '', 320, 640, ?)`,
      )
      .run(BLOB_A, NOW);
    closeDatabase(older.db);
    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    const table = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'thumbnails'")
      .get();
    expect(table?.sql).toMatch(/\)\s*STRICT$/);
    const repo = new ThumbnailsRepository(db);
    expect(repo.get(BLOB_A)).toMatchObject({ status: 'ready', width: 320, sha256: null });

    repo.upsert({
      blobName: BLOB_A,
      status: 'ready',
      reason: '',
      width: 320,
      height: 640,
      sha256: WEBP_SHA,
    });
    expect(repo.get(BLOB_A)?.sha256).toBe(WEBP_SHA);
    // The column's own check, below the repository: no hash that is not 64 lowercase hex digits.
    expect(
      captureError(() =>
        db.prepare('UPDATE thumbnails SET sha256 = ? WHERE blob_name = ?').run('XYZ', BLOB_A),
      ),
    ).toBeInstanceOf(Error);
    expect(
      captureError(() =>
        db
          .prepare('UPDATE thumbnails SET sha256 = ? WHERE blob_name = ?')
          .run('E3'.repeat(32), BLOB_A),
      ),
    ).toBeInstanceOf(Error);
    // A ready preview without a hash is refused by the repository from now on.
    expect(
      captureError(() =>
        repo.upsert({ blobName: BLOB_A, status: 'ready', reason: '', width: 1, height: 1 }),
      ),
    ).toBeDefined();
    repo.remove(BLOB_A);
    expect(repo.get(BLOB_A)).toBeUndefined();
  });
});
