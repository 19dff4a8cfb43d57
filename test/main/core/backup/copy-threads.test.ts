// A restore's bounded copies on two worker threads (copy-threads.ts): the copies are the bytes,
// hashed as written, in new 0600 temps; a cancel is seen by the worker itself; and a restore
// through them gives the vault a restore on this thread gives.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { readCopyThreadCounts, startCopyThreads } from '../../../../main/core/backup/copy-threads';
import { copyThenHash } from '../../../../main/core/backup/copy-then-hash';
import { SakshyaError } from '../../../../shared/errors';
import { makeVaultOfSizes, PASS, restoreAndHash } from '../../../helpers/backup-vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const MiB = 1024 * 1024;

function sha256Of(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

beforeEach(() => {
  process.env.SAKSHYA_RESTORE_COPY_THREADS = '1';
});
afterEach(() => {
  delete process.env.SAKSHYA_RESTORE_COPY_THREADS;
});

describe('startCopyThreads', () => {
  it('copies files on its workers byte for byte into new 0600 temps, each hash of the bytes written, every byte reported', async () => {
    const dir = makeTempDir();
    const sizes = [
      0,
      1,
      4 * MiB,
      4 * MiB + 1,
      20 * MiB + 3,
      ...Array.from({ length: 6 }, () => 300 * 1024),
    ];
    const sources = sizes.map((size, i) => {
      const file = path.join(dir, `object-${String(i)}`);
      fs.writeFileSync(file, crypto.randomBytes(size));
      return file;
    });
    const copier = startCopyThreads(0);
    expect(copier).toBeDefined();
    const before = readCopyThreadCounts();
    try {
      const reported = sources.map(() => 0);
      // All at once: more copies than workers wait their turn.
      const copied = await Promise.all(
        sources.map((source, i) =>
          copyThenHash(source, `${source}.partial`, {
            maxBytes: sizes[i],
            copier,
            onBytes: (bytes) => {
              reported[i] = (reported[i] ?? 0) + bytes;
            },
          }),
        ),
      );
      for (const [i, source] of sources.entries()) {
        const bytes = fs.readFileSync(source);
        const copy = copied[i];
        if (copy === undefined) throw new Error('no copy');
        fs.closeSync(copy.fd);
        expect(copy).toMatchObject({ sha256: sha256Of(bytes), size: bytes.length });
        expect(fs.readFileSync(`${source}.partial`).equals(bytes)).toBe(true);
        expect(fs.statSync(`${source}.partial`).mode & 0o777).toBe(0o600);
        expect(reported[i]).toBe(bytes.length);
      }
      expect(readCopyThreadCounts().workers - before.workers).toBe(sources.length);
      expect(readCopyThreadCounts().here).toBe(before.here);
    } finally {
      await copier?.close();
    }
  });

  it('is off when SAKSHYA_RESTORE_COPY_THREADS=0, and by default for a small restore', () => {
    process.env.SAKSHYA_RESTORE_COPY_THREADS = '0';
    expect(startCopyThreads(10 * 1024 * MiB)).toBeUndefined();
    delete process.env.SAKSHYA_RESTORE_COPY_THREADS;
    expect(startCopyThreads(MiB)).toBeUndefined();
  });

  it('has the worker itself stop at a cancel, before its next chunk, and the temp removed', async () => {
    const dir = makeTempDir();
    const source = path.join(dir, 'object');
    fs.writeFileSync(source, crypto.randomBytes(8 * MiB));
    const controller = new AbortController();
    const copier = startCopyThreads(0, controller.signal);
    // The copy is not told of the cancel itself: only the flag the workers read can stop it.
    controller.abort();
    try {
      const refused = copyThenHash(source, `${source}.partial`, { maxBytes: 8 * MiB, copier });
      await expect(refused).rejects.toThrow(SakshyaError);
      await expect(refused).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(fs.existsSync(`${source}.partial`)).toBe(false);
    } finally {
      await copier?.close();
    }
  });
});

describe('a restore whose copies run on worker threads', () => {
  it('gives the very vault a restore on this thread gives, and is cancelled as one', async () => {
    const vault = await makeVaultOfSizes([6 * MiB, 300 * 1024, 300 * 1024, 1000]);
    const usb = makeTempDir('sakshya-usb-');
    try {
      await new BackupService(() => vault).run({ folder: usb });
    } finally {
      vault.lock();
    }
    const restoreInto = async (mode: '0' | '1'): Promise<Map<string, string>> => {
      process.env.SAKSHYA_RESTORE_COPY_THREADS = mode;
      return restoreAndHash(usb, 4);
    };
    const before = readCopyThreadCounts();
    const onWorkers = await restoreInto('1');
    expect(readCopyThreadCounts().workers).toBeGreaterThan(before.workers);
    const here = await restoreInto('0');
    expect([...onWorkers.keys()].sort()).toEqual([...here.keys()].sort());
    const differ = [...here].filter(([file, sha256]) => onWorkers.get(file) !== sha256);
    expect(differ.map(([file]) => file)).toEqual([]);

    // A cancel from the first progress report: refused, and no vault where it was going.
    process.env.SAKSHYA_RESTORE_COPY_THREADS = '1';
    const controller = new AbortController();
    const cancelled = path.join(makeTempDir(), 'restored');
    await expect(
      new BackupService(() => undefined).restore(
        cancelled,
        {
          from: usb,
          secret: { kind: 'passphrase', passphrase: PASS },
          allowPartial: false,
          signal: controller.signal,
          onProgress: () => {
            controller.abort();
          },
        },
        { scryptLogN: 10 },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.existsSync(path.join(cancelled, 'vault.json'))).toBe(false);
  });
});
