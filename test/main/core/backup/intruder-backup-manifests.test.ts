// Restore review R9, for a backup run: someone who can write in the backup folder plants big
// manifests under higher numbers. Each is under the size limit, but together they took gigabytes
// to read and keep, more than the core's thread is allowed (768 MiB), so her backups ended the
// core. A run now reads manifests newest first within one budget, as a restore does; one it did not
// read might be hers, so it is never written over and nothing is pruned while it is unread.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  nextGenerationSeq,
  type Manifest,
  type ManifestRead,
} from '../../../../main/core/backup/backup-layout';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { SakshyaError } from '../../../../shared/errors';
import {
  generationFile,
  makeVaultWithShots,
  objectOfListed,
  readGenerationEntries,
  plantManifest,
  PLANTED_BYTES,
} from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function unreadAt(seq: number): ManifestRead {
  return { ok: false, seq, file: `/b/generations/${String(seq)}.json`, reason: 'over-budget' };
}

describe('a backup run beside big planted manifests', () => {
  it('reads them only within its budget, numbers its generation past any it did not read, prunes nothing, and keeps every object', async () => {
    const vault = await makeVaultWithShots(3, 30_000);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      await service.run({ folder: usb });
      const hers = [1, 2].map((seq) => fs.readFileSync(generationFile(usb, seq)));
      const planted = [10, 11, 12].map((seq) => plantManifest(usb, seq));
      const plantedBytes = planted.map((file) => fs.readFileSync(file));

      // Room for two planted ones: 10, and both of hers, are left unread. Keeping only one
      // generation would drop hers and their snapshots, were they read.
      const run = await service.run({
        folder: usb,
        keep: 1,
        manifestBytes: 2 * PLANTED_BYTES + 100,
      });

      // Past 10, the highest unread: 11 was read (and is no manifest), so it may be written over.
      const entries = readGenerationEntries(usb, 11);
      expect(run.generation).toBe(11);
      const stored = entries.filter((entry) => entry.path.startsWith('objects/'));
      expect(stored).toHaveLength(3);
      // Every file it lists (and so every file the two of hers list) is still there, intact.
      for (const entry of entries)
        expect(sha256Of(objectOfListed(usb, 11, entry.path))).toBe(entry.sha256);
      for (const entry of readGenerationEntries(usb, 1))
        expect(fs.existsSync(objectOfListed(usb, 1, entry.path))).toBe(true);
      // Hers and the planted ones it did not publish over are as they were.
      expect([1, 2].map((seq) => fs.readFileSync(generationFile(usb, seq)))).toEqual(hers);
      expect(fs.readFileSync(planted[0] ?? '')).toEqual(plantedBytes[0]);
      expect(fs.readFileSync(planted[2] ?? '')).toEqual(plantedBytes[2]);
    } finally {
      vault.lock();
    }
  });

  it('refuses, naming why, rather than number a generation past what eight digits hold', () => {
    const numbered = () => nextGenerationSeq([unreadAt(99_999_999)], []);
    expect(numbered).toThrow(SakshyaError);
    expect(numbered).toThrow(/too big to read at once/);
    expect(nextGenerationSeq([unreadAt(41)], [])).toBe(42);
  });

  it('says so plainly when her own newest generation already has the highest number', () => {
    // Planted manifests left unread push her numbers up; once hers reaches 99999999 the refusal
    // must not blame manifests too big to read, when every one was read.
    const hers = { seq: 99_999_999 } as unknown as Manifest;
    const read: ManifestRead = { ok: true, seq: 99_999_999, file: '/b/x.json', manifest: hers };
    const numbered = () => nextGenerationSeq([read], [hers]);
    expect(numbered).toThrow(SakshyaError);
    expect(numbered).toThrow(/numbered up to 99999999, the highest a generation can have/);
    expect(numbered).not.toThrow(/too big to read/);
  });
});
