// A restore's target failing after the copy, while the restore is recorded in the staged vault
// (restore-record.ts): a disk that fills, or turns read-only. The error must name her folder, say
// what to do, and say of what was left only what is true. On small tmpfs mounts (as root; skipped
// where the runner cannot mount), in this process, so the disk changes at that very moment.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backUpVaultOfSizes, restoreVaultInto } from '../../../helpers/backup-vault';
import { canMount, mountTmpfs, remountTmpfs } from '../../../helpers/tmpfs';

/** Writes into `dir` until its disk is full. */
function fillDisk(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch {
    // ENOSPC: full.
  } finally {
    fs.closeSync(fd);
  }
}

/** A restore into `target` that calls `atEnd` once every file is copied, before the records. */
async function restoreFailing(target: string, usb: string, atEnd: () => void): Promise<unknown> {
  let done = false;
  try {
    const restored = await restoreVaultInto(target, usb, (progress) => {
      if (done || progress.done !== progress.total) return;
      done = true;
      atEnd();
    });
    restored.vault.lock();
    return new Error('the restore finished');
  } catch (error) {
    return error;
  }
}

describe('a restore whose folder fails while the restore is recorded', () => {
  it('says DISK_FULL of her folder with the room needed when the disk fills then, and leaves nothing there', async (context) => {
    if (!canMount()) {
      context.skip();
      return;
    }
    const usb = await backUpVaultOfSizes([200_000, 300_000]);
    const disk = mountTmpfs('size=16m');
    const target = path.join(disk, 'restored');

    const error = await restoreFailing(target, usb, () => {
      fillDisk(disk);
    });

    expect(error).toMatchObject({ code: 'DISK_FULL' });
    expect(String(error)).toContain(`the disk holding ${target} is full`);
    expect(String(error)).toContain('the backup is unchanged');
    expect(fs.readdirSync(disk)).toEqual(['filler']);
  });

  it('says NOT_WRITABLE of her folder when the disk turns read-only then, and names the copy it could not remove instead of saying nothing was left', async (context) => {
    if (!canMount()) {
      context.skip();
      return;
    }
    const usb = await backUpVaultOfSizes([200_000, 300_000]);
    const disk = mountTmpfs('size=16m');
    const target = path.join(disk, 'restored');

    const error = await restoreFailing(target, usb, () => {
      remountTmpfs(disk, 'ro');
    });

    expect(error).toMatchObject({ code: 'NOT_WRITABLE' });
    const message = String(error);
    expect(message).toContain(`${target} cannot be written`);
    expect(message).not.toContain('nothing of the restore was left');
    const [staging] = fs.readdirSync(path.join(target, 'tmp'));
    expect(message).toContain(`its unfinished copy in ${path.join(target, 'tmp', staging ?? '')}`);
    expect(message).toContain('the backup is unchanged');
    expect(fs.existsSync(path.join(target, 'vault.json'))).toBe(false);
    remountTmpfs(disk, 'rw');
  });
});
