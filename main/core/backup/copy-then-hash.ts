// Copying one file for a backup or a restore: the kernel copies it (fs.copyFile, which is
// copy_file_range on Linux and a clone where the file system makes one), and this thread then
// hashes the copy, reading it back from the page cache into a reused buffer. The SHA-256 is of the
// bytes that landed in the copy, whatever happened to the source meanwhile. A restore (which knows
// each object's size) copies in one bounded pass instead (copy-guards.ts copyAtMostHashing), its
// loop on two worker threads (copy-threads.ts).
//
// Measured (2-core VM, 4,028 vault files, 1.1 GB, load 10-15): reading each file whole into a new
// Buffer (fs.readFile) cost 3.1 s of kernel time in page faults alone, against 0.22 s for the same
// reads into one reused buffer; read, hash and write through this process took 4.1 s of CPU where
// fs.copyFile took 1.7 s (as `cp -r`, which also uses copy_file_range, takes 1.0-1.75 s).
// SHA-256 runs at ~1.4 GB/s here (SHA extensions), so reading the copy back to hash it costs
// ~0.9 s of one core per GB while the thread pool copies the next files on the other.
import fs from 'node:fs';
import { promisify } from 'node:util';
import {
  describeTargetError,
  hashOpenFile,
  openCopySource,
  RefusedSourceError,
  type CopyOptions,
} from './backup-copy';
import { timePhase } from './backup-phases';
import { copyAtMostHashing } from './copy-guards';

const TEMP_NOFOLLOW = (fs.constants.O_NOFOLLOW as number | undefined) ?? 0;
const copyFileAsync = promisify(fs.copyFile);
// A clone where the file system makes one (btrfs, XFS, APFS); otherwise a copy, silently.
const COPY_MODE = fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE;

/**
 * Copies this small are made on this thread (fs.copyFileSync: one copy_file_range of a few KiB
 * from the page cache, microseconds) rather than on the thread pool, whose hop there and back
 * costs far more than that (the vault's ~2,000 sidecars are ~1 KiB each).
 */
export const SYNC_COPY_MAX_BYTES = 64 * 1024;

/**
 * Where the source can be opened again as the very file that was checked: on Linux, through the
 * checked descriptor itself (/proc/self/fd), so nobody can swap a named pipe in between the check
 * and the copy. Elsewhere the path, checked just before.
 */
const procFd = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

/**
 * Copies `source` to a new file `temp` (which must not exist), then hashes the copy. Returns its
 * SHA-256 and size, and `fd`, the copy opened for the caller's SyncBatch (which makes it durable
 * and closes it). On failure the copy is removed. Errors opening the source are thrown as they are
 * (a restore names a missing object); a source that is not a plain file (openPlainFile opens it
 * with O_NOFOLLOW | O_NONBLOCK, so a link or a named pipe never blocks), or one longer than
 * `options.maxBytes` (a restore passes the manifest's size, so a planted huge file is never
 * copied), as RefusedSourceError; others go through describeTargetError.
 *
 * One hop to the thread pool per file at most (the copy itself): the opens, fstats and closes
 * around it are synchronous (see openPlainFile).
 */
export async function copyThenHash(
  source: string,
  temp: string,
  options: CopyOptions = {},
  { onePass = false }: { onePass?: boolean } = {},
): Promise<{ sha256: string; size: number; fd: number }> {
  const { fd: input, size } = openCopySource(source, options);
  try {
    // Never past the size checked, however fast a live writer grows it (trust review N2): a
    // restore reads, hashes and writes in one pass, at most the listed size and one byte. So does
    // a backup told to copy in one pass (one-pass-copy.ts), with no limit but the file's end.
    if (options.maxBytes !== undefined || onePass)
      return await copyAtMostHashing(
        input,
        temp,
        { limit: options.maxBytes ?? Number.MAX_SAFE_INTEGER, size, source },
        options,
      );
    return await copyThenHashOpen({ input, size, source }, temp, options);
  } catch (error) {
    if (error instanceof RefusedSourceError) throw error;
    throw describeTargetError(error);
  } finally {
    fs.closeSync(input);
  }
}

/** The kernel copy of the open, checked `input` to `temp`, then the copy hashed. */
async function copyThenHashOpen(
  { input, size, source }: { input: number; size: number; source: string },
  temp: string,
  options: CopyOptions,
): Promise<{ sha256: string; size: number; fd: number }> {
  const copyFrom = procFd ? `/proc/self/fd/${String(input)}` : source;
  let output: number | undefined;
  let created = false;
  try {
    await timePhase('copy', async () => {
      if (size <= SYNC_COPY_MAX_BYTES) fs.copyFileSync(copyFrom, temp, COPY_MODE);
      else await copyFileAsync(copyFrom, temp, COPY_MODE);
    });
    created = true;
    // Not through a link or into a pipe someone swapped in for the temp meanwhile (trust review N2).
    output = fs.openSync(temp, fs.constants.O_RDWR | TEMP_NOFOLLOW);
    const made = fs.fstatSync(output);
    if (!made.isFile()) throw new RefusedSourceError('not-plain', temp);
    // copyFile gives the copy the source's mode; ours are never readable by others. The vault
    // writes its files 0600 already: a chmod each then only costs a metadata write per file.
    if ((made.mode & 0o777) !== 0o600) fs.fchmodSync(output, 0o600);
    const fd = output;
    const hashed = await timePhase('hash', () =>
      options.hasher === undefined ? hashOpenFile(fd, options) : options.hasher.hash(fd, options),
    );
    return { ...hashed, fd: output };
  } catch (error) {
    if (output !== undefined) fs.closeSync(output);
    if (created) fs.rmSync(temp, { force: true });
    throw error;
  }
}
