// Lowers the priority of the calling thread only, not the process's: on Linux a thread's nice
// value is its own (setpriority with the thread's id, read from /proc/thread-self), and threads it
// creates afterwards inherit it. Elsewhere a priority is the whole process's (the window's thread
// included), so nothing is changed there. Raising one's own niceness needs no privilege.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Lowers this thread by `steps` of nice (at most to 19); false when it could not. */
export function lowerThisThreadsPriority(steps: number): boolean {
  if (process.platform !== 'linux' || steps <= 0) return false;
  try {
    const threadId = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    os.setPriority(threadId, Math.min(19, os.getPriority(threadId) + steps));
    return true;
  } catch {
    // A courtesy, not a need: without /proc the thread runs at the process's priority.
    return false;
  }
}

/** This thread's nice value (Linux; null elsewhere or when it cannot be read). */
export function readThisThreadsNiceness(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    return os.getPriority(Number(path.basename(fs.readlinkSync('/proc/thread-self'))));
  } catch {
    return null;
  }
}
