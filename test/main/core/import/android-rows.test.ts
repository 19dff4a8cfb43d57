// The Android import's bulk writer: batches index their own events, in the same transaction, exactly
// as the per-row trigger would; a failed batch leaves nothing and the trigger as it was.
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  EventBulkWriter,
  TimeOrderedIds,
  type EventValues,
} from '../../../../main/core/import/android-rows';
import type { Database } from '../../../../main/core/db/types';
import { WalCheckpointer } from '../../../../main/core/db/wal-checkpointer';
import { listTimeline } from '../../../../main/core/timeline/timeline';
import { makeVault } from './import-vault';

const TEXTS = [
  'आज शाम तक पैसे जमा करो वरना घर आएंगे',
  'Your EMI is overdue, pay today or we call family',
  'Café Résumé ✅ 😀 pay now!!',
  '',
  'line one\nline two\r\nline three',
];

function makeEvent(caseId: string, id: string, index: number): EventValues {
  const text = TEXTS[index % TEXTS.length] ?? '';
  return {
    id,
    caseId,
    kind: index % 4 === 3 ? 'call' : 'message',
    occurredAt: new Date(Date.UTC(2024, 4, 12, 10, 0, index)).toISOString(),
    actor: index % 3 === 0 ? null : `+91987654${String(3200 + index)}`,
    number: `+91 98765 ${String(43_200 + index)}`,
    text: `${text} w${String(index)}`,
    details: JSON.stringify({ source: 'phone-log' }),
    createdAt: '2024-05-13T00:00:00.000Z',
    numberE164: `+91987654${String(3200 + index)}`,
    durationSeconds: index % 4 === 3 ? index : null,
    direction: index % 2 === 0 ? 'incoming' : 'outgoing',
  };
}

/** Inserts one event the ordinary way, so the trigger indexes it. */
function insertWithTrigger(db: Database, event: EventValues): void {
  db.prepare(
    `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at,
       number_e164, duration_seconds, direction, third_party)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  ).run(
    event.id,
    event.caseId,
    event.kind,
    event.occurredAt,
    event.actor,
    event.number,
    event.text,
    event.details,
    event.createdAt,
    event.numberE164,
    event.durationSeconds,
    event.direction,
  );
}

/** Every term the search index holds for one event, with its position: what a search can find. */
function readIndexedTerms(db: Database, eventId: string): string[] {
  db.exec(
    'CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, timeline_fts, instance)',
  );
  return db
    .prepare<[string], string>(
      `SELECT v.term || '@' || v.col || ':' || v.offset FROM temp.fts_terms v
       JOIN timeline_fts_docs d ON d.doc = v.doc
       WHERE d.source = 'event' AND d.source_id = ? ORDER BY v.offset, v.term`,
    )
    .pluck()
    .all(eventId);
}

function readTriggerSql(db: Database): string | undefined {
  return db
    .prepare<[], string>(
      "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_fts_insert'",
    )
    .pluck()
    .get();
}

describe('the Android import’s bulk writer', () => {
  it('indexes each event of a batch exactly as the per-row trigger indexes the same event', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    const triggerBefore = readTriggerSql(db);
    const writer = new EventBulkWriter(db);
    expect(writer.indexesInBulk).toBe(true);
    const ids = new TimeOrderedIds();
    const bulk = Array.from({ length: 40 }, (_, index) => makeEvent(caseId, ids.next(), index));
    writer.batch(() => {
      for (const event of bulk) writer.add(event);
    });
    writer.batch(() => {
      writer.add(makeEvent(caseId, ids.next(), 40));
    });
    const plain = bulk.map((event, index) => makeEvent(caseId, `plain-${String(index)}`, index));
    for (const event of plain) insertWithTrigger(db, event);
    bulk.forEach((event, index) => {
      const terms = readIndexedTerms(db, event.id);
      if (event.text.trim() !== '' || event.actor !== null) expect(terms.length).toBeGreaterThan(0);
      expect(terms).toEqual(readIndexedTerms(db, plain[index]?.id ?? ''));
    });
    // The trigger is back exactly as the migration made it, so events added later are indexed too.
    expect(readTriggerSql(db)).toBe(triggerBefore);
    const found = listTimeline(db, { caseId, search: 'पैसे' }).map((entry) => entry.id);
    expect(found).toContain(bulk[0]?.id);
    expect(found).toContain('plain-0');
  });

  it('leaves no event, no search entry and the trigger as it was when a batch fails', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    const triggerBefore = readTriggerSql(db);
    const docsBefore = db.prepare('SELECT count(*) FROM timeline_fts_docs').pluck().get();
    const writer = new EventBulkWriter(db);
    expect(() => {
      writer.batch(() => {
        writer.add(makeEvent(caseId, 'first', 0));
        // The same id twice: the primary key refuses it, mid-batch.
        writer.add(makeEvent(caseId, 'first', 1));
      });
    }).toThrow();
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM timeline_fts_docs').pluck().get()).toBe(docsBefore);
    expect(readTriggerSql(db)).toBe(triggerBefore);
    insertWithTrigger(db, makeEvent(caseId, 'after', 0));
    expect(readIndexedTerms(db, 'after').length).toBeGreaterThan(0);
  });

  it('lets the trigger index each event when the stored trigger is not the one it knows', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    // As a later migration might: the same trigger with a different body.
    db.exec(`DROP TRIGGER events_fts_insert;
      CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO timeline_fts_docs (case_id, source, source_id) VALUES (NEW.case_id, 'event', NEW.id);
        INSERT INTO timeline_fts (rowid, body)
          SELECT doc, NEW.text FROM timeline_fts_docs WHERE source = 'event' AND source_id = NEW.id;
      END`);
    const changed = readTriggerSql(db);
    const writer = new EventBulkWriter(db);
    expect(writer.indexesInBulk).toBe(false);
    writer.batch(() => {
      writer.add(makeEvent(caseId, 'by-trigger', 0));
    });
    expect(readTriggerSql(db)).toBe(changed);
    expect(listTimeline(db, { caseId, search: 'पैसे' }).map((entry) => entry.id)).toEqual([
      'by-trigger',
    ]);
  });

  it('sets the page cache and turns the automatic checkpoint off for an import, and puts back what was there after the last of two overlapping imports', async () => {
    const { vault } = await makeVault();
    const { db } = vault;
    const read = () => [
      db.pragma('cache_size', { simple: true }),
      db.pragma('wal_autocheckpoint', { simple: true }),
    ];
    db.pragma('cache_size = -3000');
    db.pragma('wal_autocheckpoint = 900');
    const first = new EventBulkWriter(db);
    const second = new EventBulkWriter(db);
    first.widen();
    expect(read()).toEqual([-16_384, 0]);
    second.widen();
    first.restore();
    // The second import is still running: its settings stay.
    expect(read()).toEqual([-16_384, 0]);
    second.restore();
    expect(read()).toEqual([-3000, 900]);
    // A restore with nothing widened changes nothing.
    second.restore();
    expect(read()).toEqual([-3000, 900]);
  });

  it('copies the log into the database between batches, every fourth batch and at the end, never inside a commit', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    const databaseFile = db.name;
    const writer = new EventBulkWriter(db);
    const ids = new TimeOrderedIds();
    writer.widen();
    // Whatever the vault's creation left in the log, copied first, so each later copy shows.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const writeBatch = (from: number) => {
      writer.batch(() => {
        for (let index = from; index < from + 300; index += 1)
          writer.add(makeEvent(caseId, ids.next(), index));
      });
    };
    const sizeBefore = fs.statSync(databaseFile).size;
    for (let batch = 0; batch < 3; batch += 1) {
      writeBatch(batch * 300);
      // Three batches of log pages, none of them copied by a commit.
      expect(writer.checkpointIfDue()).toBe(false);
    }
    expect(fs.statSync(databaseFile).size).toBe(sizeBefore);
    writeBatch(900);
    expect(writer.checkpointIfDue()).toBe(true);
    expect(fs.statSync(databaseFile).size).toBeGreaterThan(sizeBefore);
    const sizeAfterFour = fs.statSync(databaseFile).size;
    writeBatch(1200);
    expect(writer.checkpointIfDue()).toBe(false);
    expect(fs.statSync(databaseFile).size).toBe(sizeAfterFour);
    // The import's end copies what its last batches left, and turns the automatic one back on.
    writer.restore();
    expect(fs.statSync(databaseFile).size).toBeGreaterThan(sizeAfterFour);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1500);
  });
});

/**
 * The limit on waiting for the thread to open or end: from source it first loads tsx, which took
 * seconds beside other test files on a loaded 2-core machine. A wait for the state, not a duration.
 */
const THREAD_WAIT = { timeout: 120_000, interval: 20 };

/** How many times the log has started over: the checkpoint sequence in its header (big-endian). */
function readLogRestarts(databaseFile: string): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(`${databaseFile}-wal`, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header.readUInt32BE(12);
}

describe('the bulk writer’s checkpointer thread', () => {
  it('copies the log on its own connection and thread while the writer goes on, and the log still starts over every fourth batch', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    const databaseFile = db.name;
    const checkpointer = vault.startWalCheckpointer();
    expect(checkpointer).not.toBeNull();
    const writer = new EventBulkWriter(db, () => checkpointer);
    writer.widen();
    await vi.waitFor(() => {
      expect(checkpointer?.usable).toBe(true);
    }, THREAD_WAIT);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const ids = new TimeOrderedIds();
    let next = 0;
    const writeBatch = () => {
      writer.batch(() => {
        for (let end = next + 300; next < end; next += 1)
          writer.add(makeEvent(caseId, ids.next(), next));
      });
    };
    const sizeBefore = fs.statSync(databaseFile).size;
    for (let batch = 0; batch < 3; batch += 1) {
      writeBatch();
      expect(writer.checkpointIfDue()).toBe(false);
    }
    // The third batch asked the thread for a copy; this thread copied nothing itself.
    await vi.waitFor(() => {
      expect(fs.statSync(databaseFile).size).toBeGreaterThan(sizeBefore);
    }, THREAD_WAIT);
    const restarts = readLogRestarts(databaseFile);
    const logSizes: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      writeBatch();
      // The due copy: the thread copies the rest while this thread waits, so the next batch
      // starts the log over instead of adding to it.
      expect(writer.checkpointIfDue()).toBe(true);
      for (let batch = 0; batch < 3; batch += 1) {
        writeBatch();
        expect(writer.checkpointIfDue()).toBe(false);
      }
      expect(readLogRestarts(databaseFile)).toBe(restarts + round + 1);
      logSizes.push(fs.statSync(`${databaseFile}-wal`).size);
    }
    // Started over each round, the log file never grows past what one round wrote.
    expect(Math.max(...logSizes)).toBeLessThanOrEqual(2 * (logSizes[0] ?? 0));
    writer.restore();
    await vi.waitFor(() => {
      expect(checkpointer?.ended).toBe(true);
    }, THREAD_WAIT);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(next);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 240_000);

  it('copies the log itself when the thread cannot open the database', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    const databaseFile = db.name;
    // Another key: the thread's connection is refused, as a damaged or missing thread would be.
    const checkpointer = WalCheckpointer.start(databaseFile, Buffer.alloc(32, 9));
    expect(checkpointer).not.toBeNull();
    const writer = new EventBulkWriter(db, () => checkpointer);
    writer.widen();
    await vi.waitFor(() => {
      expect(checkpointer?.ended).toBe(true);
    }, THREAD_WAIT);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const ids = new TimeOrderedIds();
    const sizeBefore = fs.statSync(databaseFile).size;
    for (let batch = 0; batch < 4; batch += 1) {
      writer.batch(() => {
        for (let index = batch * 300; index < batch * 300 + 300; index += 1)
          writer.add(makeEvent(caseId, ids.next(), index));
      });
      expect(fs.statSync(databaseFile).size).toBe(sizeBefore);
      expect(writer.checkpointIfDue()).toBe(batch === 3);
    }
    expect(fs.statSync(databaseFile).size).toBeGreaterThan(sizeBefore);
    writer.restore();
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1200);
  }, 240_000);

  it('copies the log itself once the thread has ended in the middle of an import', async () => {
    const { vault, caseId } = await makeVault();
    const { db } = vault;
    const databaseFile = db.name;
    const checkpointer = vault.startWalCheckpointer();
    const writer = new EventBulkWriter(db, () => checkpointer);
    writer.widen();
    await vi.waitFor(() => {
      expect(checkpointer?.usable).toBe(true);
    }, THREAD_WAIT);
    checkpointer?.stop();
    await vi.waitFor(() => {
      expect(checkpointer?.ended).toBe(true);
    }, THREAD_WAIT);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const ids = new TimeOrderedIds();
    let restarts = 0;
    for (let batch = 0; batch < 8; batch += 1) {
      writer.batch(() => {
        for (let index = batch * 300; index < batch * 300 + 300; index += 1)
          writer.add(makeEvent(caseId, ids.next(), index));
      });
      // (The first batch after the truncation starts the log over too.)
      if (batch === 0) restarts = readLogRestarts(databaseFile);
      expect(writer.checkpointIfDue()).toBe(batch % 4 === 3);
    }
    // Its own copies let the log start over after the fourth batch, as with no thread at all.
    expect(readLogRestarts(databaseFile)).toBe(restarts + 1);
    writer.restore();
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2400);
  }, 240_000);
});
