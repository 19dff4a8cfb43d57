// What a WalCheckpointer (wal-checkpointer.ts) and its thread (wal-checkpoint-worker.ts) share: one
// Int32 of shared memory, moved between these states with compare-and-swap so that the writer and
// the checkpointer never copy the log at the same time.

export const CHECKPOINT_STATE = {
  /** The thread is opening its connection; the writer checkpoints itself meanwhile. */
  starting: 0,
  idle: 1,
  /** The writer asked for a checkpoint that has not started yet. */
  requested: 2,
  running: 3,
  /** The writer is done with the thread: it closes its connection and ends. */
  stop: 4,
  /** The thread ended or never opened: the writer checkpoints itself from now on. */
  dead: 5,
} as const;

/** The thread's workerData: the key travels in memory only, as a transferred buffer. */
export interface CheckpointerStart {
  file: string;
  key: ArrayBuffer;
  state: SharedArrayBuffer;
}
