// The thread of a WalCheckpointer (wal-checkpointer.ts): its own connection to the vault's
// database, opened by openDatabase with the key it was handed in memory (wiped once the database
// is open), copying the write-ahead log into the database whenever the writer asks. It only ever
// runs PASSIVE checkpoints, which never wait for and never block the writer; SQLite keeps them
// crash-safe on its own (a checkpoint copies committed pages only, and the log stays valid until
// the writer restarts it).
import { workerData } from 'node:worker_threads';
import { openDatabase } from './open-database';
import type { Database } from './types';
import { CHECKPOINT_STATE, type CheckpointerStart } from './wal-checkpoint-state';

const { file, key: keyBuffer, state: shared } = workerData as CheckpointerStart;
const state = new Int32Array(shared);

function openWithKey(): Database {
  const key = Buffer.from(keyBuffer);
  try {
    return openDatabase(file, key);
  } finally {
    key.fill(0);
  }
}

/** Waits for the writer's request (or STOP) and runs one checkpoint per request. */
function serve(db: Database): void {
  for (;;) {
    Atomics.wait(state, 0, CHECKPOINT_STATE.idle);
    const now = Atomics.load(state, 0);
    if (now === CHECKPOINT_STATE.stop) return;
    // RUNNING before the copy starts, so the writer never runs its own checkpoint beside this one.
    if (
      Atomics.compareExchange(state, 0, CHECKPOINT_STATE.requested, CHECKPOINT_STATE.running) !==
      CHECKPOINT_STATE.requested
    )
      continue;
    db.pragma('wal_checkpoint(PASSIVE)');
    Atomics.compareExchange(state, 0, CHECKPOINT_STATE.running, CHECKPOINT_STATE.idle);
    Atomics.notify(state, 0);
  }
}

let db: Database | undefined;
try {
  db = openWithKey();
  // The log is read and the file written page by page: no cache of its own is needed.
  db.pragma('cache_size = -1024');
  Atomics.compareExchange(state, 0, CHECKPOINT_STATE.starting, CHECKPOINT_STATE.idle);
  Atomics.notify(state, 0);
  serve(db);
} finally {
  // Whatever ended this thread (STOP, a failed open, an error), the writer checkpoints itself.
  Atomics.store(state, 0, CHECKPOINT_STATE.dead);
  Atomics.notify(state, 0);
  if (db !== undefined) db.close();
}
