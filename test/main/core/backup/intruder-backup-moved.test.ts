// Trust review N3: the vault remembers the newest generation it published into each backup, to
// name a rollback (someone deleted the newest generations, or synced an old copy back). It was
// keyed by the folder's path only, so the same drive mounted at another path (/media/u/USB1, or
// another drive letter) started a fresh record and a rollback there went unnamed. From format 4 a
// random backup id in the MAC'd manifests keys it too. Backups of format 3 must still be read.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  canonicalManifestBody,
  describeBackupLayout,
  readManifests,
  serializeManifest,
  type ManifestBody,
} from '../../../../main/core/backup/backup-layout';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { SettingsRepository } from '../../../../main/core/db/repositories/settings';
import { Vault } from '../../../../main/core/vault/vault';
import { generationFile, PASS, vaultSubfolder } from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

async function makeVault(): Promise<{ vault: Vault; addShot: () => Promise<void> }> {
  const { vault } = await Vault.create(path.join(makeTempDir('sakshya-bk-'), 'vault'), PASS, {
    scryptLogN: 10,
  });
  const target = vault.createCase({ title: 'Loan app', timezone: 'Asia/Kolkata' });
  const addShot = async (): Promise<void> => {
    const blob = await vault.storeBlob(Readable.from([crypto.randomBytes(20_000)]));
    vault.recordStoredBlob(target.id, blob, {
      originalName: `shot-${crypto.randomBytes(3).toString('hex')}.png`,
      mediaType: 'image/png',
    });
  };
  await addShot();
  return { vault, addShot };
}

/**
 * Her vault with one screenshot, a fresh folder for the drive, and the backup service; locked after
 * `body`, however it ends.
 */
async function withDrive(
  body: (drive: {
    vault: Vault;
    service: BackupService;
    usb: string;
    addShot: () => Promise<void>;
  }) => Promise<void>,
): Promise<void> {
  const { vault, addShot } = await makeVault();
  try {
    await body({
      vault,
      service: new BackupService(() => vault),
      usb: makeTempDir('sakshya-usb-'),
      addShot,
    });
  } finally {
    vault.lock();
  }
}

/** The drive mounted at another path: the same files, another folder name. */
function mountElsewhere(usb: string): string {
  const elsewhere = path.join(makeTempDir('sakshya-mnt-'), 'USB1');
  fs.renameSync(usb, elsewhere);
  return elsewhere;
}

/**
 * Rewrites every generation as an app of format 3 wrote it (no backup id, version 3, its MAC made
 * again with this vault's key), and the vault's record as that app kept it (by path only).
 */
function makeFormat3(vault: Vault, usb: string): void {
  const layout = describeBackupLayout(vaultSubfolder(usb));
  let newest = 0;
  for (const read of readManifests(layout)) {
    if (!read.ok) throw new Error(`${read.file} unreadable`);
    const old = read.manifest;
    const body: ManifestBody = {
      format: old.format,
      version: 3,
      vaultId: old.vaultId,
      recipient: old.recipient,
      seq: old.seq,
      createdAt: old.createdAt,
      keysReplacedAt: old.keysReplacedAt,
      files: old.files,
    };
    const mac = vault.macWithSubkey('backup-manifest-mac', canonicalManifestBody(body));
    fs.writeFileSync(read.file, serializeManifest({ ...body, mac }));
    newest = Math.max(newest, read.seq);
  }
  const marker = JSON.parse(fs.readFileSync(layout.marker, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(layout.marker, `${JSON.stringify({ ...marker, version: 3 }, null, 2)}\n`);
  new SettingsRepository(vault.db).set('backup.published', { [layout.root]: newest });
}

describe('a backup drive mounted at another path', () => {
  it('still has a rollback there named, by the next backup and by verify', async () => {
    await withDrive(async ({ service, usb, addShot }) => {
      for (let i = 0; i < 3; i += 1) {
        await service.run({ folder: usb });
        await addShot();
      }
      const elsewhere = mountElsewhere(usb);
      // The intruder deletes the newest generation on the drive.
      fs.rmSync(generationFile(elsewhere, 3));

      const checked = await service.verify({ folder: elsewhere });
      expect(checked.problems).toContainEqual(
        expect.objectContaining({ code: 'rolled-back', file: 'generations/00000003.json' }),
      );
      const next = await service.run({ folder: elsewhere });
      expect(next.notes).toContainEqual(expect.objectContaining({ code: 'rolled-back' }));
      // Numbered past the missing one, never reusing it.
      expect(next.generation).toBe(4);
    });
  });

  it('is not called rolled back when nothing is missing', async () => {
    await withDrive(async ({ service, usb, addShot }) => {
      await service.run({ folder: usb });
      await addShot();
      await service.run({ folder: usb });
      const elsewhere = mountElsewhere(usb);
      expect((await service.verify({ folder: elsewhere })).problems).toEqual([]);
      const next = await service.run({ folder: elsewhere });
      expect(next.notes.filter((note) => note.code === 'rolled-back')).toEqual([]);
      expect(next.generation).toBe(3);
    });
  });
});

describe('a backup of format 3 (no backup id)', () => {
  it('is still verified and restored, and a rollback at its own path is still named', async () => {
    await withDrive(async ({ vault, service, usb, addShot }) => {
      await service.run({ folder: usb });
      await addShot();
      await service.run({ folder: usb });
      makeFormat3(vault, usb);
      expect(fs.readFileSync(generationFile(usb, 2), 'utf8')).not.toContain('backupId');

      expect((await service.verify({ folder: usb })).problems).toEqual([]);
      const restoredDir = path.join(makeTempDir(), 'restored');
      const restored = await new BackupService(() => undefined).restore(
        restoredDir,
        { from: usb, secret: { kind: 'passphrase', passphrase: PASS }, allowPartial: false },
        { scryptLogN: 10 },
      );
      try {
        expect(restored.evidenceCount).toBe(2);
        expect(restored.missing).toEqual([]);
      } finally {
        restored.vault.lock();
      }

      fs.rmSync(generationFile(usb, 2));
      expect((await service.verify({ folder: usb })).problems).toContainEqual(
        expect.objectContaining({ code: 'rolled-back' }),
      );
    });
  });

  it('gets a backup id from the next backup, which then follows the drive to another path', async () => {
    await withDrive(async ({ vault, service, usb, addShot }) => {
      await service.run({ folder: usb });
      makeFormat3(vault, usb);
      await addShot();
      const second = await service.run({ folder: usb });
      expect(second.notes.filter((note) => note.code === 'rolled-back')).toEqual([]);
      const written = JSON.parse(fs.readFileSync(generationFile(usb, 2), 'utf8')) as {
        version: number;
        backupId?: string;
      };
      expect(written.version).toBe(4);
      expect(written.backupId).toMatch(/^[0-9a-f]{32}$/);
      await addShot();
      await service.run({ folder: usb });
      // Generation 1 (format 3) stays readable beside the format-4 ones.
      expect((await service.verify({ folder: usb })).problems).toEqual([]);

      const elsewhere = mountElsewhere(usb);
      fs.rmSync(generationFile(elsewhere, 3));
      expect((await service.verify({ folder: elsewhere })).problems).toContainEqual(
        expect.objectContaining({ code: 'rolled-back', file: 'generations/00000003.json' }),
      );
    });
  });
});
