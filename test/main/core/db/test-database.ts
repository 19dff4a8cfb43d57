// Opens real encrypted databases in temp folders for the db and custody tests, and closes them
// after each test.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import {
  closeDatabase,
  openDatabase,
  type OpenDatabaseOptions,
} from '../../../../main/core/db/open-database';
import type { Database } from '../../../../main/core/db/types';
import { SakshyaError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) closeDatabase(db);
});

export interface TestDatabase {
  db: Database;
  file: string;
  key: Buffer;
}

/** A fresh keyed database in its own temp folder, migrated unless `options.migrations` says otherwise. */
export function openTestDatabase(options: OpenDatabaseOptions = {}): TestDatabase {
  const file = path.join(makeTempDir(), 'sakshya.db');
  const key = randomBytes(32);
  return { db: track(openDatabase(file, key, options)), file, key };
}

/** Opens again (or for the first time) an existing file, closed automatically after the test. */
export function reopenTestDatabase(
  file: string,
  key: Buffer,
  options: OpenDatabaseOptions = {},
): Database {
  return track(openDatabase(file, key, options));
}

function track(db: Database): Database {
  opened.push(db);
  return db;
}

/** What `run` throws; a test expecting an error fails if nothing is thrown. */
export function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

export const SHA_A = 'a'.repeat(64);
export const SHA_B = 'b'.repeat(64);
export const BLOB_A = '1'.repeat(64);
export const BLOB_B = '2'.repeat(64);

/** A clock that moves one second forward on every reading, so ordering by time is deterministic. */
export function makeTickingClock(start = '2026-01-01T00:00:00.000Z'): () => Date {
  let time = Date.parse(start);
  return () => {
    time += 1000;
    return new Date(time);
  };
}

export function expectSakshyaCode(error: unknown, code: string): void {
  expect(error).toBeInstanceOf(SakshyaError);
  expect((error as SakshyaError).code).toBe(code);
}

/**
 * Raw rows for migration tests, written with the columns every schema version since 0001 has, so a
 * database built at an older version can be seeded before it is upgraded.
 */
export function seedCaseAndBlob(db: Database, at: string): void {
  db.prepare(
    `INSERT INTO cases (id, title, description, counterparty, status, timezone, created_at, updated_at)
     VALUES ('case-1', 'Loan app', '', ?, 'open', 'Asia/Kolkata', ?, ?)`,
  ).run('{"name":"","kind":"other","agentNames":[],"numbers":[],"handles":[]}', at, at);
  db.prepare('INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, 10, ?)').run(
    BLOB_A,
    SHA_A,
    at,
  );
}
