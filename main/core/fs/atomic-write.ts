// Durable writes: every file that matters is written to a temp file in the same folder, fsynced,
// renamed over its final name, and the folder is fsynced so the rename itself survives a crash.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { canHardLink, isLinkRefusal, noteHardLinksRefused } from './hard-links';

export function fsyncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function makeTempPath(dir: string, hint = 'tmp'): string {
  return path.join(dir, `.${hint}-${randomBytes(8).toString('hex')}.partial`);
}

/** Replaces (or creates) `file` with `data` so that a crash leaves either the old or the new bytes. */
export function writeFileAtomic(file: string, data: Uint8Array | string, mode = 0o600): void {
  const dir = path.dirname(file);
  const temp = makeTempPath(dir, path.basename(file));
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', mode);
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    renameWithRetry(temp, file);
    fsyncDirectory(dir);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
}

/**
 * Writes a new file and refuses to replace an existing one (evidence is never overwritten).
 * `temp` is complete and fsynced. Where the file system makes hard links, link() publishes it:
 * it fails with EEXIST rather than replace, so a racing writer cannot clobber a file. Whether it
 * does is probed once for the temp file's folder (hard-links.ts).
 */
export function publishTempFile(temp: string, file: string): 'created' | 'existed' {
  if (fs.existsSync(file)) {
    fs.rmSync(temp, { force: true });
    return 'existed';
  }
  const folder = path.dirname(temp);
  if (!canHardLink(folder)) return publishByClaimedRename(temp, file);
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') {
      fs.rmSync(temp, { force: true });
      return 'existed';
    }
    if (isLinkRefusal(error)) {
      noteHardLinksRefused(folder);
      return publishByClaimedRename(temp, file);
    }
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
  fs.rmSync(temp, { force: true });
  fsyncDirectory(path.dirname(file));
  return 'created';
}

/** A claim older than this was left by a crash: a publish holds one for milliseconds. */
const STALE_CLAIM_MS = 10_000;

/**
 * Publishing without hard links (FAT32, exFAT), as atomic as link():
 *  - the final name appears only through rename() of the complete, fsynced temp file, which every
 *    file system (FAT included) does in one step: a crash leaves no file or the whole file, never
 *    a part (an exclusive create plus copy, COPYFILE_EXCL, would leave a part);
 *  - nothing is overwritten: the rename runs only while this publisher holds `<file>.claim`, a
 *    folder made with mkdir(), which is atomic and exclusive on every file system (on Windows,
 *    CreateDirectory fails if the name exists), and only after seeing the name still free while
 *    holding it. Every publisher of that name (the app, the CLI) goes through the same claim, so
 *    check and rename cannot interleave with another's.
 * A crash while holding leaves only an empty claim folder, no stored file; once it is older than
 * any publish could take, the next publisher removes it and goes on.
 */
function publishByClaimedRename(temp: string, file: string): 'created' | 'existed' {
  const claim = `${file}.claim`;
  if (!takeClaim(claim, file)) {
    fs.rmSync(temp, { force: true });
    return 'existed';
  }
  try {
    if (fs.existsSync(file)) {
      fs.rmSync(temp, { force: true });
      return 'existed';
    }
    renameWithRetry(temp, file);
    fsyncDirectory(path.dirname(file));
    return 'created';
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  } finally {
    fs.rmSync(claim, { recursive: true, force: true });
  }
}

/** Takes the claim; false once the publisher holding it has published the name. */
function takeClaim(claim: string, file: string): boolean {
  for (;;) {
    try {
      fs.mkdirSync(claim);
      return true;
    } catch (error) {
      if (!isErrnoException(error) || error.code !== 'EEXIST') throw translateFsError(error);
    }
    // Another process is publishing this very name (identical content): wait for it.
    if (fs.existsSync(file)) return false;
    if (isStale(claim)) fs.rmSync(claim, { recursive: true, force: true });
    else sleepSync(10);
  }
}

function isStale(claim: string): boolean {
  try {
    return Date.now() - fs.statSync(claim).mtimeMs > STALE_CLAIM_MS;
  } catch {
    return false;
  }
}

/** Windows reports a file held open by another program (antivirus, indexer, sync client) so. */
const TRANSIENT_RENAME_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);
const RENAME_RETRY_MS = 3_000;

/**
 * rename(), retried with backoff for a few seconds while the target is held open by another
 * program, as graceful-fs does on Windows: a virus scanner or the search indexer briefly opening
 * settings.json or a key file must not fail the write. The retry runs on every system (on Linux
 * and macOS these codes are permanent and only delay the same error), so tests here exercise it.
 */
export function renameWithRetry(from: string, to: string): void {
  const started = Date.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 250)) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (error) {
      const transient = isErrnoException(error) && TRANSIENT_RENAME_CODES.has(error.code ?? '');
      if (!transient || Date.now() - started + delay > RENAME_RETRY_MS) throw error;
    }
    sleepSync(delay);
  }
}

/** Blocks this thread; used only between retries of a synchronous file operation. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

export function translateFsError(error: unknown): unknown {
  if (isErrnoException(error)) {
    if (error.code === 'ENOSPC' || error.code === 'EDQUOT') {
      return new SakshyaError('DISK_FULL', 'no space left on the device', { cause: error });
    }
  }
  return error;
}
