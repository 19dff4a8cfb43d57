// Prepared statements kept per database. Compiling one of the timeline's queries costs more than
// running it (about a millisecond against a tenth), and a page runs a dozen of them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Database } from '../db/types';

const MAX_PER_DATABASE = 300;
const caches = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

export function prepareCached<P extends unknown[] | object, R>(
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
  return statement as unknown as BetterSqlite3.Statement<P, R>;
}
