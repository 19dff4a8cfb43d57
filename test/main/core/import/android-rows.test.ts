// The Android import's bulk writer: batches index their own events, in the same transaction, exactly
// as the per-row trigger would; a failed batch leaves nothing and the trigger as it was.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_EVERY_BATCHES,
  EventBulkWriter,
  TimeOrderedIds,
  type EventValues,
} from '../../../../main/core/import/android-rows';
import type { Database } from '../../../../main/core/db/types';
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

  it('copies the log into the database between batches, every eighth batch and at the end, never inside a commit', async () => {
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
    const every = CHECKPOINT_EVERY_BATCHES;
    for (let batch = 0; batch < every - 1; batch += 1) {
      writeBatch(batch * 300);
      // Batches of log pages, none of them copied by a commit.
      expect(writer.checkpointIfDue()).toBe(false);
    }
    expect(fs.statSync(databaseFile).size).toBe(sizeBefore);
    writeBatch((every - 1) * 300);
    expect(writer.checkpointIfDue()).toBe(true);
    expect(fs.statSync(databaseFile).size).toBeGreaterThan(sizeBefore);
    const sizeAfterCopy = fs.statSync(databaseFile).size;
    writeBatch(every * 300);
    expect(writer.checkpointIfDue()).toBe(false);
    expect(fs.statSync(databaseFile).size).toBe(sizeAfterCopy);
    // The import's end copies what its last batches left, and turns the automatic one back on.
    writer.restore();
    expect(fs.statSync(databaseFile).size).toBeGreaterThan(sizeAfterCopy);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe((every + 1) * 300);
  });
});
