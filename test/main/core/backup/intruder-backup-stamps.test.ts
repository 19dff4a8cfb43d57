// Trust review N1: on NTFS (written from Windows, or through ntfs-3g/ntfs3) someone who can write
// the backup folder can overwrite an object in place with garbage of the same size and set its
// modification AND change times back, so its stamp (size, times, inode) is the one the manifest
// recorded. ext4 lets no program set a change time, so the only seam here wraps the real lstat and
// reports the change time the intruder would have put back; everything else is real file writes.
// The old backup trusted such an object by its stamp for ever (only `backup verify` named it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FULL_RECHECK_EVERY_DAYS,
  FULL_RECHECK_EVERY_RUNS,
  drawSample,
  planRechecks,
  rememberFullCheck,
} from '../../../../main/core/backup/backup-recheck';
import { BackupService } from '../../../../main/core/backup/backup-service';
import {
  makeVaultWithShots,
  readGenerationEntries,
  vaultSubfolder,
} from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const forged = vi.hoisted(() => new Map<string, { mtimeNs: bigint; ctimeNs: bigint }>());

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  // As NTFS would report it after SetFileInformationByHandle: the times she put back, to the
  // nanosecond (utimes here keeps only microseconds; NTFS keeps 100 ns, and she sets them exact).
  const lstatSync = ((
    file: fs.PathLike,
    options?: fs.StatSyncOptions,
  ): fs.Stats | fs.BigIntStats | undefined => {
    const times = forged.get(String(file));
    if (times === undefined || options?.bigint !== true) return real.lstatSync(file, options);
    const stat = real.lstatSync(file, { bigint: true });
    // A fresh object each call: changing it changes nothing else.
    stat.mtimeNs = times.mtimeNs;
    stat.ctimeNs = times.ctimeNs;
    return stat;
  }) as typeof fs.lstatSync;
  const patched = { ...real, lstatSync };
  return { ...patched, default: patched };
});

afterEach(() => {
  forged.clear();
});

/** Overwrites one stored copy's object in place and puts its whole stamp back. Its label. */
function forgeObject(usb: string): string {
  const stored = readGenerationEntries(usb, 1).find((entry) => entry.path.startsWith('objects/'));
  if (stored === undefined) throw new Error('no stored copy in the backup');
  const label = `objects/${stored.sha256.slice(0, 2)}/${stored.sha256}`;
  const object = path.join(vaultSubfolder(usb), ...label.split('/'));
  const before = fs.statSync(object, { bigint: true });
  fs.writeFileSync(object, crypto.randomBytes(stored.size), { flag: 'r+' });
  fs.utimesSync(object, before.atime, before.mtime);
  forged.set(object, { mtimeNs: before.mtimeNs, ctimeNs: before.ctimeNs });
  // The stamp now reads exactly as the manifest recorded it; the bytes do not.
  const now = fs.lstatSync(object, { bigint: true });
  expect(
    `${String(now.size)}:${String(now.mtimeNs)}:${String(now.ctimeNs)}:${String(now.ino)}`,
  ).toBe(stored.objectStamp);
  expect(crypto.createHash('sha256').update(fs.readFileSync(object)).digest('hex')).not.toBe(
    stored.sha256,
  );
  return label;
}

describe('an object in the backup folder overwritten in place with its stamp put back', () => {
  it('is found by the next backup’s random sample, named and copied again', async () => {
    const vault = await makeVaultWithShots(4);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      const label = forgeObject(usb);
      // The default budget (64 MiB) covers every object of this small vault in each run.
      const second = await service.run({ folder: usb });
      expect(second.notes).toContainEqual(
        expect.objectContaining({ code: 'object-repaired', file: label }),
      );
      const repaired = second.notes.find((note) => note.file === label);
      expect(repaired?.message).toMatch(/put back/);
      forged.clear();
      expect((await service.verify({ folder: usb })).problems).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it(`is found by the full check within ${String(FULL_RECHECK_EVERY_RUNS)} backups even when no sample draws it`, async () => {
    const vault = await makeVaultWithShots(3);
    const usb = makeTempDir('sakshya-usb-');
    try {
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      const label = forgeObject(usb);
      let foundAt: number | null = null;
      for (let run = 2; run <= 1 + FULL_RECHECK_EVERY_RUNS && foundAt === null; run += 1) {
        // No sample at all: only the full check can find it.
        const result = await service.run({ folder: usb, recheckBytes: 0 });
        expect(result.generation).toBe(run);
        if (result.notes.some((note) => note.code === 'object-repaired' && note.file === label))
          foundAt = run;
      }
      expect(foundAt).toBe(1 + FULL_RECHECK_EVERY_RUNS);
      forged.clear();
      expect((await service.verify({ folder: usb })).problems).toEqual([]);
    } finally {
      vault.lock();
    }
  }, 120_000);
});

describe('the objects a backup hashes again', () => {
  it(`are all of them once ${String(FULL_RECHECK_EVERY_DAYS)} days have passed since the last full check`, async () => {
    const vault = await makeVaultWithShots(0);
    try {
      const entries = ['a', 'b', 'c'].map((c) => ({
        path: `objects/${c}`,
        sha256: c.repeat(64),
        size: 1000,
      }));
      const day = 24 * 60 * 60 * 1000;
      const now = Date.parse('2026-12-06T12:00:00Z');
      // Never checked in full: this run checks everything.
      expect(planRechecks(vault, '/usb/x', { seq: 5, entries, budgetBytes: 0, now }).full).toBe(
        true,
      );
      rememberFullCheck(vault, '/usb/x', 5, now - (FULL_RECHECK_EVERY_DAYS - 1) * day);
      const soon = planRechecks(vault, '/usb/x', { seq: 6, entries, budgetBytes: 0, now });
      expect(soon.full).toBe(false);
      expect(soon.objects.size).toBe(0);
      rememberFullCheck(vault, '/usb/x', 5, now - FULL_RECHECK_EVERY_DAYS * day);
      const late = planRechecks(vault, '/usb/x', { seq: 6, entries, budgetBytes: 0, now });
      expect(late.full).toBe(true);
      expect(late.objects).toEqual(new Set(entries.map((entry) => entry.sha256)));
    } finally {
      vault.lock();
    }
  });

  it('are a random sample that keeps to its budget and, run after run, reaches every object', () => {
    const sizes = new Map<string, number>(
      Array.from({ length: 20 }, (_, i) => [String(i).padStart(64, '0'), 1000] as const),
    );
    sizes.set('f'.repeat(64), 50_000); // bigger than the budget: left to the full check
    const seen = new Set<string>();
    for (let run = 0; run < 300; run += 1) {
      const sample = drawSample(sizes, 4000);
      expect(sample.size).toBe(4);
      expect(sample.has('f'.repeat(64))).toBe(false);
      for (const name of sample) seen.add(name);
    }
    expect(seen.size).toBe(20);
  });
});
