// A full turn of the event loop for long imports. A stream whose data is already buffered (the
// stored copy is read 1 MiB at a time, and decrypted into many chunks at once) hands its chunks
// over in promise callbacks, which run before anything else: parsing and writing batch after batch
// that way held timers, progress messages and a Cancel for seconds. `setImmediate` alone is not a
// turn: from an I/O callback it runs before the timers and before other I/O waiting in the poll.
// A zero timer followed by an immediate passes through the timers, the poll (I/O, messages from the
// window) and the checks once each.

/** Resolves after one pass through timers, I/O and immediates. */
export async function yieldEventLoopTurn(): Promise<void> {
  await new Promise<void>((resolve) => {
    setTimeout(resolve, 0);
  });
  await new Promise<void>((resolve) => {
    setImmediate(resolve);
  });
}

/** Gives the event loop a turn when this much time has gone by since the last one. */
export class EventLoopSlicer {
  private last = performance.now();

  constructor(private readonly sliceMs: number) {}

  /** Whether a turn is due: checked without a promise, for loops that run once per record. */
  get due(): boolean {
    return performance.now() - this.last >= this.sliceMs;
  }

  async yieldIfDue(): Promise<void> {
    if (!this.due) return;
    await this.yieldNow();
  }

  async yieldNow(): Promise<void> {
    await yieldEventLoopTurn();
    this.last = performance.now();
  }
}
