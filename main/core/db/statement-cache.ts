// Prepared statements kept per connection, for the statements an import runs for every file.
// better-sqlite3 compiles the SQL again on every prepare(); with a few rows recorded per file that
// compiling took ~0.25 ms of each screenshot's main-thread time. Only for statements used as they
// are: .pluck(), .raw() and .expand() change a statement in place, and a cached one is shared.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Database } from './types';

const caches = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

export function prepareCached<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database,
  sql: string,
): BetterSqlite3.Statement<Params, Row> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  // The cache is keyed by the SQL text, and each caller states the one shape that text has.
  return statement as unknown as BetterSqlite3.Statement<Params, Row>;
}
