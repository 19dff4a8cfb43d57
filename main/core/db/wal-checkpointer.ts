// Copies the write-ahead log into the database on a second connection in its own thread, so that a
// bulk import's checkpoints (about a fifth of the importing thread's time, issue 19) run on the
// other core while the writer goes on with its next batch.
//
// A checkpoint beside the writer can never let the log restart: SQLite starts the log over only
// when a write begins after every frame was copied, and the writer is always one batch ahead. So
// the writer still copies the tail itself now and then (EventBulkWriter.checkpointIfDue): it first
// waits for a running copy to end (claim), then its own PASSIVE checkpoint copies only what the
// thread has not, and the next batch restarts the log. That bounds the log as before.
//
// A speed-up and never a dependency: when the thread cannot be found, cannot start, cannot open the
// database or ends, `usable` is false and the writer checkpoints itself, as it did without one.
import { Worker } from 'node:worker_threads';
import { locateWorkerScript, spawnWorker } from '../workers/worker-script';
import { CHECKPOINT_STATE, type CheckpointerStart } from './wal-checkpoint-state';

// Set by scripts/build-main.mjs in each bundle to the file name of the worker bundle beside it.
declare const __SAKSHYA_CHECKPOINT_WORKER__: string | undefined;

/** How long the writer waits for the thread's copy before it gives the thread up. */
const CLAIM_TIMEOUT_MS = 60_000;

export class WalCheckpointer {
  private readonly state: Int32Array;
  private given = false;

  private constructor(
    private readonly worker: Worker,
    shared: SharedArrayBuffer,
  ) {
    this.state = new Int32Array(shared);
    worker.on('error', () => {
      this.giveUp();
    });
    worker.on('exit', () => {
      this.giveUp();
    });
    worker.unref();
  }

  /** Null when no worker script can be found or started (the writer then checkpoints itself). */
  static start(file: string, key: Buffer): WalCheckpointer | null {
    const script = locateWorkerScript(
      typeof __SAKSHYA_CHECKPOINT_WORKER__ === 'string' ? __SAKSHYA_CHECKPOINT_WORKER__ : undefined,
      (import.meta as { url?: string }).url,
      './wal-checkpoint-worker.ts',
    );
    if (script === null) return null;
    const shared = new SharedArrayBuffer(4);
    // The key's own copy, moved (not copied) to the thread, which wipes it once the database is open.
    const copy = new Uint8Array(new ArrayBuffer(key.length));
    copy.set(key);
    const start: CheckpointerStart = { file, key: copy.buffer, state: shared };
    try {
      const worker = spawnWorker(
        script,
        { maxOldGenerationSizeMb: 64 },
        {
          workerData: start,
          transferList: [copy.buffer],
        },
      );
      return new WalCheckpointer(worker, shared);
    } catch {
      copy.fill(0);
      return null;
    }
  }

  /** True while the thread is open and answering; false before it opened and after it ended. */
  get usable(): boolean {
    const now = Atomics.load(this.state, 0);
    return now !== CHECKPOINT_STATE.starting && now !== CHECKPOINT_STATE.dead && !this.given;
  }

  /** True once the thread has ended, or never opened, or was given up: it will copy nothing more. */
  get ended(): boolean {
    return this.given || Atomics.load(this.state, 0) === CHECKPOINT_STATE.dead;
  }

  /** Asks for a copy of what the log holds now; dropped if one is already asked for or running. */
  request(): void {
    if (this.given) return;
    if (
      Atomics.compareExchange(this.state, 0, CHECKPOINT_STATE.idle, CHECKPOINT_STATE.requested) ===
      CHECKPOINT_STATE.idle
    )
      Atomics.notify(this.state, 0);
  }

  /**
   * Takes back an unstarted request and waits for a running copy to end, so the caller may run its
   * own checkpoint. False when the thread is not usable (or its copy outlasted the timeout, and it
   * is given up): the caller checkpoints itself either way.
   */
  claim(): boolean {
    if (this.given) return false;
    const deadline = Date.now() + CLAIM_TIMEOUT_MS;
    for (;;) {
      const now = Atomics.compareExchange(
        this.state,
        0,
        CHECKPOINT_STATE.requested,
        CHECKPOINT_STATE.idle,
      );
      if (now === CHECKPOINT_STATE.idle || now === CHECKPOINT_STATE.requested) return true;
      if (now !== CHECKPOINT_STATE.running) return false;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.giveUp();
        return false;
      }
      Atomics.wait(this.state, 0, CHECKPOINT_STATE.running, left);
    }
  }

  /**
   * Has the thread copy the whole log now and waits for it (false: not usable, or it outlasted the
   * timeout, and the caller copies it itself).
   */
  copyAndWait(): boolean {
    if (!this.claim()) return false;
    this.request();
    const deadline = Date.now() + CLAIM_TIMEOUT_MS;
    for (;;) {
      const now = Atomics.load(this.state, 0);
      if (now === CHECKPOINT_STATE.idle) return true;
      if (now !== CHECKPOINT_STATE.requested && now !== CHECKPOINT_STATE.running) return false;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.giveUp();
        return false;
      }
      Atomics.wait(this.state, 0, now, left);
    }
  }

  /** Ends the thread (it closes its connection first); the writer checkpoints itself from now on. */
  stop(): void {
    this.giveUp();
  }

  private giveUp(): void {
    if (this.given) return;
    this.given = true;
    const now = Atomics.load(this.state, 0);
    if (now === CHECKPOINT_STATE.dead) return;
    // A thread still opening sees STOP as soon as it is open; one copying finishes that copy first.
    Atomics.store(this.state, 0, CHECKPOINT_STATE.stop);
    Atomics.notify(this.state, 0);
  }
}
