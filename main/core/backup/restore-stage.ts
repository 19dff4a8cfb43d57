// Where a restore copies the backup before anything is moved into place: a staging folder in the
// new vault folder's tmp/, and what is left of one a killed restore could not remove itself.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { RESTORE_STAGING } from '../vault/leftover-temp-files';
import { describeTargetError } from './backup-copy';

/**
 * A new staging folder for this restore, after removing what killed restores left in the same
 * target. Its name carries this process's id, so a later restore can tell a dead one's from a
 * live one's.
 */
export function makeStaging(target: string): string {
  refuseForeignTemp(target);
  removeDeadStaging(target);
  const name = `restore-${String(process.pid)}-${crypto.randomBytes(6).toString('hex')}`;
  const staging = path.join(target, 'tmp', name);
  try {
    fs.mkdirSync(path.dirname(staging), { recursive: true, mode: 0o700 });
    // Not recursive: a folder someone put at this name meanwhile is never taken for ours.
    fs.mkdirSync(staging, { mode: 0o700 });
  } catch (error) {
    throw describeTargetError(error);
  }
  return staging;
}

/**
 * A `tmp` in her folder that is a link (or a file) is refused, never followed: through a link to
 * another folder (her real vault's, say) the restore made its staging there, copies of the whole
 * vault, and removed whatever there was named like a dead restore's; the new vault then kept the
 * link as its own tmp/. Left as it is, for her to look at.
 */
function refuseForeignTemp(target: string): void {
  const tmp = path.join(target, 'tmp');
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(tmp);
  } catch {
    return; // Not there: made as a folder of our own.
  }
  if (!stat.isDirectory())
    throw new SakshyaError(
      'NOT_WRITABLE',
      `${tmp} is not a folder (a link or a file, which a restore never makes); nothing was changed. Remove it, or choose another folder, and restore again`,
    );
}

/**
 * A restore killed mid-copy (a crash, a power cut, the app closed by force) cannot remove its
 * staging folder: copies of every file it reached, up to the whole vault, all encrypted. Once her
 * next restore into that folder made a vault there, they stayed in its tmp/ for ever, which the
 * vault never clears (it removes only old `.partial` files) and `check` named at every run. The
 * target holds no vault (the restore refused one before this), so a staging folder whose process
 * is gone is dead; one whose process still runs is left as it is.
 */
function removeDeadStaging(target: string): void {
  const tmp = path.join(target, 'tmp');
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return; // No tmp/ yet: nothing was left.
  }
  for (const name of names) {
    const match = RESTORE_STAGING.exec(name);
    if (match === null) continue;
    if (match[1] !== undefined && isRunning(Number(match[1]))) continue;
    // rmSync removes a link itself, never what it points at.
    fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
}

/** Whether a process with this id runs on this computer (EPERM: it does, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
