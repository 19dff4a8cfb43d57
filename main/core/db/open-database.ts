// Opens the encrypted SQLite database (SQLite3MultipleCiphers, SQLCipher 4 format with a raw
// 256-bit key). The order below is fixed, because each step depends on the one before:
//
//   1. cipher config   — `cipher='sqlcipher'`, `legacy=4`: must precede the key.
//   2. raw key         — the 32-byte key, passed as `x'<hex>'` so no KDF runs (the key is already
//                        derived from the passphrase by main/core/keys).
//   3. verify the key  — read `sqlite_master`; SQLite only decrypts page 1 when it is first read,
//                        so a wrong key or a non-database file fails here (VAULT_CORRUPT). The caller
//                        has already proven the passphrase, so this means damage, not a typo.
//   4. refuse too-new  — `user_version` above our newest migration → VAULT_TOO_NEW. This is read
//                        before any pragma that could write, so a newer app's file stays untouched.
//   5. journal_mode=WAL, synchronous=FULL, foreign_keys=ON, temp_store=MEMORY (sorts, indexes
//      and temp tables of decrypted rows never go to an unencrypted temp file); on macOS also
//      fullfsync and checkpoint_fullfsync, because fsync() there does not flush the drive's cache
//      (F_FULLFSYNC does, and libuv already uses it for our files), so the database is as durable.
//   6. migrate         — each pending migration in its own transaction that also sets user_version.
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { SakshyaError } from '../../../shared/errors';
import { MIGRATIONS, validateMigrations } from './migrations';
import type { Database, Migration } from './types';

export type { Database } from './types';

export interface OpenDatabaseOptions {
  /** Opens without writing: no journal-mode change and no migrations (an older schema is refused). */
  readonly?: boolean;
  /** Only tests pass this, to build databases at older schema versions. */
  migrations?: readonly Migration[];
}

const KEY_BYTES = 32;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'ascii');

export function openDatabase(
  file: string,
  key: Buffer,
  options: OpenDatabaseOptions = {},
): Database {
  if (key.length !== KEY_BYTES)
    throw new SakshyaError('INTERNAL', `the database key must be ${KEY_BYTES} bytes`);
  const migrations = validateMigrations(options.migrations ?? MIGRATIONS);
  const readonly = options.readonly ?? false;

  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new SakshyaError('VAULT_CORRUPT', 'the database file could not be opened', {
      cause: error,
    });
  }

  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    applyRawKey(db, key);
    verifyKey(db);

    const version = readUserVersion(db);
    const latest = migrations.length;
    if (version > latest) {
      throw new SakshyaError(
        'VAULT_TOO_NEW',
        `database schema version ${version} is newer than ${latest}`,
      );
    }

    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    if (process.platform === 'darwin') {
      db.pragma('fullfsync = ON');
      db.pragma('checkpoint_fullfsync = ON');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');

    if (version < latest) {
      if (readonly) {
        throw new SakshyaError(
          'VAULT_CORRUPT',
          `database schema version ${version} needs an upgrade to ${latest}`,
        );
      }
      runMigrations(db, migrations, version);
    }
    return db;
  } catch (error) {
    db.close();
    throw toOpenError(error);
  }
}

/**
 * True when `file` opens read-only under `key` and passes SQLite's quick check: a backup's database
 * snapshot, say. Never writes to the file.
 */
export function databaseFileOpens(file: string, key: Buffer): boolean {
  let db: Database | undefined;
  try {
    db = openDatabase(file, key, { readonly: true });
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Folds the WAL back into the main file (and empties it) before closing, so no -wal is left behind. */
export function closeDatabase(db: Database): void {
  if (!db.open) return;
  try {
    if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export function readUserVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number')
    throw new SakshyaError('VAULT_CORRUPT', 'the schema version is unreadable');
  return version;
}

/**
 * Passes the key as the SQLite3MC raw-key literal `x'<64 hex>'` built in a Buffer that is wiped
 * afterwards, so the key never exists as an (unwipeable) JS string.
 */
function applyRawKey(db: Database, key: Buffer): void {
  const literal = Buffer.alloc(3 + KEY_BYTES * 2);
  try {
    literal.write("x'", 0, 'ascii');
    for (let i = 0; i < KEY_BYTES; i += 1) {
      const byte = key.readUInt8(i);
      literal.writeUInt8(HEX_DIGITS.readUInt8(byte >> 4), 2 + i * 2);
      literal.writeUInt8(HEX_DIGITS.readUInt8(byte & 0x0f), 3 + i * 2);
    }
    literal.write("'", 2 + KEY_BYTES * 2, 'ascii');
    db.key(literal);
  } finally {
    literal.fill(0);
  }
}

function verifyKey(db: Database): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
  } catch (error) {
    throw new SakshyaError('VAULT_CORRUPT', 'database key rejected or file damaged', {
      cause: error,
    });
  }
}

function runMigrations(db: Database, migrations: readonly Migration[], from: number): void {
  for (const migration of migrations.slice(from)) {
    // foreign_keys cannot change inside a transaction, so it is turned off before it starts.
    if (migration.foreignKeysOff === true) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        const broken =
          migration.foreignKeysOff === true ? (db.pragma('foreign_key_check') as unknown[]) : [];
        if (broken.length > 0) {
          throw new SakshyaError('INTERNAL', `migration ${migration.name} broke a foreign key`);
        }
        // PRAGMA takes no bound parameters; the version is a validated safe integer, not input.
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.foreignKeysOff === true) db.pragma('foreign_keys = ON');
    }
  }
}

function toOpenError(error: unknown): SakshyaError {
  if (error instanceof SakshyaError) return error;
  if (error instanceof BetterSqlite3.SqliteError) {
    if (error.code === 'SQLITE_FULL')
      // With its cause: a restore names her folder and the room needed from it (restore-errors.ts).
      return new SakshyaError('DISK_FULL', 'no space left while opening the database', {
        cause: error,
      });
    if (error.code === 'SQLITE_NOTADB' || error.code.startsWith('SQLITE_CORRUPT')) {
      return new SakshyaError('VAULT_CORRUPT', 'the database file is damaged', { cause: error });
    }
  }
  return new SakshyaError('INTERNAL', 'the database could not be prepared', { cause: error });
}
