import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import { closeDatabase, readUserVersion } from '../../../../../main/core/db/open-database';
import {
  BLOB_A,
  captureError,
  openTestDatabase,
  reopenTestDatabase,
  SHA_A,
} from '../test-database';

const NOW = '2026-11-23T20:44:12.123Z';

function seedVersion5(): { file: string; key: Buffer } {
  const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, 5) });
  const { db } = older;
  const addCase = db.prepare(
    `INSERT INTO cases (id, title, description, counterparty, status, timezone, created_at, updated_at)
     VALUES (?, 'Loan app', '', ?, 'open', 'Asia/Kolkata', ?, ?)`,
  );
  addCase.run(
    'case-1',
    JSON.stringify({
      name: 'XYZ Finance',
      kind: 'loan-app',
      agentNames: ['Agent Ravi'],
      numbers: ['098765 43210', 'not a number'],
      handles: ['@xyz_recovery'],
    }),
    NOW,
    NOW,
  );
  addCase.run(
    'case-2',
    JSON.stringify({ name: '', kind: 'other', agentNames: [], numbers: [], handles: [] }),
    NOW,
    NOW,
  );
  // A number the timeline grouped for the case already, in E.164.
  db.prepare(
    `INSERT INTO counterparties (id, case_id, name, kind, created_at) VALUES ('case-case-1', 'case-1', 'XYZ Finance', 'loan-app', ?)`,
  ).run(NOW);
  db.prepare(
    `INSERT INTO counterparty_identifiers (counterparty_id, case_id, kind, value) VALUES ('case-case-1', 'case-1', 'number', '+919123456789')`,
  ).run();
  db.prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, 10, ?)').run(
    BLOB_A,
    SHA_A,
    NOW,
  );
  db.prepare(
    `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
       captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
     VALUES ('chat-1', 'case-1', ?, 'WhatsApp Chat with Ravi.txt', 10, ?, 'text/plain', NULL, 'unknown', 'low', ?,
       '{}', '{"kind":"unknown"}', '', '[]')`,
  ).run(BLOB_A, SHA_A, NOW);
  db.prepare(
    `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
     VALUES ('event-1', 'case-1', 'message', ?, 'Agent Ravi', NULL, 'pay today', '{}', ?)`,
  ).run(NOW, NOW);
  // What the chat import wrote in the custody log before this version; the chain is not checked here.
  db.exec('DROP TRIGGER custody_log_append_at_head');
  db.prepare(
    `INSERT INTO custody_log (seq, at, action, subject, details, prev_hash, hash)
     VALUES (1, ?, 'chat.imported', 'evidence:chat-1', '{"caseId":"case-1","messages":1,"systemLines":0}', ?, ?)`,
  ).run(NOW, '0'.repeat(64), '1'.repeat(64));
  closeDatabase(db);
  return older;
}

describe('migration 0006 (people)', () => {
  it('makes each named counterparty the harasser of its case, with its numbers, handles and agent names', () => {
    const older = seedVersion5();
    const db = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('SELECT id, case_id, role, name, relation FROM people').all()).toEqual([
      {
        id: 'harasser-case-1',
        case_id: 'case-1',
        role: 'harasser',
        name: 'XYZ Finance',
        relation: '',
      },
    ]);
    expect(
      db
        .prepare(
          'SELECT person_id, kind, value, tied_by FROM person_identifiers ORDER BY kind, value',
        )
        .all(),
    ).toEqual([
      { person_id: 'harasser-case-1', kind: 'chat-name', value: 'Agent Ravi', tied_by: 'case' },
      { person_id: 'harasser-case-1', kind: 'handle', value: '@xyz_recovery', tied_by: 'case' },
      { person_id: 'harasser-case-1', kind: 'phone', value: '+919123456789', tied_by: 'case' },
      { person_id: 'harasser-case-1', kind: 'phone', value: '+919876543210', tied_by: 'case' },
    ]);
    expect(db.prepare('SELECT id, text FROM events').all()).toEqual([
      { id: 'event-1', text: 'pay today' },
    ]);
    expect(db.prepare('SELECT * FROM chat_exports').all()).toEqual([
      {
        evidence_id: 'chat-1',
        case_id: 'case-1',
        messages: 1,
        already_here: 0,
        owner_person_id: null,
        imported_at: NOW,
      },
    ]);
  });

  it('refuses a second "me", an identifier held twice, a phone not in E.164 and a relation on the harasser', () => {
    const older = seedVersion5();
    const db = reopenTestDatabase(older.file, older.key);
    const addPerson = db.prepare(
      `INSERT INTO people (id, case_id, role, name, relation, created_at) VALUES (?, 'case-1', ?, '', ?, ?)`,
    );
    addPerson.run('me-1', 'me', '', NOW);
    expect(String(captureError(() => addPerson.run('me-2', 'me', '', NOW)))).toMatch(/UNIQUE/);
    expect(String(captureError(() => addPerson.run('h-2', 'harasser', 'family', NOW)))).toMatch(
      /CHECK/,
    );
    expect(String(captureError(() => addPerson.run('o-1', 'other', '', NOW)))).toMatch(/CHECK/);
    const tie = db.prepare(
      `INSERT INTO person_identifiers (person_id, case_id, kind, value, tied_by, tied_at) VALUES (?, 'case-1', ?, ?, 'user', ?)`,
    );
    expect(String(captureError(() => tie.run('me-1', 'chat-name', 'Agent Ravi', NOW)))).toMatch(
      /UNIQUE|PRIMARY/,
    );
    expect(String(captureError(() => tie.run('me-1', 'phone', '98765 43210', NOW)))).toMatch(
      /CHECK/,
    );
    expect(String(captureError(() => tie.run('me-1', 'fax', 'x', NOW)))).toMatch(/CHECK/);
    // A person of another case cannot be tied here.
    expect(
      String(
        captureError(() =>
          db
            .prepare(
              `INSERT INTO person_identifiers (person_id, case_id, kind, value, tied_by, tied_at) VALUES ('harasser-case-1', 'case-2', 'chat-name', 'X', 'user', ?)`,
            )
            .run(NOW),
        ),
      ),
    ).toMatch(/FOREIGN KEY/);
    const tables = db
      .prepare<[], { sql: string }>(
        `SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('people', 'person_identifiers', 'chat_exports')`,
      )
      .all();
    expect(tables).toHaveLength(3);
    for (const table of tables) expect(table.sql).toMatch(/\)\s*STRICT$/);
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT actor FROM events WHERE case_id = 'case-1' AND kind = 'message' AND actor > '' ORDER BY actor LIMIT 1`,
      )
      .all()
      .map((row) => row.detail)
      .join(' ');
    expect(plan).toContain('COVERING INDEX events_by_sender');
  });
});
