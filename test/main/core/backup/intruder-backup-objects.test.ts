// Someone who can write in the BACKUP folder (a shared drive, a synced folder) but has no key
// overwrites an object with garbage of exactly the same size. The backup trusted objects by name
// and size, so every later backup kept the garbage; now it sees the object's stamp (size, times,
// inode, recorded in the MAC'd manifest) has changed, hashes it, and copies it again from the vault.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { makeTempDir } from '../../../helpers/temp-dir';
import {
  makeVaultWithShots,
  readGenerationEntries,
  vaultSubfolder,
} from '../../../helpers/backup-vault';

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

const ATTACKS = {
  'overwritten in place, its modification time set back': (file: string) => {
    const { atime, mtime } = fs.statSync(file);
    fs.writeFileSync(file, crypto.randomBytes(fs.statSync(file).size), { flag: 'r+' });
    fs.utimesSync(file, atime, mtime);
  },
  'swapped for another file': (file: string) => {
    const other = `${file}.new`;
    fs.writeFileSync(other, crypto.randomBytes(fs.statSync(file).size));
    fs.renameSync(other, file);
  },
};

describe('an object in the backup folder overwritten with garbage of the same size', () => {
  for (const [how, attack] of Object.entries(ATTACKS)) {
    it(`is named and copied again from the vault by the next backup when ${how}`, async () => {
      const vault = await makeVaultWithShots(3, 40_000);
      const usb = makeTempDir('sakshya-usb-');
      try {
        const service = new BackupService(() => vault);
        await service.run({ folder: usb });
        const stored = readGenerationEntries(usb, 1).find((entry) =>
          entry.path.startsWith('objects/'),
        );
        if (stored === undefined) throw new Error('no stored copy in the backup');
        expect(stored.objectStamp).toMatch(/^\d+:\d+:\d+:\d+$/);
        const label = `objects/${stored.sha256.slice(0, 2)}/${stored.sha256}`;
        const object = path.join(vaultSubfolder(usb), ...label.split('/'));
        attack(object);
        expect(sha256Of(object)).not.toBe(stored.sha256);
        expect(fs.statSync(object).size).toBe(stored.size);

        const second = await service.run({ folder: usb });
        expect(second.notes).toContainEqual(
          expect.objectContaining({ code: 'object-repaired', file: label }),
        );
        expect(sha256Of(object)).toBe(stored.sha256);
        const verified = await service.verify({ folder: usb });
        expect(verified.problems).toEqual([]);

        // Its new stamp is recorded: the backup after that trusts it again without a note.
        const third = await service.run({ folder: usb });
        expect(third.notes.filter((note) => note.code === 'object-repaired')).toEqual([]);
        expect(third.filesCopied).toBe(1);
      } finally {
        vault.lock();
      }
    });
  }
});
