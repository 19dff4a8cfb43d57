// Two worker threads that hash a backup's copies (a restore has its own: copy-threads.ts), so the
// hashing of one file runs beside the kernel's copy of the next ones, and beside this thread's
// renames and bookkeeping.
// Each worker reads the copy through the very descriptor copyThenHash opened (threads share the
// process's descriptors) into its own reused buffer, so the SHA-256 is still of the bytes that
// landed. SHA-256 cannot be split, so the 512 MiB video is hashed on one worker while the other
// hashes the rest (copies are started biggest first).
//
// Off unless SAKSHYA_BACKUP_HASH_THREADS=1: measured quietly (`BENCH_COMPARE=1 npm run bench --
// backup`, 2026-12-06 20:27, load 1.6), two workers made a full backup of 1.1 GB slower, not
// faster (4.87 and 5.88 s against 4.16 and 4.95 s hashed in this thread, alternating), and a
// restore no faster (5.80 s against 5.84 s): on 2 cores the workers compete with the kernel's
// copies for the same cores, and each hash reads its copy back across threads. Kept, tested, for
// machines with more cores. Never a dependency: if a worker cannot start or dies, each copy is
// hashed in this thread by hashOpenFile, from its first byte, as before.
//
// The worker's code is given inline (eval) rather than as a file: it needs only node:fs and
// node:crypto, so it needs no bundle entry of its own (scripts/build-main.mjs) and, run from
// source, no TypeScript loader, whose start-up in each worker would cost more than a small
// backup's whole hashing. The workers' start, queue, cancel flag and fallback are
// worker-lanes.ts's, shared with the restore's copy-threads.ts.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { SakshyaError } from '../../../shared/errors';
import { hashOpenFile, throwIfAborted, type CopyOptions, type HashedFile } from './backup-copy';
import { errorOfReply, WorkerLanes } from './worker-lanes';

/** What copyThenHash hashes a copy through. */
export interface CopyHasher {
  hash(fd: number, options: CopyOptions): Promise<HashedFile>;
  /** Stops the workers; a hash still running falls back to this thread. */
  close(): Promise<void>;
}

/** Below this many bytes in all (an incremental backup), starting workers is not won back. */
export const HASH_THREADS_MIN_BYTES = 64 * 1024 * 1024;
const THREADS = 2;

/** Progress is reported every this many bytes (a message per MiB would cost more than it tells). */
const PROGRESS_EVERY = 16 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const cancelled = new Int32Array(workerData.cancel);
const buffer = Buffer.allocUnsafe(1024 * 1024);
parentPort.on('message', ({ id, fd }) => {
  try {
    const hash = createHash('sha256');
    let size = 0;
    let reported = 0;
    for (;;) {
      if (Atomics.load(cancelled, 0) !== 0) {
        parentPort.postMessage({ id, cancelled: true });
        return;
      }
      const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, size);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      if (size - reported >= ${String(PROGRESS_EVERY)}) {
        parentPort.postMessage({ id, bytes: size - reported });
        reported = size;
      }
    }
    parentPort.postMessage({ id, bytes: size - reported, sha256: hash.digest('hex'), size });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

type Reply =
  | { id: number; bytes: number; sha256?: undefined; cancelled?: undefined; error?: undefined }
  | { id: number; bytes: number; sha256: string; size: number; cancelled?: undefined }
  | { id: number; cancelled: true }
  | { id: number; error: { message: string; code?: string } };

interface Job {
  fd: number;
  options: CopyOptions;
  resolve: (hashed: HashedFile) => void;
  reject: (error: unknown) => void;
}

/** Whether workers are worth starting for this much to hash. */
export function wantsHashThreads(totalBytes: number): boolean {
  return (
    process.env.SAKSHYA_BACKUP_HASH_THREADS === '1' &&
    totalBytes >= HASH_THREADS_MIN_BYTES &&
    os.availableParallelism() > 1
  );
}

/** Hashes in this thread: what a small run, or a run without workers, uses. */
export const IN_THREAD_HASHER: CopyHasher = {
  hash: (fd, options) => hashOpenFile(fd, options),
  close: () => Promise.resolve(),
};

/** Two hash workers for one run, or IN_THREAD_HASHER when they are not worth it. */
export function startHashThreads(totalBytes: number, signal?: AbortSignal): CopyHasher {
  if (!wantsHashThreads(totalBytes)) return IN_THREAD_HASHER;
  return new HashThreads(signal);
}

class HashThreads extends WorkerLanes<Job, Reply> implements CopyHasher {
  constructor(signal: AbortSignal | undefined) {
    super(WORKER_SOURCE, THREADS, signal);
  }

  hash(fd: number, options: CopyOptions): Promise<HashedFile> {
    throwIfAborted(options.signal);
    if (!this.hasWorkers) return hashOpenFile(fd, options);
    return new Promise((resolve, reject) => {
      this.enqueue({ fd, options, resolve, reject });
    });
  }

  protected post(worker: Worker, id: number, job: Job): void {
    worker.postMessage({ id, fd: job.fd });
  }

  protected settle(job: Job, reply: Reply): boolean {
    if ('error' in reply && reply.error !== undefined) {
      job.reject(errorOfReply(reply.error));
      return true;
    }
    if (reply.cancelled === true) {
      job.reject(new SakshyaError('CANCELLED'));
      return true;
    }
    job.options.onBytes?.(reply.bytes);
    if (reply.sha256 === undefined) return false;
    job.resolve({ sha256: reply.sha256, size: reply.size });
    return true;
  }

  protected fallBack(job: Job): void {
    // From the first byte again: hashOpenFile reads by position, so nothing read before counts.
    hashOpenFile(job.fd, job.options).then(job.resolve, job.reject);
  }
}
