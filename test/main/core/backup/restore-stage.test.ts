// The restore's staging folder in the target's tmp/ (restore-stage.ts), against someone who can
// write in the folder she restores into but has no passphrase: a `tmp` planted there as a link to
// another folder must not make the restore write into that folder, nor remove anything from it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { describeVaultLayout } from '../../../../main/core/vault/layout';
import { findVaultTraces } from '../../../../main/core/vault/manifest';
import { makeVaultOfSizes, restoreVaultInto } from '../../../helpers/backup-vault';
import { makeTempDir, snapshotTree } from '../../../helpers/temp-dir';

/** A process id no process has (above Linux's largest pid_max), so its staging looks dead. */
const DEAD_PID = 99_999_999;

/** Her vault, still in use on this computer, and a backup of it. */
async function herVaultAndBackup(): Promise<{ objects: string; usb: string }> {
  const vault = await makeVaultOfSizes([20_000, 30_000]);
  const usb = makeTempDir('sakshya-usb-');
  await new BackupService(() => vault).run({ folder: usb });
  const objects = vault.layout.objects;
  vault.lock();
  return { objects, usb };
}

describe('a restore into a folder whose tmp is a planted link', () => {
  it('refuses with NOT_WRITABLE and writes nothing into her real vault, which the link points at', async () => {
    const { objects, usb } = await herVaultAndBackup();
    const before = snapshotTree(objects);
    const target = path.join(makeTempDir(), 'restored');
    fs.mkdirSync(target);
    fs.symlinkSync(objects, path.join(target, 'tmp'));

    let stagedInHerVault = false;
    const restore = restoreVaultInto(target, usb, () => {
      if (fs.readdirSync(objects).some((name) => name.startsWith('restore-')))
        stagedInHerVault = true;
    });

    await expect(restore).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    await expect(restore).rejects.toThrow(`${path.join(target, 'tmp')} is not a folder`);
    expect(stagedInHerVault).toBe(false);
    expect(snapshotTree(objects)).toEqual(before);
    expect(findVaultTraces(describeVaultLayout(target))).toEqual([]);
    // The link is hers to look at: left as it was.
    expect(fs.readlinkSync(path.join(target, 'tmp'))).toBe(objects);
  });

  it('removes nothing from the folder the link points at, even what is named like a dead restore', async () => {
    const { usb } = await herVaultAndBackup();
    const elsewhere = makeTempDir('sakshya-elsewhere-');
    const named = path.join(elsewhere, `restore-${String(DEAD_PID)}-0123456789ab`);
    fs.mkdirSync(named);
    fs.writeFileSync(path.join(named, 'not-the-restores.txt'), 'kept');
    const target = path.join(makeTempDir(), 'restored');
    fs.mkdirSync(target);
    fs.symlinkSync(elsewhere, path.join(target, 'tmp'));

    await expect(restoreVaultInto(target, usb)).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    expect(fs.readFileSync(path.join(named, 'not-the-restores.txt'), 'utf8')).toBe('kept');
  });

  it('still removes a dead restore’s staging folder, and only the link of one planted as a link', async () => {
    const { objects, usb } = await herVaultAndBackup();
    const before = snapshotTree(objects);
    const target = path.join(makeTempDir(), 'restored');
    const tmp = path.join(target, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const dead = path.join(tmp, `restore-${String(DEAD_PID)}-0123456789ab`);
    fs.mkdirSync(path.join(dead, 'objects'), { recursive: true });
    fs.writeFileSync(path.join(dead, 'objects', 'copy.age'), 'a killed restore’s copy');
    const link = path.join(tmp, `restore-${String(DEAD_PID)}-ba9876543210`);
    fs.symlinkSync(objects, link);

    const restored = await restoreVaultInto(target, usb);
    restored.vault.lock();

    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(link)).toBe(false);
    expect(snapshotTree(objects)).toEqual(before);
  });
});
