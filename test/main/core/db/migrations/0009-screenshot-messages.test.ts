import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import type { Database } from '../../../../../main/core/db/types';
import {
  BLOB_A,
  SHA_A,
  captureError,
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
} from '../test-database';

const NOW = '2026-12-06T10:00:00.000Z';

function insertScreenshot(db: Database): void {
  db.prepare(
    `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
       captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
     VALUES ('ev-1', 'case-1', ?, 'Screenshot_20240513-102000_WhatsApp.png', 10, ?, 'image/png', NULL, 'unknown', 'low', ?, '{}', '{"kind":"received"}', '', '[]')`,
  ).run(BLOB_A, SHA_A, NOW);
}

const INSERT = `INSERT INTO screenshot_messages (id, case_id, evidence_id, position, side, sender, text,
  occurred_at, local_time, time_shown, day_shown, box, status, event_id, decided_at, proposed_at)
  VALUES (@id, 'case-1', 'ev-1', @position, @side, '+91 98765 43210', @text, '2024-05-12T16:11:00.000Z',
  @localTime, '9:41 pm', 1, @box, @status, @eventId, @decidedAt, '${NOW}')`;

function row(overrides: Record<string, unknown> = {}) {
  return {
    id: 'msg-1',
    position: 0,
    side: 'theirs',
    text: 'PAY NOW',
    localTime: '2024-05-12 21:41',
    box: '{"x":1,"y":2,"width":3,"height":4}',
    status: 'proposed',
    eventId: null,
    decidedAt: null,
    ...overrides,
  };
}

describe('migration 0009 (messages read from screenshots)', () => {
  it('brings a database with read text to a STRICT screenshot_messages table whose checks hold below the code', () => {
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 8) });
    seedCaseAndBlob(older.db, NOW);
    insertScreenshot(older.db);
    closeDatabase(older.db);
    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    const table = db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE name = 'screenshot_messages'",
      )
      .get();
    expect(table?.sql).toMatch(/\)\s*STRICT$/);

    db.prepare(INSERT).run(row());
    // One bubble position per screenshot.
    expect(captureError(() => db.prepare(INSERT).run(row({ id: 'msg-2' })))).toBeInstanceOf(Error);
    // Closed lists, shapes and the confirmed-means-an-event rule.
    for (const bad of [
      row({ id: 'b1', position: 1, side: 'left' }),
      row({ id: 'b2', position: 2, text: '' }),
      row({ id: 'b3', position: 3, localTime: '12 May 2024 21:41' }),
      row({ id: 'b4', position: 4, box: '[1,2]' }),
      row({ id: 'b5', position: 5, status: 'maybe' }),
      row({ id: 'b6', position: 6, status: 'confirmed' }),
      row({ id: 'b7', position: 7, status: 'confirmed', eventId: 'no-such-event', decidedAt: NOW }),
    ])
      expect(
        captureError(() => db.prepare(INSERT).run(bad)),
        JSON.stringify(bad),
      ).toBeInstanceOf(Error);
    // A message of a screenshot that is not in the case's evidence is refused.
    expect(
      captureError(() =>
        db.prepare(INSERT.replace("'ev-1'", "'ev-missing'")).run(row({ id: 'b8', position: 8 })),
      ),
    ).toBeInstanceOf(Error);
    expect(db.prepare('SELECT count(*) AS n FROM screenshot_messages').get()).toEqual({ n: 1 });
  });
});
