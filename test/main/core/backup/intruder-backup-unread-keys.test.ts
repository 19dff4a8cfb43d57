// A passphrase change must reach every generation of hers (backup README: the old passphrase opens
// none). Since a backup run reads manifests within a budget, someone who can write in the backup
// folder (and knows her old passphrase) plants big manifests under higher numbers, so that her own
// generations are left unread; after she changes her passphrase, the next run must still replace
// their key files, or the old passphrase goes on opening them.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import {
  generationFile,
  makeVaultWithShots,
  objectOfListed,
  PASS,
  readGenerationEntries,
  plantManifest,
  PLANTED_BYTES,
} from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

function keyFileOf(usb: string, seq: number): string | undefined {
  return readGenerationEntries(usb, seq).find((entry) => entry.path === 'keys/passphrase.age')
    ?.sha256;
}

describe('a passphrase change beside big planted manifests', () => {
  it('replaces the key files of her generations the run left unread for its budget, and removes the old ones', async () => {
    const vault = await makeVaultWithShots(2, 10_000);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      await service.run({ folder: usb });
      const oldKey = keyFileOf(usb, 1);
      expect(oldKey).toBeDefined();
      expect(keyFileOf(usb, 2)).toBe(oldKey);
      const oldKeyObject = objectOfListed(usb, 1, 'keys/passphrase.age');
      expect(fs.existsSync(oldKeyObject)).toBe(true);
      [10, 11].forEach((seq) => {
        plantManifest(usb, seq);
      });

      await vault.changePassphrase(PASS, 'a new passphrase she told no one', { scryptLogN: 10 });
      // Room for the two planted ones only: both of hers are left unread.
      const run = await service.run({ folder: usb, manifestBytes: 2 * PLANTED_BYTES + 100 });

      expect(run.generation).toBe(3);
      const newKey = keyFileOf(usb, 3);
      expect(newKey).not.toBe(oldKey);
      // Neither of hers still lists the key file the old passphrase opens.
      expect(keyFileOf(usb, 1)).toBe(newKey);
      expect(keyFileOf(usb, 2)).toBe(newKey);
      // Nor is the old key file left in objects/ (prune removes nothing else while one is unread).
      expect(fs.existsSync(oldKeyObject)).toBe(false);
      expect(fs.existsSync(objectOfListed(usb, 1, 'keys/passphrase.age'))).toBe(true);
      expect(run.keyFilesReplaced).toBe(2);
    } finally {
      vault.lock();
    }
  }, 120_000);
  it('removes the old key files after a passphrase change even beside a planted manifest it cannot read', async () => {
    const vault = await makeVaultWithShots(2, 10_000);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      const oldKeyObject = objectOfListed(usb, 1, 'keys/passphrase.age');
      // Junk under a higher number: damage, which prune takes as "might name anything".
      fs.writeFileSync(generationFile(usb, 9), 'not a manifest');

      await vault.changePassphrase(PASS, 'a new passphrase she told no one', { scryptLogN: 10 });
      const run = await service.run({ folder: usb });

      expect(run.keyFilesReplaced).toBe(1);
      expect(keyFileOf(usb, 1)).toBe(keyFileOf(usb, run.generation));
      expect(fs.existsSync(oldKeyObject)).toBe(false);
      expect(fs.readFileSync(generationFile(usb, 9), 'utf8')).toBe('not a manifest');
    } finally {
      vault.lock();
    }
  }, 120_000);
});
