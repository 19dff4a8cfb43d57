// Prepared statements kept per connection. better-sqlite3 compiles the SQL again on every
// prepare(): one of the timeline's queries costs more to compile than to run (about a millisecond
// against a tenth), and compiling the few rows an import records per file took ~0.25 ms of each
// screenshot's main-thread time. Only for statements used as they are: .pluck(), .raw() and
// .expand() change a statement in place, and a cached one is shared.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Database } from './types';

const MAX_PER_DATABASE = 300;
const caches = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

export function prepareCached<P extends unknown[] | object = unknown[], R = unknown>(
  db: Database,
  sql: string,
): BetterSqlite3.Statement<P, R> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    if (cache.size >= MAX_PER_DATABASE) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  // The cache is keyed by the SQL text, and each caller states the one shape that text has.
  return statement as unknown as BetterSqlite3.Statement<P, R>;
}
