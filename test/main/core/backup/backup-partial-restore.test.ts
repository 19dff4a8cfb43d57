// Restoring what is intact of a damaged backup (--allow-partial, "Restore what is intact"): the
// count says how much evidence came back, and each item that did not is named.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import {
  readManifests,
  describeBackupLayout,
  objectFile,
} from '../../../../main/core/backup/backup-layout';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'partial restore passphrase';

describe('partial restore', () => {
  it('counts only the evidence that came back, and names each item whose file is missing', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const files = makeTempDir();
    const usb = makeTempDir('sakshya-usb-');
    const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    const owner = vault.createCase({ title: 'Partial' });
    for (const name of ['threat-1.png', 'threat-2.png', 'call-log.png']) {
      const file = path.join(files, name);
      fs.writeFileSync(file, crypto.randomBytes(name === 'call-log.png' ? 90_000 : 40_000));
      await vault.addFile(owner.id, file);
    }
    const run = await new BackupService(() => vault).run({ folder: usb });
    vault.lock();

    // The biggest stored copy (the call log's) goes missing from the backup.
    const layout = describeBackupLayout(path.join(usb, run.vaultId));
    const [read] = readManifests(layout);
    if (read?.ok !== true) throw new Error('no manifest');
    const [lost] = read.manifest.files
      .filter((entry) => entry.path.startsWith('objects/'))
      .sort((a, b) => b.size - a.size);
    if (lost === undefined) throw new Error('no stored copy');
    fs.rmSync(objectFile(layout, lost.sha256));

    const service = new BackupService(() => undefined);
    const secret = { kind: 'passphrase' as const, passphrase: PASS };
    const refusedDir = path.join(makeTempDir(), 'restored');
    await expect(
      service.restore(refusedDir, { from: usb, secret, allowPartial: false }, { scryptLogN: 10 }),
    ).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });

    const restoredDir = path.join(makeTempDir(), 'restored');
    const restored = await service.restore(
      restoredDir,
      { from: usb, secret, allowPartial: true },
      { scryptLogN: 10 },
    );
    try {
      expect(restored.evidenceCount).toBe(2);
      expect(restored.missing).toHaveLength(1);
      expect(restored.missing[0]?.code).toBe('missing');
      expect(restored.missing[0]?.message).toContain('"call-log.png"');
      expect(restored.missing[0]?.message).not.toContain('threat-');
    } finally {
      restored.vault.lock();
    }
  });
});
