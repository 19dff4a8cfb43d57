// Two checks against someone racing a backup or a restore with a live process in the folder she
// can write (trust review N2). Kept out of the copy path's own files so that path can change.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import {
  RefusedSourceError,
  createYielder,
  throwIfAborted,
  type CopyBounds,
  type CopyOptions,
  type HashedFile,
} from './backup-copy';

/**
 * Refuses to rename `temp` into place unless it is still the very file whose descriptor `fd` was
 * hashed and made durable: same device and inode, a plain file. Someone who swapped the temp for
 * another file (or a link) after the hash would otherwise have that file renamed into objects/
 * and its stamp recorded as trusted, so later backups never hash it again.
 */
export function assertTempIsTheCopy(fd: number, temp: string): void {
  const held = fs.fstatSync(fd, { bigint: true });
  let now: fs.BigIntStats | null = null;
  try {
    now = fs.lstatSync(temp, { bigint: true });
  } catch {
    now = null;
  }
  if (now?.isFile() !== true || now.dev !== held.dev || now.ino !== held.ino)
    throw new SakshyaError(
      'NOT_WRITABLE',
      `${path.basename(temp)} was replaced by another file while it was being written (someone else is writing in ${path.dirname(temp)}); nothing was published, and what was there before is intact`,
    );
}

/** 4 MiB: a screenshot is read in one hop to the thread pool, a video in few. */
const CHUNK = 4 * 1024 * 1024;
/** One buffer per copy in flight (runPool runs four), kept for the next copy. */
const spare: Buffer[] = [];
const SPARE_KEPT = 4;

const NEW_TEMP_FLAGS =
  fs.constants.O_RDWR |
  fs.constants.O_CREAT |
  fs.constants.O_EXCL |
  ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0);

function readAsync(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, 0, length, position, (error, bytesRead) => {
      if (error === null) resolve(bytesRead);
      else reject(error);
    });
  });
}

/**
 * Copies at most `limit` bytes of the open file `input` into the new file `temp`, hashing each
 * chunk between its read and its write, and refuses (RefusedSourceError 'too-big', the temp
 * removed) as soon as one more byte arrives. Returns the SHA-256 and size of what was written and
 * the temp's descriptor (for the caller's SyncBatch, which makes it durable and closes it).
 *
 * A restore knows each object's size from its manifest; fs.copyFile copies a file whole, so a
 * source that a live writer keeps growing after its size was checked would fill her disk before
 * the hash could refuse it. Written by hand because Node has no bounded copy_file_range.
 *
 * The hash is of the bytes in the copy: each chunk is hashed from the buffer that is then written,
 * whole, before the buffer is touched again, into a temp this call created (O_EXCL | O_NOFOLLOW,
 * 0600) and writes only through its own descriptor (as one-pass-copy.ts). The temp is created,
 * and the source was opened and checked, on this thread; the loop itself runs on `options.copier`
 * when given (a restore's two worker threads, copy-threads.ts), else here (copyBoundedHere).
 */
export async function copyAtMostHashing(
  input: number,
  temp: string,
  bounds: CopyBounds,
  options: CopyOptions,
): Promise<{ sha256: string; size: number; fd: number }> {
  const output = fs.openSync(temp, NEW_TEMP_FLAGS, 0o600);
  try {
    // The loop runs on a restore's copy workers when it has them (copy-threads.ts): they share
    // this process's descriptors, so the source and the temp opened and checked here are the very
    // files they read and write.
    const copied =
      options.copier === undefined
        ? await copyBoundedHere(input, output, bounds, options)
        : await options.copier.copy(input, output, bounds, options);
    return { ...copied, fd: output };
  } catch (error) {
    fs.closeSync(output);
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The bounded loop on this thread: each chunk read on the thread pool, hashed, then written whole
 * into `output` at its place, at most `limit` bytes (one more is asked for, to know a longer
 * source without reading further). What copy-threads.ts's workers run, and their fallback.
 */
/** How many bounded copies ran on this thread (copy-threads.ts reads it for the bench). */
export const copiedHere = { count: 0 };

export async function copyBoundedHere(
  input: number,
  output: number,
  { limit, size, source }: CopyBounds,
  options: CopyOptions,
): Promise<HashedFile> {
  const buffer = spare.pop() ?? Buffer.allocUnsafe(CHUNK);
  const hash = crypto.createHash('sha256');
  const yieldNow = createYielder();
  let done = 0;
  try {
    for (;;) {
      throwIfAborted(options.signal);
      // One byte past the limit is asked for, so a longer source is known without reading more.
      const want = Math.min(buffer.length, limit + 1 - done);
      const read = await readAsync(input, buffer, want, done);
      if (read === 0) break;
      if (done + read > limit) throw new RefusedSourceError('too-big', source);
      hash.update(buffer.subarray(0, read));
      let written = 0;
      while (written < read)
        written += fs.writeSync(output, buffer, written, read - written, done + written);
      done += read;
      options.onBytes?.(read);
      // A short read at the size fstat gave is the end: the limit and one byte were asked for and
      // fewer came (no further read, a hop, to learn it). One before it (a network file system
      // may give one) reads on.
      if (read < want && done >= size) break;
      await yieldNow();
    }
  } finally {
    if (spare.length < SPARE_KEPT) spare.push(buffer);
  }
  copiedHere.count += 1;
  return { sha256: hash.digest('hex'), size: done };
}
