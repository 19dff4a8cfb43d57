// Migration 0011 folds events_by_number into a reordered events_by_contact and widens
// events_by_counterparty. Shown on a real encrypted database built at version 10: the events and
// their search entries stay, the number index is gone, and every query that read it (or the old
// contact order) is still answered from an index, never by reading the case's events.
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import type { Database } from '../../../../../main/core/db/types';
import { openTestDatabase, reopenTestDatabase, seedCaseAndBlob } from '../test-database';

const NOW = '2026-12-06T22:00:00.000Z';

function explain(db: Database, sql: string, params: unknown[]): string {
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => (row as { detail: string }).detail)
    .join(' | ');
}

function listEventIndexes(db: Database): string[] {
  return db
    .prepare<[], string>(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name",
    )
    .pluck()
    .all();
}

describe('migration 0011 (contact index merge)', () => {
  it('drops the number index, keeping every event and its search entry', () => {
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 10) });
    seedCaseAndBlob(older.db, NOW);
    const insert = older.db.prepare(
      `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at, number_e164)
       VALUES (?, 'case-1', ?, ?, ?, '9876543210', ?, '{}', ?, '+919876543210')`,
    );
    insert.run('e-1', 'call', NOW, null, '', NOW);
    insert.run('e-2', 'message', NOW, '+919876543210', 'पैसे आज ही भेजो', NOW);
    expect(listEventIndexes(older.db)).toContain('events_by_number');
    closeDatabase(older.db);

    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    expect(listEventIndexes(db)).toEqual([
      'events_by_case',
      'events_by_contact',
      'events_by_counterparty',
      'events_by_sender',
    ]);
    expect(db.prepare('SELECT id FROM events ORDER BY id').pluck().all()).toEqual(['e-1', 'e-2']);
    expect(
      db
        .prepare(
          `SELECT d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
           WHERE timeline_fts MATCH ?`,
        )
        .pluck()
        .all('भेजो'),
    ).toEqual(['e-2']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('answers each query by number, by counterparty and by sender from an index', () => {
    const { db } = openTestDatabase();
    const plans = {
      // people.ts listCallingNumbers: the next calling number, then its calls.
      nextNumber: explain(
        db,
        `SELECT number_e164 FROM events WHERE case_id = ? AND number_e164 > ? AND kind = 'call'
         ORDER BY number_e164 LIMIT 1`,
        ['case-1', ''],
      ),
      countCalls: explain(
        db,
        `SELECT count(*) FROM events WHERE case_id = ? AND number_e164 = ? AND kind = 'call'`,
        ['case-1', '+91'],
      ),
      // counterparties.ts: a number untied from its counterparty.
      untie: explain(
        db,
        'UPDATE events SET counterparty_id = NULL WHERE case_id = ? AND counterparty_id = ? AND number_e164 = ?',
        ['case-1', 'x', '+91'],
      ),
      // recording-import.ts: the call a recording belongs to, within a minute.
      nearestCall: explain(
        db,
        `SELECT id, occurred_at FROM events WHERE case_id = ? AND number_e164 = ? AND occurred_at >= ?
           AND occurred_at <= ? AND kind = 'call'`,
        ['case-1', '+91', NOW, NOW],
      ),
      recorded: explain(
        db,
        'SELECT occurred_at FROM events WHERE case_id = ? AND counterparty_id = ?',
        ['case-1', 'x'],
      ),
      span: explain(db, 'SELECT min(occurred_at), max(occurred_at) FROM events WHERE case_id = ?', [
        'case-1',
      ]),
    };
    expect(plans.nextNumber).toContain(
      'COVERING INDEX events_by_contact (case_id=? AND number_e164>?)',
    );
    expect(plans.countCalls).toContain(
      'COVERING INDEX events_by_contact (case_id=? AND number_e164=?)',
    );
    expect(plans.untie).toContain(
      'events_by_contact (case_id=? AND number_e164=? AND counterparty_id=?)',
    );
    expect(plans.nearestCall).toMatch(
      /SEARCH events USING INDEX events_by_(case|contact) \(case_id=\? AND (number_e164=\?|occurred_at>\?)/,
    );
    expect(plans.recorded).toContain(
      'COVERING INDEX events_by_counterparty (counterparty_id=? AND case_id=?)',
    );
    expect(plans.span).toContain('COVERING INDEX events_by_case (case_id=?)');
    for (const plan of Object.values(plans)) expect(plan).not.toMatch(/SCAN events\b/);
  });
});
