// Copying one file for a backup in one pass: each chunk of the source is read once into a reused
// buffer, hashed there, and written from that same buffer to the temp file (copy-guards.ts
// copyAtMostHashing, the loop a restore always uses, there bounded by the manifest's size). Off
// for a backup unless SAKSHYA_BACKUP_COPY=one-pass: measured against the kernel copy then read-back
// (copy-then-hash.ts) in the same bench runs, alternating, it was slower in 5 of 6 full backups on
// this 2-core machine under load, and within noise quietly; figures in README.md.
//
// Why the hash is still of the bytes that landed: write(2) copies exactly the buffer it is given
// into the file's pages before it returns, and the buffer is hashed before that write and not
// touched again until every byte of it was written (a short write is written again from where it
// stopped). So the bytes hashed are the bytes the file holds, and the SyncBatch's syncfs (or fsync)
// makes those pages durable before the rename, as for the kernel copy. Reading the copy back from
// the page cache, as copy-then-hash.ts does, reads those same pages: it proves nothing more, and
// neither catches a write lost on the drive, which `backup verify` does by reading the object.
// The temp file is created by the copy (O_CREAT | O_EXCL | O_NOFOLLOW, 0600) and written only
// through its descriptor, so nothing can be swapped in for it between the copy and the hash (trust
// review N2, which the kernel copy closes by opening its copy again and checking it).
import type { CopyOptions } from './backup-copy';
import { copyThenHash } from './copy-then-hash';

/** Whether backups copy in one pass rather than by the kernel (the default). */
export function usesOnePassCopy(): boolean {
  return process.env.SAKSHYA_BACKUP_COPY === 'one-pass';
}

/** The copy a run uses, chosen once per run (the bench alternates them). */
export function pickCopy(): typeof copyHashing {
  return usesOnePassCopy() ? copyHashing : copyThenHash;
}

/**
 * Copies `source` to a new file `temp` (which must not exist) in one pass, hashing every byte as it
 * is written; otherwise as copyThenHash (its result, its refusals, its errors).
 */
export function copyHashing(
  source: string,
  temp: string,
  options: CopyOptions = {},
): Promise<{ sha256: string; size: number; fd: number }> {
  return copyThenHash(source, temp, options, { onePass: true });
}
