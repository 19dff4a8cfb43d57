// Someone who can write in the BACKUP folder but has no key plants a run's journal in its tmp/
// (backup-journal.ts): a journal only tells `verify` which orphans a killed run copied, so it
// must never make a run remove what a kept generation names, nor stop a run once it published.
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

describe('a journal planted in the backup folder', () => {
  it('listing every object of her generations makes no run remove any of them', async () => {
    const vault = await makeVaultWithShots(3, 20_000);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      const names = readGenerationEntries(usb, 1).map((entry) => entry.sha256);
      fs.writeFileSync(
        path.join(vaultSubfolder(usb), 'tmp', 'journal-0123456789ab'),
        `${names.join('\n')}\n`,
      );

      await service.run({ folder: usb });
      await service.run({ folder: usb, keep: 1 });

      for (const name of readGenerationEntries(usb, 3).map((entry) => entry.sha256))
        expect(
          fs.existsSync(path.join(vaultSubfolder(usb), 'objects', name.slice(0, 2), name)),
        ).toBe(true);
      expect((await service.verify({ folder: usb })).problems).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it('as a folder, does not make a run that published fail after it, so the vault remembers the generation and names its deletion', async () => {
    const vault = await makeVaultWithShots(2, 20_000);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      const planted = path.join(vaultSubfolder(usb), 'tmp', 'journal-0123456789ab');
      fs.mkdirSync(planted);

      const second = await service.run({ folder: usb });

      expect(second.generation).toBe(2);
      expect(service.status().lastBackupAt).toBe(second.createdAt);
      // And remembers it: generation 2 deleted afterwards is named as a rollback.
      fs.rmSync(path.join(vaultSubfolder(usb), 'generations', '00000002.json'));
      const third = await service.run({ folder: usb });
      expect(third.notes).toContainEqual(expect.objectContaining({ code: 'rolled-back' }));
    } finally {
      vault.lock();
    }
  });
});
