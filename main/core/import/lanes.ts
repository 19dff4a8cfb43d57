// Runs an import a few files at a time. One file spends about half its time waiting on the disk
// (opening, reading, fsync on the thread pool); a second and third file in flight hash and encrypt
// meanwhile. Written by hand: the work must start in order, a big file must run by itself, and an
// unexpected error must let the files in flight finish before it is thrown, which p-limit and the
// like do not do together.

/** Files larger than this run by themselves: on a spinning disk two big reads at once cost seeks. */
export const ALONE_BYTES = 64 * 1024 * 1024;

/**
 * Calls `work` for each item in order, at most `lanes` at a time; an item for which `runsAlone`
 * is true waits for the ones before it and holds back the ones after it. After an unexpected
 * error no new item starts; the ones in flight finish, then the first error is thrown.
 */
export function runInLanes<T>(
  items: readonly T[],
  lanes: number,
  runsAlone: (item: T) => boolean,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let aloneRunning = false;
    let failure: { error: unknown } | null = null;
    const startMore = (): void => {
      while (failure === null && next < items.length && !aloneRunning && running < lanes) {
        const index = next;
        const item = items[index] as T;
        const alone = runsAlone(item);
        if (alone && running > 0) break;
        next += 1;
        running += 1;
        aloneRunning = alone;
        work(item, index)
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            running -= 1;
            if (alone) aloneRunning = false;
            startMore();
          });
      }
      if (running > 0) return;
      if (failure !== null) reject(asError(failure.error));
      else if (next >= items.length) resolve();
    };
    startMore();
  });
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
