// What went wrong writing a restore's new vault folder, said for a restore. The copy path's
// describeTargetError (backup-copy.ts) speaks of the backup drive ("the backup drive is full; the
// previous backup is intact"): true for a backup, which writes there, but a restore only reads
// the backup and writes her new folder, so that message sent her to free space on the wrong disk.
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { isErrnoException } from '../fs/atomic-write';

/** What a failed restore leaves: restoreBackup removes its staging and the folders it made. */
const NOTHING_LEFT = 'nothing of the restore was left there, and the backup is unchanged';

/** Errors that already say what the restore left, passed on as they are. */
const saysWhatWasLeft = new WeakSet<Error>();

/**
 * The move into place failed, and so did taking back what it had moved (the disk went read-only,
 * or away): `left` is in her folder, and must not be called nothing. Those are copies; deleting
 * them loses nothing, and a restore there refuses them until then.
 */
export function describeHalfPlaced(target: string, left: string[], error: unknown): SakshyaError {
  const described = new SakshyaError(
    'NOT_WRITABLE',
    `the restore could not finish moving the vault into ${target}, nor take back what it had moved: part of the restored vault is left in ${target} (${left.join(', ')}), and no vault there opens. They are copies, and the backup is unchanged: delete them, then restore again`,
    { cause: error },
  );
  saysWhatWasLeft.add(described);
  return described;
}

/**
 * The error for her, naming `target` and what to do; errors that are not about writing (a damaged
 * backup, a cancel, a temp swapped by a racer) pass as they are. `needBytes` is what the vault
 * takes on the disk, so she knows how much room to make. `kept` is the staging folder when it
 * could not be removed: then it is named, never called nothing.
 */
export function describeRestoreTargetError(
  error: unknown,
  target: string,
  needBytes: number,
  kept?: string,
): unknown {
  if (error instanceof Error && saysWhatWasLeft.has(error)) return error;
  const left = kept === undefined ? NOTHING_LEFT : describeKept(kept);
  const errno = errnoOf(error);
  if (errno === undefined) return kept === undefined ? error : withKept(error, left);
  // SQLITE_FULL: the restore's records are written into the staged database (restore-record.ts).
  if (errno === 'ENOSPC' || errno === 'EDQUOT' || errno === 'SQLITE_FULL')
    return new SakshyaError(
      'DISK_FULL',
      `the disk holding ${target} is full (the restored vault needs about ${describeBytes(needBytes)}); ${left}. Free some space there, or choose a folder on another disk, and restore again`,
      { cause: error },
    );
  // Asked of the disk, not read from the code: Node's recursive mkdir says ENOENT on a read-only
  // disk, and an EACCES may be the backup's own file, which is not hers to fix in the target.
  if (!canWriteNearest(target))
    return new SakshyaError(
      'NOT_WRITABLE',
      `${target} cannot be written (a read-only disk, or a folder you may not write in); ${left}. Choose another folder`,
      { cause: error },
    );
  if (errno === 'ENOENT' || errno === 'ENODEV' || errno === 'EIO')
    return new SakshyaError(
      'NOT_WRITABLE',
      `a drive went away while restoring into ${target} (was it unplugged?); ${left}. Plug it in and restore again`,
      { cause: error },
    );
  return kept === undefined ? error : withKept(error, left);
}

function describeKept(staging: string): string {
  return `its unfinished copy in ${staging} could not be removed (no vault there opens; it is only a copy, and the backup is unchanged: delete it once the disk can be written)`;
}

/** An error that passes as it is, with what the restore could not remove said after it. */
function withKept(error: unknown, kept: string): SakshyaError {
  const detail = error instanceof Error ? error.message : String(error);
  const code = error instanceof SakshyaError ? error.code : 'NOT_WRITABLE';
  return new SakshyaError(code, `${detail}; ${kept}`, { cause: error });
}

/** The system's (or SQLite's) error code behind `error`, also when describeTargetError wrapped it. */
function errnoOf(error: unknown): string | undefined {
  const raw = error instanceof SakshyaError ? error.cause : error;
  if (raw instanceof SakshyaError || !isErrnoException(raw)) return undefined;
  return raw.code;
}

/** Whether the nearest folder that exists on the way to `target` may be written (backup-run.ts too). */
export function canWriteNearest(target: string): boolean {
  let folder = target;
  while (!fs.existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function describeBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${String(Math.ceil(mb))} MB` : `${mb.toFixed(1)} MB`;
}
