import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import { openTestDatabase, reopenTestDatabase, seedCaseAndBlob } from '../test-database';

const NOW = '2026-11-23T20:44:12.123Z';

describe('migration 0005 (timeline indexes)', () => {
  it('adds the contact and undated-evidence indexes to a version 4 database, keeping its events', () => {
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 4) });
    seedCaseAndBlob(older.db, NOW);
    older.db
      .prepare(
        `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
         VALUES ('event-1', 'case-1', 'call', ?, NULL, '9876543210', 'pay today', '{}', ?)`,
      )
      .run(NOW, NOW);
    closeDatabase(older.db);
    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    const indexes = db
      .prepare<[], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ('events_by_contact', 'evidence_undated_by_case') ORDER BY name",
      )
      .all();
    expect(indexes.map((index) => index.name)).toEqual([
      'events_by_contact',
      'evidence_undated_by_case',
    ]);
    expect(indexes[1]?.sql).toContain('WHERE captured_at IS NULL');
    expect(db.prepare('SELECT id, text FROM events').all()).toEqual([
      { id: 'event-1', text: 'pay today' },
    ]);
    const plan = db
      .prepare<[string, string], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT occurred_at FROM events WHERE case_id = ? AND counterparty_id = ?',
      )
      .all('case-1', 'x')
      .map((row) => row.detail);
    // Since 0011 the counterparty index, which leads with the counterparty, serves this query.
    expect(plan.join(' ')).toContain('COVERING INDEX events_by_counterparty');
    closeDatabase(db);
  });

  it('serves the contacts of one counterparty from the contact index at version 5, before 0011 reorders it', () => {
    const { db } = openTestDatabase({ migrations: MIGRATIONS.slice(0, 5) });
    const plan = db
      .prepare<[string, string], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT occurred_at FROM events WHERE case_id = ? AND counterparty_id = ?',
      )
      .all('case-1', 'x')
      .map((row) => row.detail);
    expect(plan.join(' ')).toContain('COVERING INDEX events_by_contact');
  });
});
