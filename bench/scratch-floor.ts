// A scratch measurement for issue 19 (not part of `npm run bench`): the floor of the SMS import's
// write path. The rows are made before the clock starts, then written the way the import writes
// them (EventBulkWriter: batches of BATCH in one transaction each, search entries set-based, the
// page cache and checkpoint cadence of android-rows.ts), into the vault's own schema. So the
// figure is what storing costs with no parsing, no row building and no de-duplication at all.
//
// `npx tsx bench/scratch-floor.ts [ROWS] [BATCH]`, with SCRATCH_PLAIN=1 for the same schema in an
// unencrypted database (the cipher's share), SCRATCH_DROP="sender,contact" to drop events indexes.
// SCRATCH_SYNC=NORMAL and SCRATCH_NO_CHECK=1 measure the commits' fsync and the tables' CHECKs. Quiet
// on 2026-12-07, 300,000 rows, three pairs each: CHECKs off saved 2.8 µs of the writer's 30 (the two
// datetime() checks and the details' JSON check of each row); NORMAL saved nothing measurable. Neither
// is used by the import: the CHECKs are the schema's guard against a wrong row, and a batch's fsync
// costs little on its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MIGRATIONS } from '../main/core/db/migrations';
import { openDatabase } from '../main/core/db/open-database';
import type { Database } from '../main/core/db/types';
import {
  EventBulkWriter,
  TimeOrderedIds,
  type EventValues,
} from '../main/core/import/android-rows';
import { makeScratchRow } from './scratch-rows';

const ROWS = Number(process.argv[2] ?? 100_000);
const BATCH = Number(process.argv[3] ?? 5_000);

function makeRows(caseId: string): EventValues[] {
  const ids = new TimeOrderedIds();
  const created = new Date().toISOString();
  return Array.from({ length: ROWS }, (_, index) => makeScratchRow(ids, caseId, index, created));
}

function openScratch(file: string): Database {
  if (process.env.SCRATCH_PLAIN === undefined) return openDatabase(file, Buffer.alloc(32, 7));
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      migration.up(db);
    })();
  }
  return db;
}

/** A thread's CPU in µs from its /proc stat (clock ticks of 10 ms). */
function readTaskCpu(stat: string): number {
  const fields = stat.split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** This thread's CPU, in µs: the writer's alone, without V8's helper threads (process.cpuUsage has them). */
function readOwnCpu(): number {
  return readTaskCpu(fs.readFileSync('/proc/thread-self/stat', 'utf8'));
}

function readWritten(): number {
  return Number(/^wchar:\s+(\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-scratch-floor-'));
try {
  const db = openScratch(path.join(dir, 'floor.sqlite'));
  const caseId = 'case-1';
  db.prepare(
    `INSERT INTO cases (id, title, description, counterparty, status, timezone, created_at, updated_at)
     VALUES (?, 'Bench', '', '{}', 'open', 'Asia/Kolkata', ?, ?)`,
  ).run(caseId, new Date().toISOString(), new Date().toISOString());
  for (const name of (process.env.SCRATCH_DROP ?? '').split(',').filter(Boolean))
    db.exec(`DROP INDEX events_by_${name}`);
  // SCRATCH_FTS="automerge=0,crisismerge=64": the search index's own settings, to measure.
  for (const pair of (process.env.SCRATCH_FTS ?? '').split(',').filter(Boolean)) {
    const [name = '', value = ''] = pair.split('=');
    db.prepare('INSERT INTO timeline_fts (timeline_fts, rank) VALUES (?, ?)').run(
      name,
      BigInt(value),
    );
  }
  // SCRATCH_SYNC=NORMAL: the commits' fsync of the log skipped; SCRATCH_NO_CHECK=1: the tables' CHECKs off.
  if (process.env.SCRATCH_SYNC !== undefined)
    db.pragma(`synchronous = ${process.env.SCRATCH_SYNC}`);
  if (process.env.SCRATCH_NO_CHECK !== undefined) db.pragma('ignore_check_constraints = ON');
  const rows = makeRows(caseId);
  const writer = new EventBulkWriter(db);
  writer.widen();
  const ownCpu = readOwnCpu();
  const written = readWritten();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let checkpointCpu = 0;
  let walMax = 0;
  for (let first = 0; first < ROWS; first += BATCH) {
    writer.batch(() => {
      for (const row of rows.slice(first, first + BATCH)) writer.add(row);
    });
    walMax = Math.max(walMax, fs.statSync(path.join(dir, 'floor.sqlite-wal')).size);
    const before = readOwnCpu();
    // SCRATCH_CHECKPOINT_EVERY=N: a PASSIVE checkpoint after every N batches instead of the writer's.
    const every = Number(process.env.SCRATCH_CHECKPOINT_EVERY ?? 0);
    if (every === 0) writer.checkpointIfDue();
    else if ((first / BATCH + 1) % every === 0) db.pragma('wal_checkpoint(PASSIVE)');
    checkpointCpu += readOwnCpu() - before;
  }
  writer.restore();
  const own = readOwnCpu() - ownCpu;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const perRow = (micros: number) => (micros / ROWS).toFixed(1);
  console.log(
    `floor ${process.env.SCRATCH_PLAIN === undefined ? 'sqlcipher' : 'plain'} rows=${String(ROWS)} batch=${String(BATCH)} drop=${process.env.SCRATCH_DROP ?? '-'} fts=${process.env.SCRATCH_FTS ?? '-'} every=${process.env.SCRATCH_CHECKPOINT_EVERY ?? '4'} sync=${process.env.SCRATCH_SYNC ?? 'FULL'} check=${process.env.SCRATCH_NO_CHECK === undefined ? 'on' : 'off'}: ` +
      `${perRow(used.user + used.system)} µs CPU/row in all, ${perRow(own)} in the writer's thread (its checkpoints ${perRow(checkpointCpu)}), ` +
      `${(ROWS / seconds).toFixed(0)} rows/s wall, written ${(
        (readWritten() - written) /
        ROWS /
        1024
      ).toFixed(
        2,
      )} KiB/row, log up to ${(walMax / 1024 / 1024).toFixed(0)} MiB (load ${os.loadavg()[0]?.toFixed(1) ?? '?'})`,
  );
  db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
