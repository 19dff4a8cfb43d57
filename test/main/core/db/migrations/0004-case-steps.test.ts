import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import type { Database } from '../../../../../main/core/db/types';
import {
  captureError,
  openTestDatabase,
  reopenTestDatabase,
  seedCaseAndBlob,
} from '../test-database';

const NOW = '2026-11-23T20:44:12.123Z';

/** A database at version 3 with a recorded step, then upgraded by reopening it normally. */
function upgradeFromVersion3(): Database {
  const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 3) });
  seedCaseAndBlob(older.db, NOW);
  older.db
    .prepare(
      `INSERT INTO steps (id, case_id, playbook_step_id, status, done_at, due_at, refs, notes, updated_at)
       VALUES ('step-1', 'case-1', 'loan-recovery/complain-to-lender', 'done', ?, NULL,
         '{"reference-number":"GRV-1"}', 'sent by email', ?)`,
    )
    .run(NOW, NOW);
  closeDatabase(older.db);
  return reopenTestDatabase(older.file, older.key);
}

describe('migration 0004 (case steps)', () => {
  it('keeps the steps recorded before the upgrade, with their notes and references', () => {
    const db = upgradeFromVersion3();
    expect(readUserVersion(db)).toBeGreaterThanOrEqual(4);
    expect(db.prepare('SELECT playbook_step_id, status, refs, notes FROM steps').get()).toEqual({
      playbook_step_id: 'loan-recovery/complain-to-lender',
      status: 'done',
      refs: '{"reference-number":"GRV-1"}',
      notes: 'sent by email',
    });
    expect(db.prepare('SELECT count(*) FROM case_playbooks').pluck().get()).toBe(0);
  });

  it('adds STRICT tables for the playbook choice, own steps and draft versions', () => {
    const db = upgradeFromVersion3();
    const strict = db
      .prepare<[], { name: string; strict: number }>(
        `SELECT name, strict FROM pragma_table_list WHERE name IN
           ('case_playbooks', 'custom_steps', 'draft_versions') ORDER BY name`,
      )
      .all();
    expect(strict).toEqual([
      { name: 'case_playbooks', strict: 1 },
      { name: 'custom_steps', strict: 1 },
      { name: 'draft_versions', strict: 1 },
    ]);
  });

  it('refuses a choice that is not a list, a due date that does not exist and an unknown case', () => {
    const db = upgradeFromVersion3();
    const choose = db.prepare(
      'INSERT INTO case_playbooks (case_id, playbook_ids, chosen_at) VALUES (?, ?, ?)',
    );
    expect(captureError(() => choose.run('case-1', '{"a":1}', NOW))).toBeInstanceOf(Error);
    expect(captureError(() => choose.run('case-9', '[]', NOW))).toBeInstanceOf(Error);
    choose.run('case-1', '[]', NOW);
    const addStep = db.prepare(
      'INSERT INTO custom_steps (id, case_id, title, due_date, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    expect(
      captureError(() => addStep.run('c-1', 'case-1', 'Visit bank', '2025-02-29', NOW)),
    ).toBeInstanceOf(Error);
    expect(captureError(() => addStep.run('c-1', 'case-1', '   ', null, NOW))).toBeInstanceOf(
      Error,
    );
    addStep.run('c-1', 'case-1', 'Visit bank', '2024-02-29', NOW);
  });

  it('keeps draft versions unique per case and kind, and never changes a saved one', () => {
    const db = upgradeFromVersion3();
    const save = db.prepare(
      `INSERT INTO draft_versions (id, case_id, kind, lang, version, body, saved_at)
       VALUES (?, 'case-1', ?, 'en', ?, 'text', ?)`,
    );
    save.run('d-1', 'police', 1, NOW);
    save.run('d-2', 'lender', 1, NOW);
    expect(captureError(() => save.run('d-3', 'police', 1, NOW))).toBeInstanceOf(Error);
    expect(captureError(() => save.run('d-4', 'court', 1, NOW))).toBeInstanceOf(Error);
    expect(
      captureError(() => db.prepare("UPDATE draft_versions SET body = 'x' WHERE id = 'd-1'").run()),
    ).toBeInstanceOf(Error);
  });
});
