// Durable writes: every file that matters is written to a temp file in the same folder, fsynced,
// renamed over its final name, and the folder is fsynced so the rename itself survives a crash.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';

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
    fs.renameSync(temp, file);
    fsyncDirectory(dir);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
}

/** Writes a new file and refuses to replace an existing one (evidence is never overwritten). */
export function publishTempFile(temp: string, file: string): 'created' | 'existed' {
  if (fs.existsSync(file)) {
    fs.rmSync(temp, { force: true });
    return 'existed';
  }
  try {
    // link() fails with EEXIST instead of replacing, so a racing writer cannot clobber a file.
    fs.linkSync(temp, file);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') {
      fs.rmSync(temp, { force: true });
      return 'existed';
    }
    if (isErrnoException(error) && (error.code === 'EPERM' || error.code === 'ENOTSUP' || error.code === 'EXDEV')) {
      // Some file systems (FAT on USB sticks) have no hard links: fall back to rename after the check above.
      fs.renameSync(temp, file);
      fsyncDirectory(path.dirname(file));
      return 'created';
    }
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
  fs.rmSync(temp, { force: true });
  fsyncDirectory(path.dirname(file));
  return 'created';
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
