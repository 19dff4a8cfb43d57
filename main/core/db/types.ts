// Types shared by the database opener, the migrations and the repositories.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

export type Database = BetterSqlite3.Database;

/**
 * One schema step. `version` is the `user_version` the database has after `up` ran; the runner
 * applies `up` and sets that version in one transaction, so a crash leaves the old version intact.
 * A shipped migration is never edited: fix mistakes with a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /**
   * For a table rebuild (SQLite's documented procedure): the runner turns foreign keys off around
   * this migration's transaction and checks every foreign key before it commits.
   */
  readonly foreignKeysOff?: boolean;
  up(db: Database): void;
}
