// Two worker threads that run a restore's bounded copies (copy-guards.ts): each reads a chunk of
// the backup's object, hashes it and writes it into the new temp file, at most the manifest's size
// and one byte. This thread still opens and checks every source (O_NOFOLLOW | O_NONBLOCK, a plain
// file by fstat, no longer than listed), creates every temp (O_EXCL | O_NOFOLLOW, 0600), and keeps
// the SyncBatch, the fsyncs or syncfs, assertTempIsTheCopy and the renames. The workers only get
// the two descriptors (threads share the process's descriptors), so they read and write the very
// files checked here, and the hash is of the bytes they wrote. Copies are started biggest first
// (runPool in backup-restore.ts), so the 512 MiB video runs on one worker while the other takes
// the screenshots.
//
// Why: of a 3.5 s restore, copying was 3.4 s, all of it on this thread and the thread pool (a hop
// per 4 MiB chunk, and this thread's yields between). A bare script (the same loop on two workers)
// reached about 0.8x of `cp -r` + `sync`, where the loop on one thread did not reach 0.7x.
//
// Never a dependency: a worker that cannot start, or dies, has its copy (from the first byte, the
// temp emptied first) and every later one run on this thread (copyBoundedHere), as before.
// A cancel sets a flag each worker reads before every chunk (up to 4 MiB), so it stops promptly.
//
// The workers' start, queue, cancel flag and fallback are worker-lanes.ts's, shared with
// hash-threads.ts.
import fs from 'node:fs';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { SakshyaError } from '../../../shared/errors';
import {
  RefusedSourceError,
  throwIfAborted,
  type BoundedCopier,
  type CopyBounds,
  type CopyOptions,
  type HashedFile,
} from './backup-copy';
import { copiedHere, copyBoundedHere } from './copy-guards';
import { errorOfReply, WorkerLanes } from './worker-lanes';

/** Below this many bytes in all, starting the workers (~30 ms) is not won back. */
export const COPY_THREADS_MIN_BYTES = 64 * 1024 * 1024;
const THREADS = 2;
const CHUNK = 4 * 1024 * 1024;
/** Progress from a worker every this many bytes, and at the end of each file. */
const PROGRESS_EVERY = 16 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const cancelled = new Int32Array(workerData.cancel);
const buffer = Buffer.allocUnsafe(${String(CHUNK)});
parentPort.on('message', ({ id, input, output, limit, size }) => {
  let done = 0;
  let reported = 0;
  try {
    const hash = createHash('sha256');
    for (;;) {
      if (Atomics.load(cancelled, 0) !== 0) {
        parentPort.postMessage({ id, bytes: done - reported, cancelled: true });
        return;
      }
      const want = Math.min(buffer.length, limit + 1 - done);
      const read = fs.readSync(input, buffer, 0, want, done);
      if (read === 0) break;
      if (done + read > limit) {
        parentPort.postMessage({ id, bytes: done - reported, tooBig: true });
        return;
      }
      hash.update(buffer.subarray(0, read));
      let written = 0;
      while (written < read) written += fs.writeSync(output, buffer, written, read - written, done + written);
      done += read;
      if (done - reported >= ${String(PROGRESS_EVERY)}) {
        parentPort.postMessage({ id, bytes: done - reported });
        reported = done;
      }
      if (read < want && done >= size) break;
    }
    parentPort.postMessage({ id, bytes: done - reported, sha256: hash.digest('hex'), size: done });
  } catch (error) {
    parentPort.postMessage({ id, bytes: done - reported, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface Reply {
  id: number;
  bytes: number;
  sha256?: string;
  size?: number;
  cancelled?: true;
  tooBig?: true;
  error?: { message: string; code?: string };
}

interface Job {
  input: number;
  output: number;
  bounds: CopyBounds;
  options: CopyOptions;
  /** Bytes already reported for this job (a fallback reports only what comes after). */
  reported: number;
  resolve: (copied: HashedFile) => void;
  reject: (error: unknown) => void;
}

/** How many copies ran on a worker, and how many on this thread instead (the bench prints it). */
const counts = { workers: 0 };
export function readCopyThreadCounts(): { workers: number; here: number } {
  return { workers: counts.workers, here: copiedHere.count };
}

/**
 * Whether a restore of this many bytes copies on workers: SAKSHYA_RESTORE_COPY_THREADS=0 never,
 * =1 always (tests, the bench), otherwise from 64 MiB on a machine with more than one core.
 */
export function wantsCopyThreads(totalBytes: number): boolean {
  const chosen = process.env.SAKSHYA_RESTORE_COPY_THREADS;
  if (chosen === '0') return false;
  if (chosen === '1') return true;
  return totalBytes >= COPY_THREADS_MIN_BYTES && os.availableParallelism() > 1;
}

/** A bounded copier with two workers, or undefined (copies on this thread) when not worth it. */
export function startCopyThreads(
  totalBytes: number,
  signal?: AbortSignal,
): (BoundedCopier & { close(): Promise<void> }) | undefined {
  if (!wantsCopyThreads(totalBytes)) return undefined;
  return new CopyThreads(signal);
}

class CopyThreads extends WorkerLanes<Job, Reply> implements BoundedCopier {
  constructor(signal: AbortSignal | undefined) {
    super(WORKER_SOURCE, THREADS, signal);
  }

  copy(
    input: number,
    output: number,
    bounds: CopyBounds,
    options: CopyOptions,
  ): Promise<HashedFile> {
    throwIfAborted(options.signal);
    if (!this.hasWorkers) return this.copyHere(input, output, bounds, options);
    return new Promise((resolve, reject) => {
      this.enqueue({ input, output, bounds, options, reported: 0, resolve, reject });
    });
  }

  protected post(worker: Worker, id: number, job: Job): void {
    const { input, output, bounds } = job;
    worker.postMessage({ id, input, output, limit: bounds.limit, size: bounds.size });
  }

  /** Ends the job when the reply is its last; false for progress. */
  protected settle(job: Job, reply: Reply): boolean {
    if (reply.bytes > 0) {
      job.reported += reply.bytes;
      job.options.onBytes?.(reply.bytes);
    }
    if (reply.error !== undefined) {
      job.reject(errorOfReply(reply.error));
    } else if (reply.cancelled === true) {
      job.reject(new SakshyaError('CANCELLED'));
    } else if (reply.tooBig === true) {
      job.reject(new RefusedSourceError('too-big', job.bounds.source));
    } else if (reply.sha256 !== undefined && reply.size !== undefined) {
      counts.workers += 1;
      job.resolve({ sha256: reply.sha256, size: reply.size });
    } else {
      return false;
    }
    return true;
  }

  protected fallBack(job: Job): void {
    // From the first byte again, into an emptied temp: whatever the worker wrote is not counted,
    // and a tail it wrote past a shorter second read cannot stay behind unhashed.
    let skip = job.reported;
    const onBytes = job.options.onBytes;
    const options: CopyOptions = {
      ...job.options,
      onBytes: (bytes) => {
        const shown = Math.max(0, bytes - skip);
        skip = Math.max(0, skip - bytes);
        if (shown > 0) onBytes?.(shown);
      },
    };
    this.copyHere(job.input, job.output, job.bounds, options, true).then(job.resolve, job.reject);
  }

  private async copyHere(
    input: number,
    output: number,
    bounds: CopyBounds,
    options: CopyOptions,
    emptyFirst = false,
  ): Promise<HashedFile> {
    if (emptyFirst) fs.ftruncateSync(output, 0);
    return await copyBoundedHere(input, output, bounds, options);
  }
}
