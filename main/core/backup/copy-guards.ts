// Two checks against someone racing a backup or a restore with a live process in the folder she
// can write (trust review N2). Kept out of the copy path's own files so that path can change.
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { RefusedSourceError, createYielder, throwIfAborted, type CopyOptions } from './backup-copy';

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

const CHUNK = 1024 * 1024;

/**
 * Copies at most `limit` bytes of the open file `input` into the new file `temp`, and refuses
 * (RefusedSourceError 'too-big', the temp removed) as soon as one more byte arrives.
 * A restore knows each object's size from its manifest; fs.copyFile copies a file whole, so a
 * source that a live writer keeps growing after its size was checked would fill her disk before
 * the hash could refuse it. Written by hand because Node has no bounded copy_file_range.
 */
export async function copyAtMost(
  input: number,
  temp: string,
  limit: number,
  { source, signal }: { source: string; signal?: CopyOptions['signal'] },
): Promise<void> {
  const output = fs.openSync(
    temp,
    fs.constants.O_WRONLY |
      fs.constants.O_CREAT |
      fs.constants.O_EXCL |
      ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0),
    0o600,
  );
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1));
  const yieldNow = createYielder();
  let done = 0;
  try {
    for (;;) {
      throwIfAborted(signal);
      // One byte past the limit is asked for, so a longer source is known without reading more.
      const want = Math.min(buffer.length, limit + 1 - done);
      const read = fs.readSync(input, buffer, 0, want, done);
      if (read === 0) break;
      if (done + read > limit) throw new RefusedSourceError('too-big', source);
      let written = 0;
      while (written < read) written += fs.writeSync(output, buffer, written, read - written);
      done += read;
      await yieldNow();
    }
  } catch (error) {
    fs.closeSync(output);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(output);
}
