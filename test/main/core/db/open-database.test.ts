import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../main/core/db/open-database';
import { CasesRepository } from '../../../../main/core/db/repositories/cases';
import { SakshyaError } from '../../../../shared/errors';
import { withPlatform } from '../../../helpers/other-platforms';
import { makeTempDir, snapshotTree } from '../../../helpers/temp-dir';
import { captureError, openTestDatabase, reopenTestDatabase } from './test-database';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const MARKER = 'SAKSHYA-MARKER-recovery-agent-threat-7f3a9c';

/** The marker as UTF-8, UTF-16LE and base64 at each of the three byte alignments. */
function markerForms(marker: string): Buffer[] {
  const utf8 = Buffer.from(marker, 'utf8');
  const base64 = [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
    // Drop the characters that also depend on the neighbouring bytes.
    return Buffer.from(encoded.slice(shift === 0 ? 0 : 4, -4), 'latin1');
  });
  return [utf8, Buffer.from(marker, 'utf16le'), ...base64];
}

function containsMarker(bytes: Buffer): boolean {
  return markerForms(MARKER).some((form) => bytes.includes(form));
}

function expectCode(error: unknown, code: string): void {
  expect(error).toBeInstanceOf(SakshyaError);
  expect((error as SakshyaError).code).toBe(code);
}

describe('openDatabase encryption', () => {
  it('finds the marker in an unencrypted database, so the search below can fail', () => {
    const file = path.join(makeTempDir(), 'plain.db');
    const plain = new BetterSqlite3(file);
    plain.exec('CREATE TABLE t (v TEXT)');
    plain
      .prepare('INSERT INTO t (v) VALUES (?), (?), (?)')
      .run(
        MARKER,
        Buffer.from(MARKER).toString('base64'),
        Buffer.concat([Buffer.alloc(1), Buffer.from(MARKER)]).toString('base64'),
      );
    plain.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(true);
    expect(containsMarker(bytes)).toBe(true);
  });

  it('keeps the database and its WAL unreadable without the key', () => {
    const { db, file } = openTestDatabase();
    new CasesRepository(db).create({ title: MARKER, description: MARKER.repeat(3) });

    const wal = fs.readFileSync(`${file}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    expect(containsMarker(wal)).toBe(false);
    expect(containsMarker(fs.readFileSync(file))).toBe(false);

    closeDatabase(db);
    const main = fs.readFileSync(file);
    expect(main.length).toBeGreaterThan(0);
    expect(main.subarray(0, 16).equals(SQLITE_MAGIC)).toBe(false);
    expect(containsMarker(main)).toBe(false);
    if (fs.existsSync(`${file}-wal`))
      expect(containsMarker(fs.readFileSync(`${file}-wal`))).toBe(false);
  });

  it('reads the data back with the right key after closing', () => {
    const { db, file, key } = openTestDatabase();
    const created = new CasesRepository(db).create({ title: MARKER });
    closeDatabase(db);
    const again = reopenTestDatabase(file, key);
    expect(new CasesRepository(again).get(created.id)).toEqual(created);
  });

  it('refuses a wrong key with VAULT_CORRUPT and leaves the file as it was', () => {
    const { db, file } = openTestDatabase();
    new CasesRepository(db).create({ title: MARKER });
    closeDatabase(db);
    const before = snapshotTree(path.dirname(file));
    expectCode(
      captureError(() => openDatabase(file, randomBytes(32))),
      'VAULT_CORRUPT',
    );
    expect(snapshotTree(path.dirname(file))).toEqual(before);
  });

  it('refuses a file of plain text with VAULT_CORRUPT', () => {
    const file = path.join(makeTempDir(), 'garbage.db');
    fs.writeFileSync(file, 'this is not a database, just some plain text\n'.repeat(200));
    expectCode(
      captureError(() => openDatabase(file, randomBytes(32))),
      'VAULT_CORRUPT',
    );
  });

  it('refuses a key that is not 32 bytes', () => {
    const file = path.join(makeTempDir(), 'short.db');
    expectCode(
      captureError(() => openDatabase(file, randomBytes(16))),
      'INTERNAL',
    );
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('openDatabase settings', () => {
  it('uses SQLCipher, WAL, full sync and foreign keys', () => {
    const { db } = openTestDatabase();
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('on macOS flushes the drive cache too (fullfsync and checkpoint_fullfsync), elsewhere not', () => {
    const mac = withPlatform('darwin', () => openTestDatabase().db);
    expect(mac.pragma('fullfsync', { simple: true })).toBe(1);
    expect(mac.pragma('checkpoint_fullfsync', { simple: true })).toBe(1);
    for (const platform of ['linux', 'win32'] as const) {
      const other = withPlatform(platform, () => openTestDatabase().db);
      expect(other.pragma('fullfsync', { simple: true })).toBe(0);
      expect(other.pragma('checkpoint_fullfsync', { simple: true })).toBe(0);
    }
  });

  it('keeps temporary tables and sorts in memory, never in an unencrypted temp file', () => {
    const { db, file, key } = openTestDatabase();
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    const readonly = reopenTestDatabase(file, key, { readonly: true });
    expect(readonly.pragma('temp_store', { simple: true })).toBe(2);
  });

  it('checkpoints on close so no WAL content is left behind', () => {
    const { db, file } = openTestDatabase();
    new CasesRepository(db).create({ title: 'a case' });
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    closeDatabase(db);
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('opens read-only for reading and refuses writes', () => {
    const { db, file, key } = openTestDatabase();
    const created = new CasesRepository(db).create({ title: 'a case' });
    closeDatabase(db);
    const readonly = reopenTestDatabase(file, key, { readonly: true });
    const cases = new CasesRepository(readonly);
    expect(cases.get(created.id)?.title).toBe('a case');
    expect(() => cases.create({ title: 'another' })).toThrow();
  });
});
