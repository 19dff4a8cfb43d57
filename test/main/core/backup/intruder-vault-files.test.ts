// Someone who can write in the VAULT folder while the app is open (the vault unlocked, the keys in
// memory) but who does not know the passphrase. Deleting a file the vault needs only at the next
// unlock must not make the backups she goes on making, one after another, impossible to restore.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PASS, initVault, sakshya, vaultSubfolder } from '../../../helpers/backup-vault';
import { parseJson } from '../../../helpers/run-cli';

describe('a backup made while an intruder deletes vault files', () => {
  it('refuses to publish a generation without vault.json or a key file, and the last good one still restores', async () => {
    for (const victim of ['vault.json', 'keys/passphrase.age', 'keys/recovery.age']) {
      const { dir } = await initVault();
      const usb = makeTempDir('sakshya-usb-');
      const vault = await Vault.open(dir, PASS);
      const service = new BackupService(() => vault);
      try {
        await service.run({ folder: usb });
        fs.renameSync(path.join(dir, victim), path.join(makeTempDir(), 'gone'));
        // Five more backups would push the last good generation out (five are kept).
        for (let i = 0; i < 5; i += 1)
          await expect(service.run({ folder: usb })).rejects.toMatchObject({
            code: 'VAULT_NEEDS_REPAIR',
          });
      } finally {
        vault.lock();
      }
      expect(fs.readdirSync(path.join(vaultSubfolder(usb), 'generations'))).toEqual([
        '00000001.json',
      ]);
      const restored = path.join(makeTempDir(), 'restored');
      const restore = await sakshya(['--vault', restored, '--json', 'restore', '--from', usb]);
      expect(restore.code, restore.stdout + restore.stderr).toBe(0);
      expect(parseJson<{ generation: number }>(restore).generation).toBe(1);
    }
  });
});
