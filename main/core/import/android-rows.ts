// The storing path of an "SMS Backup & Restore" import (android-import.ts): hundreds of thousands of
// events written a batch at a time, each batch in one transaction with its search entries.
//
// Why by hand: the `events_fts_insert` trigger (migration 0003) indexes one event per statement,
// which costs more than the event itself; indexing a batch in two set-based statements halves the
// time of a big import. Within each batch's transaction the trigger is dropped, the events are
// inserted, their search documents and terms are added with the trigger's own expression, and the
// trigger is created again from its stored SQL. DDL is transactional in SQLite, so no other
// connection, and no crash, can ever see the trigger missing or an event without its search entry:
// the batch commits whole or not at all. If the stored trigger is not the one this code knows (a
// later migration changed it), nothing is dropped and the trigger indexes each event as before.
import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Database } from '../db/types';

type Statement<P extends unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** The trigger whose effect a batch performs itself, as migration 0003 created it. */
const TRIGGER = 'events_fts_insert';
const KNOWN_TRIGGER = `CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO timeline_fts_docs (case_id, source, source_id) VALUES (NEW.case_id, 'event', NEW.id);
  INSERT INTO timeline_fts (rowid, body)
    SELECT doc, NEW.text || char(10) || coalesce(NEW.actor, '') FROM timeline_fts_docs WHERE source = 'event' AND source_id = NEW.id;
END`;

/**
 * The connection's page cache during a bulk import, in KiB (SQLite's negative cache_size): 16 MiB,
 * about the driver's default, set explicitly so an import does not depend on what the connection
 * was left with. It was 64 MiB while batches were 2,000 records, each batch adding to hundreds of
 * leaf pages spread across the indexes keyed by number and sender, so an evicted page was read and
 * decrypted again a batch later. Batches are now 5,000 records (android-import.ts), so each page
 * is touched less than half as often. At 10,000 a 100,000-message import wrote 4.27 KiB per
 * message with 16 MiB against 4.16 with 32, and issue 19 bounds the importing process's memory (under 300 MB for 500,000 messages).
 */
const BULK_CACHE_KIB = 16_384;
/**
 * Batches between the checkpoints a bulk import runs itself (checkpointIfDue), with SQLite's
 * automatic checkpoint off meanwhile. The automatic one runs inside the commit that crosses its
 * threshold, so one batch of a 50,000-message import held the thread 0.4-1.1 s longer than the
 * rest: on bench/scratch-events.ts (50,000 rows, load 30) batch 8 took 7.7 s against a median of
 * 2.3 s; with the checkpoint run apart (every 5th batch in that run; 8 here), the longest batch took 2.1 s and the two
 * checkpoints 1.8 and 2.9 s, each after the event loop's turn. A checkpoint copies each page once
 * however many batches rewrote it, so checkpointing after every batch instead wrote 33% more
 * (5.04 against 3.79 KiB per message at 100,000). Every 8th batch rather than every 4th
 * (2026-12-07): `perf` shows a third of the write path is the cipher (HMAC-SHA512 in portable C,
 * then AES), paid again when a checkpoint decrypts each logged page and encrypts it for the main
 * file, so a page rewritten by more batches before its copy saves crypto. scratch-floor.ts at
 * 300,000 rows, three pairs: 28.9 against 30.0 µs of the writer's CPU per row, 3.66 against 3.85
 * KiB written, the log up to 110 MiB against 55 (every 16th: 28.6-29.5 µs, 208 MiB, not worth the
 * disk); the import itself (bench sources, 500,000, two pairs under load): 41.3 against 42.6 µs.
 * Each commit still fsyncs the log (synchronous stays FULL), so a crash loses no committed batch;
 * SCRATCH_SYNC=NORMAL saved nothing measurable.
 *
 * Tried and not kept (issue 19; commit 2831b60 and the three after it, reverted by bbf7a50): the
 * copies on a second connection in a worker thread, asked after the 3rd batch, the writer waiting
 * for the rest so that the log still starts over. On bench/scratch-floor.ts (100,000 rows, load
 * 6-7, three pairs) the writer's thread spent 0.83× the CPU per row (32.1 against 38.6 µs) but the
 * process 1.34× (51.7 against 38.7), writing 3.56 against 3.28 KiB per row, and the rows per second
 * fell to 0.81-0.84×. With the parsing thread beside it (quiet, 500,000 messages, same hour):
 * 12,471 messages/s against 14,195 without it, peak RSS 263 against 226 MiB.
 */
export const CHECKPOINT_EVERY_BATCHES = 8;

/** Per connection: how many bulk writers are open, and the settings to put back after the last. */
const bulkSettings = new WeakMap<Database, { writers: number; cache: unknown; wal: unknown }>();

function squeeze(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** One event's columns, in the order of the INSERT below. */
export interface EventValues {
  id: string;
  caseId: string;
  kind: 'message' | 'call';
  occurredAt: string;
  actor: string | null;
  number: string | null;
  text: string;
  details: string;
  createdAt: string;
  numberE164: string | null;
  durationSeconds: number | null;
  direction: 'incoming' | 'outgoing';
}

/**
 * Writes batches of events with their evidence links and search entries. Statements are prepared
 * once per import and reused by every batch.
 */
export class EventBulkWriter {
  private readonly insertEvent: Statement<unknown[]>;
  private readonly insertLink: Statement<[string, string]>;
  private readonly addDocs: Statement<[number, number]>;
  private readonly addTerms: Statement<[number, number, number, number]>;
  private readonly lastDoc: Statement<[], number | null>;
  /** The trigger's stored SQL when it is the known one (so it can be created again), else null. */
  private readonly triggerSql: string | null;
  private batchesSinceCheckpoint = 0;
  private batchFirst = 0;
  private batchLast = 0;
  private batchCount = 0;

  constructor(private readonly db: Database) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at,
         number_e164, duration_seconds, direction, third_party)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    );
    this.insertLink = db.prepare(
      'INSERT OR IGNORE INTO event_evidence (event_id, evidence_id) VALUES (?, ?)',
    );
    this.addDocs = db.prepare(
      `INSERT INTO timeline_fts_docs (case_id, source, source_id)
       SELECT case_id, 'event', id FROM events WHERE rowid BETWEEN ? AND ? ORDER BY rowid`,
    );
    // The trigger's body expression, for the batch's events by rowid: the documents just added
    // are numbered in the same order (see indexBatch), so no row is looked up by its id.
    this.addTerms = db.prepare(
      `INSERT INTO timeline_fts (rowid, body)
       SELECT rowid - ? + ?, text || char(10) || coalesce(actor, '')
       FROM events WHERE rowid BETWEEN ? AND ? ORDER BY rowid`,
    );
    this.lastDoc = db.prepare<[], number | null>('SELECT max(doc) FROM timeline_fts_docs').pluck();
    const stored = db
      .prepare<[string], string | null>(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
      )
      .pluck()
      .get(TRIGGER);
    this.triggerSql =
      typeof stored === 'string' && squeeze(stored) === squeeze(KNOWN_TRIGGER) ? stored : null;
  }

  /**
   * Widens the connection's page cache and checkpoint interval for the import. Pair with restore()
   * in a finally; the settings are the connection's, so the last of overlapping imports restores.
   */
  widen(): void {
    const held = bulkSettings.get(this.db);
    if (held !== undefined) {
      held.writers += 1;
      return;
    }
    bulkSettings.set(this.db, {
      writers: 1,
      cache: this.db.pragma('cache_size', { simple: true }),
      wal: this.db.pragma('wal_autocheckpoint', { simple: true }),
    });
    this.db.pragma(`cache_size = -${String(BULK_CACHE_KIB)}`);
    this.db.pragma('wal_autocheckpoint = 0');
  }

  /**
   * Copies the log into the database after every CHECKPOINT_EVERY_BATCHES batches (or, with
   * `force`, after any batch since the last copy). Call between batches, never inside one; true
   * when it ran, so the caller can give the event loop a turn before the next batch.
   */
  checkpointIfDue(force = false): boolean {
    const due = force
      ? this.batchesSinceCheckpoint > 0
      : this.batchesSinceCheckpoint >= CHECKPOINT_EVERY_BATCHES;
    if (!due || !this.db.open || this.db.inTransaction) return false;
    // PASSIVE: copies what no reader still needs and never waits for another connection.
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.batchesSinceCheckpoint = 0;
    return true;
  }

  /** Puts back the settings widen() changed (once the connection's last bulk writer is done). */
  restore(): void {
    const held = bulkSettings.get(this.db);
    if (held === undefined) return;
    // The log this writer left, copied now rather than inside whichever commit comes next.
    this.checkpointIfDue(true);
    held.writers -= 1;
    if (held.writers > 0) return;
    bulkSettings.delete(this.db);
    if (!this.db.open) return;
    // PRAGMA takes no bound parameters; these are the integers SQLite itself reported.
    if (typeof held.cache === 'number') this.db.pragma(`cache_size = ${String(held.cache)}`);
    if (typeof held.wal === 'number') this.db.pragma(`wal_autocheckpoint = ${String(held.wal)}`);
  }

  /** Whether batches index their events themselves (false: the trigger does it row by row). */
  get indexesInBulk(): boolean {
    return this.triggerSql !== null;
  }

  /** Runs `write` (which calls add and link) and indexes what it added, in one transaction. */
  batch(write: () => void): void {
    this.db.transaction(() => {
      const triggerSql = this.triggerSql;
      if (triggerSql !== null) this.db.exec(`DROP TRIGGER ${TRIGGER}`);
      this.batchCount = 0;
      write();
      if (triggerSql !== null) {
        this.indexBatch();
        this.db.exec(triggerSql);
      }
    })();
    this.batchesSinceCheckpoint += 1;
  }

  add(values: EventValues): void {
    const { lastInsertRowid } = this.insertEvent.run(
      values.id,
      values.caseId,
      values.kind,
      values.occurredAt,
      values.actor,
      values.number,
      values.text,
      values.details,
      values.createdAt,
      values.numberE164,
      values.durationSeconds,
      values.direction,
    );
    const rowid = Number(lastInsertRowid);
    if (this.batchCount === 0) this.batchFirst = rowid;
    this.batchLast = rowid;
    this.batchCount += 1;
  }

  link(eventId: string, evidenceId: string): void {
    this.insertLink.run(eventId, evidenceId);
  }

  private indexBatch(): void {
    if (this.batchCount === 0) return;
    const before = this.lastDoc.get() ?? 0;
    // New rows take rowids above every older one, so the batch's rows are exactly this range, with
    // no gap; the documents, added in rowid order, take the numbers after `before` in that order.
    // The counts prove both, or the whole batch is undone rather than indexed wrongly.
    const docs = this.addDocs.run(this.batchFirst, this.batchLast).changes;
    const terms = this.addTerms.run(
      this.batchFirst,
      before + 1,
      this.batchFirst,
      this.batchLast,
    ).changes;
    if (
      docs !== this.batchCount ||
      terms !== this.batchCount ||
      this.batchLast - this.batchFirst + 1 !== this.batchCount ||
      this.lastDoc.get() !== before + this.batchCount
    ) {
      throw new Error('the search index of an imported batch did not match its events');
    }
  }
}

/**
 * UUID version 7 ids (the time, then a counter, then a random tail drawn once): each new id sorts
 * after the last, so hundreds of thousands of events append to the id indexes (events' primary key,
 * the search documents' source_id) instead of landing at random pages of indexes far larger than
 * SQLite's page cache. Random v4 ids made a 500,000-message import slow down as it grew.
 */
export class TimeOrderedIds {
  private counter = 0;
  private readonly tail = randomBytes(6).toString('hex').slice(0, 11);

  next(): string {
    const time = Date.now().toString(16).padStart(12, '0');
    const count = (this.counter++ % 0x10000000).toString(16).padStart(7, '0');
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${count.slice(0, 3)}-8${count.slice(3, 6)}-${count.slice(6)}${this.tail}`;
  }
}
