// The restore's last step, moving the staged vault into her folder (backup-restore.ts
// moveIntoPlace), failing part-way: what it had moved is taken back, so that "nothing of the
// restore was left there" stays true; and when even that fails, the error says what was left.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeVaultLayout } from '../../../../main/core/vault/layout';
import { findVaultTraces } from '../../../../main/core/vault/manifest';
import { restoreVaultInto, backUpVaultOfSizes } from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const STAGING = /[/\\]tmp[/\\]restore-\d+-[0-9a-f]{12}$/;

afterEach(() => {
  vi.restoreAllMocks();
});

function driveError(): Error {
  return Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
}

/**
 * Makes renames into `target` fail with EIO once `failInto` names the one that fails (vault.json,
 * the last), and, with `failBack`, every rename out of `target` after it too.
 */
function breakRenames(target: string, failBack: boolean): void {
  const rename = fs.renameSync.bind(fs);
  let broken = false;
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    const source = String(from);
    const destination = String(to);
    if (STAGING.test(path.dirname(source)) && destination === path.join(target, 'vault.json')) {
      broken = true;
      throw driveError();
    }
    if (failBack && broken && path.dirname(source) === target) throw driveError();
    rename(from, to);
  });
}

describe('a restore whose move into place fails part-way', () => {
  it('takes back what it had moved when a folder is planted at vault.json meanwhile: no keys, objects or database are left', async () => {
    const usb = await backUpVaultOfSizes([20_000, 30_000]);
    const target = path.join(makeTempDir(), 'restored');
    const planted = path.join(target, 'vault.json');
    // Someone who can write in her folder puts a folder at vault.json while the copy runs.
    const restore = restoreVaultInto(target, usb, () => {
      fs.mkdirSync(path.join(planted, 'inside'), { recursive: true });
    });

    await expect(restore).rejects.toThrow();
    expect(findVaultTraces(describeVaultLayout(target))).toEqual([]);
    // Only what was planted: the tmp/ it made and its staging in it are gone too.
    expect(fs.readdirSync(target)).toEqual(['vault.json']);
  });

  it('takes back what it had moved when the drive fails at vault.json, so its message that nothing was left is true', async () => {
    const usb = await backUpVaultOfSizes([20_000, 30_000]);
    const target = path.join(makeTempDir(), 'restored');
    breakRenames(target, false);

    const restore = restoreVaultInto(target, usb);

    await expect(restore).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    await expect(restore).rejects.toThrow('nothing of the restore was left there');
    expect(findVaultTraces(describeVaultLayout(target))).toEqual([]);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('names what was left, and never says nothing was, when the drive fails the taking back too', async () => {
    const usb = await backUpVaultOfSizes([20_000, 30_000]);
    const target = path.join(makeTempDir(), 'restored');
    breakRenames(target, true);

    const restore = restoreVaultInto(target, usb);

    await expect(restore).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    const error = await restore.catch((caught: unknown) => caught);
    const message = error instanceof Error ? error.message : '';
    expect(message).not.toContain('nothing of the restore was left');
    expect(message).toContain(`part of the restored vault is left in ${target}`);
    const left = findVaultTraces(describeVaultLayout(target));
    expect(left.length).toBeGreaterThan(0);
    for (const trace of left) expect(message).toContain(trace.replace(/\/$/, ''));
    expect(message).toContain('the backup is unchanged');
  });
});
