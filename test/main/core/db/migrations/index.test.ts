import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, validateMigrations } from '../../../../../main/core/db/migrations';
import {
  closeDatabase,
  openDatabase,
  readUserVersion,
} from '../../../../../main/core/db/open-database';
import type { Database, Migration } from '../../../../../main/core/db/types';
import { SakshyaError } from '../../../../../shared/errors';
import { snapshotTree } from '../../../../helpers/temp-dir';
import { captureError, openTestDatabase, reopenTestDatabase } from '../test-database';

const N = MIGRATIONS.length;

function readSchema(db: Database): { type: string; name: string; sql: string | null }[] {
  return db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all();
}

function expectCode(error: unknown, code: string): void {
  expect(error).toBeInstanceOf(SakshyaError);
  expect((error as SakshyaError).code).toBe(code);
}

describe('the migration list', () => {
  it('runs versions 1 to N in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it('rejects a list with a missing version', () => {
    const skipping: Migration = { version: N + 2, name: 'skips-one', up: () => undefined };
    expectCode(
      captureError(() => validateMigrations([...MIGRATIONS, skipping])),
      'INTERNAL',
    );
  });
});

describe('the migration runner', () => {
  it('brings a fresh database to the newest version', () => {
    const { db } = openTestDatabase();
    expect(readUserVersion(db)).toBe(N);
  });

  it('brings a database at the previous version to the newest, with the same schema as a fresh one', () => {
    const fresh = openTestDatabase();
    const older = openTestDatabase({ migrations: MIGRATIONS.slice(0, -1) });
    expect(readUserVersion(older.db)).toBe(N - 1);
    closeDatabase(older.db);

    const upgraded = reopenTestDatabase(older.file, older.key);
    expect(readUserVersion(upgraded)).toBe(N);
    expect(readSchema(upgraded)).toEqual(readSchema(fresh.db));
  });

  it('refuses a database from a newer app with VAULT_TOO_NEW and leaves it untouched', () => {
    const future: Migration = {
      version: N + 1,
      name: 'from-the-future',
      up: (db) => db.exec('CREATE TABLE future_things (id TEXT PRIMARY KEY) STRICT'),
    };
    const { db, file, key } = openTestDatabase({ migrations: [...MIGRATIONS, future] });
    expect(readUserVersion(db)).toBe(N + 1);
    closeDatabase(db);
    const before = snapshotTree(path.dirname(file));

    expectCode(
      captureError(() => openDatabase(file, key)),
      'VAULT_TOO_NEW',
    );
    expect(snapshotTree(path.dirname(file))).toEqual(before);
  });

  it('rolls back a failing migration entirely, keeping the previous version', () => {
    const { db, file, key } = openTestDatabase();
    closeDatabase(db);
    const broken: Migration = {
      version: N + 1,
      name: 'fails-halfway',
      up: (inner) => {
        inner.exec('CREATE TABLE half_done (id TEXT PRIMARY KEY) STRICT');
        throw new Error('simulated failure in the middle of a migration');
      },
    };
    expect(() => openDatabase(file, key, { migrations: [...MIGRATIONS, broken] })).toThrow(
      SakshyaError,
    );

    const reopened = reopenTestDatabase(file, key);
    expect(readUserVersion(reopened)).toBe(N);
    expect(readSchema(reopened).some((item) => item.name === 'half_done')).toBe(false);
  });
});
