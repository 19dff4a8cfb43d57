// Copying one file for a backup or a restore in one pass: each chunk of the source is read once into
// a reused buffer, hashed there, and written from that same buffer to the temp file. Off unless
// SAKSHYA_BACKUP_COPY=one-pass: measured against the kernel copy then read-back (copy-then-hash.ts)
// in the same bench runs, alternating, it was slower in 5 of 6 full backups on this 2-core machine
// under load (its read and write cost more system time than copy_file_range and a read from the
// page cache, and a hop to the thread pool per 4 MiB); figures in README.md.
//
// Why the hash is still of the bytes that landed: write(2) copies exactly the buffer it is given
// into the file's pages before it returns, and the buffer is hashed before that write and not
// touched again until every byte of it was written (a short write is written again from where it
// stopped). So the bytes hashed are the bytes the file holds, and the SyncBatch's syncfs (or fsync)
// makes those pages durable before the rename, as for the kernel copy. Reading the copy back from
// the page cache, as copy-then-hash.ts does, reads those same pages: it proves nothing more, and
// neither catches a write lost on the drive, which `backup verify` does by reading the object.
// The temp file is created here (O_CREAT | O_EXCL | O_NOFOLLOW, 0600) and written only through
// this descriptor, so nothing can be swapped in for it between the copy and the hash (trust review
// N2, which copy-then-hash.ts closes by opening its copy again and checking it).
//
// The reads and writes go to libuv's thread pool (an async hop per chunk of up to 4 MiB), while
// the hashing runs on this thread: with four files in flight (runPool), one file is hashed while
// the others are read or written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import {
  describeTargetError,
  openCopySource,
  RefusedSourceError,
  throwIfAborted,
  type CopyOptions,
} from './backup-copy';
import { startPhase, timePhase } from './backup-phases';
import { copyThenHash } from './copy-then-hash';

function readAsync(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, 0, length, position, (error, bytesRead) => {
      if (error === null) resolve(bytesRead);
      else reject(error);
    });
  });
}

function writeAsync(fd: number, chunk: Buffer, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.write(fd, chunk, offset, chunk.length - offset, position, (error, bytesWritten) => {
      if (error === null) resolve(bytesWritten);
      else reject(error);
    });
  });
}
const openAsync = promisify(fs.open);
const closeAsync = promisify(fs.close);

/** 4 MiB: fewer hops for a big file (a video); a screenshot is read in one. */
const CHUNK = 4 * 1024 * 1024;
/** One buffer per file in flight (runPool runs four), kept for the next file. */
const spare: Buffer[] = [];
const SPARE_KEPT = 4;

const NEW_TEMP_FLAGS =
  fs.constants.O_WRONLY |
  fs.constants.O_CREAT |
  fs.constants.O_EXCL |
  ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0);

/** Whether backups and restores copy in one pass rather than by the kernel (the default). */
export function usesOnePassCopy(): boolean {
  return process.env.SAKSHYA_BACKUP_COPY === 'one-pass';
}

/** The copy a run uses, chosen once per run (the bench alternates them). */
export function pickCopy(): typeof copyHashing {
  return usesOnePassCopy() ? copyHashing : copyThenHash;
}

/**
 * Copies `source` to a new file `temp` (which must not exist) in one pass, hashing every byte as it
 * is written. Returns its SHA-256 and size, and `fd`, the copy's descriptor for the caller's
 * SyncBatch (which makes it durable and closes it). On failure the copy is removed. As
 * copyThenHash: errors opening the source are thrown as they are, a source that is not a plain
 * file or is longer than `options.maxBytes` (after reading at most that many bytes and one more)
 * as RefusedSourceError, others through describeTargetError.
 */
export async function copyHashing(
  source: string,
  temp: string,
  options: CopyOptions = {},
): Promise<{ sha256: string; size: number; fd: number }> {
  const { fd: input, size } = openCopySource(source, options);
  let output: number | undefined;
  const buffer = spare.pop() ?? Buffer.allocUnsafe(CHUNK);
  try {
    const limit = options.maxBytes;
    output = await openAsync(temp, NEW_TEMP_FLAGS, 0o600);
    const fd = output;
    const hash = crypto.createHash('sha256');
    let written = 0;
    for (;;) {
      throwIfAborted(options.signal);
      // Never more than the listed size and one byte: a file grown since the fstat is refused.
      const want =
        limit === undefined ? buffer.length : Math.min(buffer.length, limit + 1 - written);
      const bytesRead = await timePhase('copy', () => readAsync(input, buffer, want, written));
      if (bytesRead === 0) break;
      if (limit !== undefined && written + bytesRead > limit)
        throw new RefusedSourceError('too-big', source);
      const chunk = buffer.subarray(0, bytesRead);
      const hashed = startPhase('hash');
      hash.update(chunk);
      hashed();
      await timePhase('copy', () => writeWhole(fd, chunk, written));
      written += bytesRead;
      options.onBytes?.(bytesRead);
      // A short read at the size fstat gave is the end: no further read (a hop) to learn it. A short
      // read before it (a network file system may give one) reads on, to a read of nothing.
      if (bytesRead < want && written >= size) break;
    }
    return { sha256: hash.digest('hex'), size: written, fd };
  } catch (error) {
    if (output !== undefined) {
      fs.closeSync(output);
      // Only a temp this call created (O_EXCL): never a file someone else put there.
      fs.rmSync(temp, { force: true });
    }
    if (error instanceof RefusedSourceError) throw error;
    throw describeTargetError(error);
  } finally {
    if (spare.length < SPARE_KEPT) spare.push(buffer);
    await closeAsync(input);
  }
}

/** Writes every byte of `chunk` at `position`, again from where a short write stopped. */
async function writeWhole(fd: number, chunk: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < chunk.length) {
    done += await writeAsync(fd, chunk, done, position + done);
  }
}
