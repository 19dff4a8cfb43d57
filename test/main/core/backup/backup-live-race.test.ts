// Trust review N2, the part left open: races by a live process in a folder she can write.
// 1. A temp copy swapped for another file after it was hashed and made durable, just before its
//    rename into objects/: the old code renamed the other file in and recorded its stamp as
//    trusted, so every later backup kept it without hashing it again.
// 2. A restore source that a live writer keeps growing after its size was checked: fs.copyFile
//    copied it whole (filling her disk) before anything refused it.
// The only seams wrap real calls (node's fsync and fstat), and act as a racing process would.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { copyThenHash } from '../../../../main/core/backup/copy-then-hash';
import { readCopyThreadCounts, startCopyThreads } from '../../../../main/core/backup/copy-threads';
import { Vault } from '../../../../main/core/vault/vault';
import { PASS } from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const race = vi.hoisted(() => ({
  /** Called once a real fsync of a descriptor has finished, with the file it names. */
  afterFsync: null as null | ((file: string) => void),
  /** Called once a real fstat of a descriptor has finished, with the file it names. */
  afterFstat: null as null | ((file: string) => void),
  /** Called before a real rmSync, with the path about to go. */
  beforeRm: null as null | ((file: string) => void),
}));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const named = (fd: number): string => {
    try {
      return real.readlinkSync(`/proc/self/fd/${String(fd)}`);
    } catch {
      return '';
    }
  };
  const fsync = (fd: number, callback: fs.NoParamCallback): void => {
    real.fsync(fd, (error) => {
      if (error === null) race.afterFsync?.(named(fd));
      callback(error);
    });
  };
  const fstat = (fd: number, ...rest: unknown[]): void => {
    const callback = rest[rest.length - 1] as (error: Error | null, stats: fs.Stats) => void;
    real.fstat(fd, (error, stats) => {
      if (error === null) race.afterFstat?.(named(fd));
      callback(error, stats);
    });
  };
  // The copies open and check their sources synchronously (one hop to the thread pool per file).
  const fstatSync = (
    fd: number,
    options?: fs.StatOptions,
  ): fs.Stats | fs.BigIntStats | undefined => {
    const stats = real.fstatSync(fd, options);
    race.afterFstat?.(named(fd));
    return stats;
  };
  const rmSync = (file: fs.PathLike, options?: fs.RmOptions): void => {
    race.beforeRm?.(String(file));
    real.rmSync(file, options);
  };
  const patched = { ...real, fsync, fstat, fstatSync, rmSync };
  return { ...patched, default: patched };
});

afterEach(() => {
  race.afterFsync = null;
  race.afterFstat = null;
  race.beforeRm = null;
});

async function addEvidence(vault: Vault, caseId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const blob = await vault.storeBlob(Readable.from([crypto.randomBytes(30_000)]));
    vault.recordStoredBlob(caseId, blob, {
      originalName: `shot-${crypto.randomBytes(4).toString('hex')}.png`,
      mediaType: 'image/png',
    });
  }
}

describe('a backup raced by someone writing in its tmp/ folder', () => {
  it('refuses a copy swapped for another file after its hash, and publishes nothing', async () => {
    const { vault } = await Vault.create(path.join(makeTempDir('sakshya-bk-'), 'vault'), PASS, {
      scryptLogN: 10,
    });
    const usb = makeTempDir('sakshya-usb-');
    try {
      const target = vault.createCase({ title: 'Loan app', timezone: 'Asia/Kolkata' });
      await addEvidence(vault, target.id, 2);
      const service = new BackupService(() => vault);
      await service.run({ folder: usb });
      await addEvidence(vault, target.id, 2);

      let swapped: string | null = null;
      race.afterFsync = (file) => {
        if (swapped !== null || !file.endsWith('.partial')) return;
        // Same size, other bytes, put in place by a rename as a racing process would.
        const other = `${file}.other`;
        fs.writeFileSync(other, crypto.randomBytes(fs.statSync(file).size));
        fs.renameSync(other, file);
        swapped = file;
      };
      await expect(service.run({ folder: usb })).rejects.toThrow(/replaced by another file/);
      expect(swapped).not.toBeNull();
      race.afterFsync = null;

      // The first generation is still the newest, and everything in the folder is what it says.
      const checked = await service.verify({ folder: usb });
      expect(checked.generation).toBe(1);
      expect(checked.problems).toEqual([]);
      // The next backup, unraced, holds every file intact.
      const next = await service.run({ folder: usb });
      expect(next.generation).toBe(2);
      expect((await service.verify({ folder: usb })).problems).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});

describe('a restore copy of a source that a live writer keeps growing after its size was checked', () => {
  beforeEach(() => {
    process.env.SAKSHYA_RESTORE_COPY_THREADS = '1';
  });
  afterEach(() => {
    delete process.env.SAKSHYA_RESTORE_COPY_THREADS;
  });

  it.each([
    ['on this thread', false],
    ['on a copy worker', true],
  ])(
    'stops once more bytes than listed arrive, writing no more than the listed size (%s)',
    async (_, onWorker) => {
      const dir = makeTempDir();
      const source = path.join(dir, 'object');
      const listed = 200_000;
      fs.writeFileSync(source, crypto.randomBytes(listed));
      const temp = path.join(dir, 'tmp', 'restore.partial');
      fs.mkdirSync(path.dirname(temp));
      let grown = false;
      race.afterFstat = (file) => {
        if (grown || file !== source) return;
        // 64 MiB more arrive right after the size check (a live writer on her disk).
        fs.appendFileSync(source, Buffer.alloc(64 * 1024 * 1024, 1));
        grown = true;
      };
      let largest = 0;
      race.beforeRm = (file) => {
        if (file !== temp) return;
        try {
          largest = Math.max(largest, fs.lstatSync(file).size);
        } catch {
          // Not there.
        }
      };

      const copier = onWorker ? startCopyThreads(0) : undefined;
      expect(copier === undefined).toBe(!onWorker);
      const before = readCopyThreadCounts();
      try {
        await expect(copyThenHash(source, temp, { maxBytes: listed, copier })).rejects.toThrow(
          /longer than listed/,
        );
      } finally {
        await copier?.close();
      }
      // Refused where it was copied: a worker's refusal never ran the loop on this thread.
      expect(readCopyThreadCounts().here).toBe(before.here);
      expect(grown).toBe(true);
      expect(largest).toBeLessThanOrEqual(listed);
      expect(fs.existsSync(temp)).toBe(false);
    },
  );

  it('still copies a source of exactly the listed size, byte for byte', async () => {
    const dir = makeTempDir();
    const source = path.join(dir, 'object');
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    fs.writeFileSync(source, bytes);
    const temp = path.join(dir, 'copy.partial');
    const copied = await copyThenHash(source, temp, { maxBytes: bytes.length });
    fs.closeSync(copied.fd);
    expect(copied.size).toBe(bytes.length);
    expect(copied.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(fs.readFileSync(temp).equals(bytes)).toBe(true);
    expect(fs.statSync(temp).mode & 0o777).toBe(0o600);
  });
});

describe("a restore raced by someone writing in the new vault's tmp/ folder", () => {
  afterEach(() => {
    delete process.env.SAKSHYA_RESTORE_COPY_THREADS;
    delete process.env.SAKSHYA_BACKUP_FSYNC_EACH;
  });

  it.each([
    ['on this thread', '0'],
    ['on the copy workers', '1'],
  ])(
    'refuses a copy swapped for another file after its fsync, and leaves no vault (copies %s)',
    async (_, threads) => {
      const { vault } = await Vault.create(path.join(makeTempDir('sakshya-bk-'), 'vault'), PASS, {
        scryptLogN: 10,
      });
      const usb = makeTempDir('sakshya-usb-');
      try {
        const target = vault.createCase({ title: 'Loan app', timezone: 'Asia/Kolkata' });
        await addEvidence(vault, target.id, 2);
        await new BackupService(() => vault).run({ folder: usb });
      } finally {
        vault.lock();
      }
      process.env.SAKSHYA_RESTORE_COPY_THREADS = threads;
      // Each copy fsynced on its own descriptor, so the racer can act right after one.
      process.env.SAKSHYA_BACKUP_FSYNC_EACH = '1';
      let swapped: string | null = null;
      race.afterFsync = (file) => {
        if (swapped !== null || !file.endsWith('.partial')) return;
        const other = `${file}.other`;
        fs.writeFileSync(other, crypto.randomBytes(fs.statSync(file).size));
        fs.renameSync(other, file);
        swapped = file;
      };
      const before = readCopyThreadCounts();
      const into = path.join(makeTempDir(), 'restored');
      await expect(
        new BackupService(() => undefined).restore(
          into,
          { from: usb, secret: { kind: 'passphrase', passphrase: PASS }, allowPartial: false },
          { scryptLogN: 10 },
        ),
      ).rejects.toThrow(/replaced by another file/);
      expect(swapped).not.toBeNull();
      const after = readCopyThreadCounts();
      if (threads === '1') expect(after.workers).toBeGreaterThan(before.workers);
      else expect(after.workers).toBe(before.workers);
      expect(fs.existsSync(path.join(into, 'vault.json'))).toBe(false);
    },
  );
});
