import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/db/migrations';
import type { RunResult } from 'better-sqlite3-multiple-ciphers';
import type { Database } from '../../../../../main/core/db/types';
import { openTestDatabase } from '../test-database';

const TABLES = [
  'blobs',
  'cases',
  'custody_head',
  'custody_log',
  'event_evidence',
  'events',
  'evidence',
  'settings',
  'step_proof',
  'steps',
];
const NOW = '2026-11-23T20:44:12.123Z';
const SHA = 'a'.repeat(64);
const BLOB = '1'.repeat(64);
const COUNTERPARTY = JSON.stringify({
  name: '',
  kind: 'other',
  agentNames: [],
  numbers: [],
  handles: [],
});

/** A database exactly at version 1, holding one case, one stored file and one evidence row. */
function openAtVersion1(): Database {
  const { db } = openTestDatabase({ migrations: MIGRATIONS.slice(0, 1) });
  insertCase(db, 'case-1');
  db.prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, ?, ?)').run(
    BLOB,
    SHA,
    10,
    NOW,
  );
  insertEvidence(db, {});
  return db;
}

function insertCase(db: Database, id: string, overrides: Record<string, unknown> = {}): RunResult {
  const row = {
    id,
    title: 'Harassment by an app',
    description: '',
    counterparty: COUNTERPARTY,
    status: 'open',
    timezone: 'Asia/Kolkata',
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
  return db
    .prepare(
      `INSERT INTO cases (id, title, description, counterparty, status, timezone, created_at, updated_at)
     VALUES (@id, @title, @description, @counterparty, @status, @timezone, @created_at, @updated_at)`,
    )
    .run(row);
}

function insertEvidence(db: Database, overrides: Record<string, unknown>): RunResult {
  const row = {
    id: 'evidence-1',
    case_id: 'case-1',
    blob_name: BLOB,
    original_name: 'screenshot.png',
    size: 10,
    sha256: SHA,
    media_type: 'image/png',
    captured_at: null,
    captured_at_source: 'unknown',
    captured_at_confidence: 'low',
    imported_at: NOW,
    metadata: '{}',
    provenance: '{"kind":"unknown"}',
    notes: '',
    tags: '[]',
    ...overrides,
  };
  return db
    .prepare(
      `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
       captured_at_source, captured_at_confidence, imported_at, metadata, provenance, notes, tags)
     VALUES (@id, @case_id, @blob_name, @original_name, @size, @sha256, @media_type, @captured_at,
       @captured_at_source, @captured_at_confidence, @imported_at, @metadata, @provenance, @notes, @tags)`,
    )
    .run(row);
}

function insertEvent(db: Database, overrides: Record<string, unknown>): RunResult {
  const row = {
    id: 'event-1',
    case_id: 'case-1',
    kind: 'call',
    occurred_at: NOW,
    actor: null,
    number: null,
    text: '',
    details: '{}',
    created_at: NOW,
    ...overrides,
  };
  return db
    .prepare(
      `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
     VALUES (@id, @case_id, @kind, @occurred_at, @actor, @number, @text, @details, @created_at)`,
    )
    .run(row);
}

function insertStep(db: Database, overrides: Record<string, unknown>): RunResult {
  const row = {
    id: 'step-1',
    case_id: 'case-1',
    playbook_step_id: 'rbi-complaint',
    status: 'todo',
    done_at: null,
    due_at: null,
    refs: '{}',
    notes: '',
    updated_at: NOW,
    ...overrides,
  };
  return db
    .prepare(
      `INSERT INTO steps (id, case_id, playbook_step_id, status, done_at, due_at, refs, notes, updated_at)
     VALUES (@id, @case_id, @playbook_step_id, @status, @done_at, @due_at, @refs, @notes, @updated_at)`,
    )
    .run(row);
}

describe('migration 0001 (initial schema)', () => {
  it('creates every table as STRICT', () => {
    const db = openAtVersion1();
    const tables = db
      .prepare<[], { name: string; strict: number }>(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
  });

  it('accepts well-formed rows in every table', () => {
    const db = openAtVersion1();
    insertEvent(db, {});
    db.prepare('INSERT INTO event_evidence (event_id, evidence_id) VALUES (?, ?)').run(
      'event-1',
      'evidence-1',
    );
    insertStep(db, { refs: '{"complaintNumber":"N12345"}' });
    db.prepare('INSERT INTO step_proof (step_id, evidence_id) VALUES (?, ?)').run(
      'step-1',
      'evidence-1',
    );
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('autoLockMinutes', '5');
    expect(db.prepare('SELECT count(*) FROM evidence').pluck().get()).toBe(1);
  });

  const badRows: [string, (db: Database) => unknown][] = [
    ['a case with an unknown status', (db) => insertCase(db, 'c2', { status: 'pending' })],
    [
      'a case whose counterparty is not JSON',
      (db) => insertCase(db, 'c2', { counterparty: 'not json' }),
    ],
    [
      'a case whose counterparty is a JSON array',
      (db) => insertCase(db, 'c2', { counterparty: '[]' }),
    ],
    ['a case with an empty title', (db) => insertCase(db, 'c2', { title: '' })],
    [
      'a case with a local (non-UTC) timestamp',
      (db) => insertCase(db, 'c2', { created_at: '2026-11-23T20:44:12+05:30' }),
    ],
    [
      'a case with a timestamp that is not a date',
      (db) => insertCase(db, 'c2', { updated_at: '2026-13-45T99:00:00Z' }),
    ],
    [
      'a stored file whose name is not 64 hex characters',
      (db) =>
        db
          .prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, ?, ?)')
          .run('x', SHA, 1, NOW),
    ],
    [
      'a stored file whose size is text (STRICT types)',
      (db) =>
        db
          .prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, ?, ?)')
          .run('3'.repeat(64), SHA, 'ten', NOW),
    ],
    [
      'a stored file with a negative size',
      (db) =>
        db
          .prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, ?, ?)')
          .run('3'.repeat(64), SHA, -1, NOW),
    ],
    [
      'evidence of a case that does not exist',
      (db) => insertEvidence(db, { id: 'e2', case_id: 'nope', sha256: SHA }),
    ],
    [
      'evidence whose stored file is not recorded',
      (db) => insertEvidence(db, { id: 'e2', blob_name: '9'.repeat(64) }),
    ],
    [
      'evidence whose hash differs from its stored file',
      (db) => {
        insertCase(db, 'c2');
        insertEvidence(db, { id: 'e2', case_id: 'c2', sha256: 'b'.repeat(64) });
      },
    ],
    ['the same file twice in one case', (db) => insertEvidence(db, { id: 'e2' })],
    [
      'evidence with an unknown capture-time source',
      (db) => insertEvidence(db, { id: 'e2', captured_at_source: 'guess' }),
    ],
    [
      'evidence with an unknown confidence',
      (db) => insertEvidence(db, { id: 'e2', captured_at_confidence: 'certain' }),
    ],
    [
      'evidence whose tags are not a JSON array',
      (db) => insertEvidence(db, { id: 'e2', tags: '{"a":1}' }),
    ],
    [
      'evidence whose metadata is not JSON',
      (db) => insertEvidence(db, { id: 'e2', metadata: '{oops' }),
    ],
    [
      'evidence with an unknown provenance kind',
      (db) => insertEvidence(db, { id: 'e2', provenance: '{"kind":"stolen"}' }),
    ],
    ['an event with an unknown kind', (db) => insertEvent(db, { kind: 'rumour' })],
    [
      'an event whose details are not a JSON object',
      (db) => insertEvent(db, { details: '"text"' }),
    ],
    ['an event of a case that does not exist', (db) => insertEvent(db, { case_id: 'nope' })],
    [
      'an event link to evidence that does not exist',
      (db) => {
        insertEvent(db, {});
        db.prepare('INSERT INTO event_evidence (event_id, evidence_id) VALUES (?, ?)').run(
          'event-1',
          'nope',
        );
      },
    ],
    ['a step with an unknown status', (db) => insertStep(db, { status: 'maybe' })],
    ['a step whose references are not a JSON object', (db) => insertStep(db, { refs: '[1]' })],
    [
      'the same playbook step twice in one case',
      (db) => {
        insertStep(db, {});
        insertStep(db, { id: 'step-2' });
      },
    ],
    [
      'a second custody head',
      (db) =>
        db
          .prepare('INSERT INTO custody_head (id, seq, hash) VALUES (?, ?, ?)')
          .run(2, 0, '0'.repeat(64)),
    ],
    [
      'a custody entry that does not extend the chain at its head',
      (db) =>
        db
          .prepare(
            'INSERT INTO custody_log (seq, at, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(5, NOW, 'x', 'y', '{}', '0'.repeat(64), 'f'.repeat(64)),
    ],
    [
      'moving the custody head to an entry that does not exist',
      (db) =>
        db.prepare('UPDATE custody_head SET seq = 1, hash = ? WHERE id = 1').run('f'.repeat(64)),
    ],
    ['deleting the custody head', (db) => db.prepare('DELETE FROM custody_head').run()],
    [
      'a setting whose value is not JSON',
      (db) => db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('k', '{'),
    ],
  ];

  it.each(badRows)('rejects %s', (_title, insert) => {
    const db = openAtVersion1();
    expect(() => {
      insert(db);
    }).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) as unknown }),
    );
  });

  it('refuses to update or delete custody entries', () => {
    const db = openAtVersion1();
    const hash = 'f'.repeat(64);
    db.prepare(
      'INSERT INTO custody_log (seq, at, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(1, NOW, 'vault.created', 'vault', '{}', '0'.repeat(64), hash);
    expect(() =>
      db.prepare("UPDATE custody_log SET action = 'edited' WHERE seq = 1").run(),
    ).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM custody_log WHERE seq = 1').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT action FROM custody_log WHERE seq = 1').pluck().get()).toBe(
      'vault.created',
    );
  });
});
