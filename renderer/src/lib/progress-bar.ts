// What the import and export progress bars share: which numbers drive the bar, and how a time
// estimate is split into seconds or minutes. The texts stay with each screen.

interface ProgressCounts {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * The bar's value and max: bytes move smoothly within a big file; a count of files is the fallback
 * before sizes are known; nothing (an indeterminate bar) before the first report.
 */
export function readBarRange(
  progress: ProgressCounts | null,
): { value: number; max: number } | null {
  if (progress === null) return null;
  if (progress.bytesTotal > 0) return { value: progress.bytesDone, max: progress.bytesTotal };
  return { value: progress.done, max: Math.max(progress.total, 1) };
}

const SECONDS_PER_MINUTE = 60;

/** Under a minute, whole seconds; from a minute on, rounded minutes. */
export function splitTimeLeft(seconds: number): { unit: 'seconds' | 'minutes'; count: number } {
  if (seconds < SECONDS_PER_MINUTE) return { unit: 'seconds', count: seconds };
  return { unit: 'minutes', count: Math.round(seconds / SECONDS_PER_MINUTE) };
}
