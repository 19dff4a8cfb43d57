// A scratch measurement for issue 19's write path (not part of `npm run bench`): how much one
// Android-import event costs to store, by write strategy, on a real SQLCipher vault with the real
// migrations. Rows are made in memory (300 numbers, Hindi and English bodies, as bench/sources.ts
// writes them), so the XML reading is left out. Bytes written and read per row come from
// /proc/self/io and do not change with the machine's load; the CPU time does.
//
// `npx tsx bench/scratch-events.ts VARIANT [ROWS] [BATCH] [CACHE_KIB]`, VARIANT one of:
//   direct   EventBulkWriter, one transaction per BATCH rows (the import's path);
//   staged   BATCH rows per transaction into an unindexed staging table, then one transaction
//            moving them into `events` sorted by (case, number, time), with their search entries;
//   no-index direct, with the four number-, sender-, contact- and counterparty-keyed indexes dropped;
//   no-fts   direct, with the search trigger dropped (no search entries).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../main/core/db/types';
import { EventBulkWriter, TimeOrderedIds } from '../main/core/import/android-rows';
import { Vault } from '../main/core/vault/vault';
import { makeScratchRow } from './scratch-rows';

const [variant = 'direct', rowsArg, batchArg, cacheArg] = process.argv.slice(2);
const ROWS = Number(rowsArg ?? 100_000);
const BATCH = Number(batchArg ?? 10_000);
const CACHE_KIB = Number(cacheArg ?? 32_768);
const COLUMNS =
  'id, case_id, kind, occurred_at, actor, number, text, details, created_at, number_e164, duration_seconds, direction';

/** Each batch's milliseconds (its transaction and, with SCRATCH_CHECKPOINT, the checkpoint after). */
const batchMs: number[] = [];
const checkpointMs: number[] = [];

function writeDirect(db: Database, caseId: string): void {
  const ids = new TimeOrderedIds();
  const writer = new EventBulkWriter(db);
  for (let first = 0; first < ROWS; first += BATCH) {
    const started = performance.now();
    writer.batch(() => {
      for (let index = first; index < Math.min(ROWS, first + BATCH); index += 1)
        writer.add(makeScratchRow(ids, caseId, index));
    });
    batchMs.push(performance.now() - started);
    // SCRATCH_CHECKPOINT=PASSIVE [SCRATCH_CHECKPOINT_EVERY=N]: a checkpoint after every N batches,
    // timed apart from them.
    const every = Number(process.env.SCRATCH_CHECKPOINT_EVERY ?? 1);
    if (process.env.SCRATCH_CHECKPOINT !== undefined && (first / BATCH + 1) % every === 0) {
      const at = performance.now();
      db.pragma(`wal_checkpoint(${process.env.SCRATCH_CHECKPOINT})`);
      checkpointMs.push(performance.now() - at);
    }
  }
}

function describeBatches(): string {
  if (batchMs.length === 0) return '';
  const sorted = [...batchMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const longest = sorted.at(-1) ?? 0;
  const checkpoints = checkpointMs.map((ms) => ms.toFixed(0)).join('/');
  return `, batch median ${median.toFixed(0)} ms, longest ${longest.toFixed(0)} ms (${batchMs.map((ms) => ms.toFixed(0)).join('/')})${checkpoints === '' ? '' : `, checkpoints ${checkpoints} ms`}`;
}

/** Returns the milliseconds the final move took. */
function writeStaged(db: Database, caseId: string): number {
  const ids = new TimeOrderedIds();
  db.exec(`CREATE TABLE bench_stage (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, case_id TEXT NOT NULL,
    kind TEXT NOT NULL, occurred_at TEXT NOT NULL, actor TEXT, number TEXT, text TEXT NOT NULL,
    details TEXT NOT NULL, created_at TEXT NOT NULL, number_e164 TEXT, duration_seconds INTEGER,
    direction TEXT) STRICT`);
  const stage = db.prepare(
    `INSERT INTO bench_stage (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let first = 0; first < ROWS; first += BATCH) {
    db.transaction(() => {
      for (let index = first; index < Math.min(ROWS, first + BATCH); index += 1) {
        const row = makeScratchRow(ids, caseId, index);
        stage.run(
          row.id,
          row.caseId,
          row.kind,
          row.occurredAt,
          row.actor,
          row.number,
          row.text,
          row.details,
          row.createdAt,
          row.numberE164,
          row.durationSeconds,
          row.direction,
        );
      }
    })();
  }
  const started = Date.now();
  // The trigger's own stored SQL, as EventBulkWriter does: no second copy of the migration's.
  const trigger = db
    .prepare<[], string>(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_fts_insert'",
    )
    .pluck()
    .get();
  if (trigger === undefined) throw new Error('no events_fts_insert trigger in this vault');
  db.transaction(() => {
    db.exec('DROP TRIGGER events_fts_insert');
    const lastDoc = db.prepare<[], number | null>('SELECT max(doc) FROM timeline_fts_docs');
    const lastEvent = db.prepare<[], number | null>('SELECT max(rowid) FROM events');
    const before = lastDoc.pluck().get() ?? 0;
    const firstRow = (lastEvent.pluck().get() ?? 0) + 1;
    db.prepare(
      `INSERT INTO events (${COLUMNS}, third_party) SELECT ${COLUMNS}, 0 FROM bench_stage
       ORDER BY case_id, number_e164, occurred_at, seq`,
    ).run();
    db.prepare(
      `INSERT INTO timeline_fts_docs (case_id, source, source_id)
       SELECT case_id, 'event', id FROM events WHERE rowid >= ? ORDER BY rowid`,
    ).run(firstRow);
    db.prepare(
      `INSERT INTO timeline_fts (rowid, body)
       SELECT d.doc, e.text || char(10) || coalesce(e.actor, '')
       FROM timeline_fts_docs d JOIN events e ON e.id = d.source_id
       WHERE d.doc > ? AND d.source = 'event' ORDER BY d.doc`,
    ).run(before);
    db.exec('DELETE FROM bench_stage');
    db.exec(trigger);
  })();
  return Date.now() - started;
}

function readIo(): { written: number; read: number } {
  const io = fs.readFileSync('/proc/self/io', 'utf8');
  return {
    written: Number(/^wchar:\s+(\d+)$/m.exec(io)?.[1] ?? 0),
    read: Number(/^rchar:\s+(\d+)$/m.exec(io)?.[1] ?? 0),
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-scratch-events-'));
try {
  const { vault } = await Vault.create(path.join(dir, 'vault'), 'bench passphrase 123', {
    scryptLogN: 10,
  });
  const caseId = vault.createCase({ title: 'Bench', timezone: 'Asia/Kolkata' }).id;
  const db = vault.db;
  db.pragma(`cache_size = -${String(CACHE_KIB)}`);
  db.pragma('wal_autocheckpoint = 16384');
  if (variant === 'no-fts') db.exec('DROP TRIGGER events_fts_insert');
  // SCRATCH_FTS="hashsize=8388608,automerge=8": the search index's own settings, to measure.
  for (const pair of (process.env.SCRATCH_FTS ?? '').split(',').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    db.prepare('INSERT INTO timeline_fts (timeline_fts, rank) VALUES (?, ?)').run(
      key,
      BigInt(value),
    );
  }
  for (const sql of (process.env.SCRATCH_SQL ?? '').split(';').filter(Boolean)) db.exec(sql);
  if (variant === 'no-index') {
    for (const index of ['number', 'sender', 'contact', 'counterparty'])
      db.exec(`DROP INDEX events_by_${index}`);
  }
  const io = readIo();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const moveMs = variant === 'staged' ? writeStaged(db, caseId) : (writeDirect(db, caseId), 0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const after = readIo();
  const peak = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  const perRow = (bytes: number) => (bytes / ROWS / 1024).toFixed(2);
  console.log(
    `${variant} rows=${String(ROWS)} batch=${String(BATCH)} cache=${String(CACHE_KIB)} KiB: ` +
      `${((used.user + used.system) / ROWS).toFixed(1)} µs CPU/row, ${((seconds * 1e6) / ROWS).toFixed(1)} µs wall/row, ` +
      `written ${perRow(after.written - io.written)} KiB/row, read ${perRow(after.read - io.read)} KiB/row, ` +
      `final move ${String(moveMs)} ms${describeBatches()}, peak RSS ${(Number(peak) / 1024).toFixed(0)} MiB (load ${os.loadavg()[0]?.toFixed(1) ?? '?'})`,
  );
  vault.lock();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
