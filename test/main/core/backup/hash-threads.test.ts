import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HASH_THREADS_MIN_BYTES,
  IN_THREAD_HASHER,
  startHashThreads,
} from '../../../../main/core/backup/hash-threads';
import { syncFileSystemOf } from '../../../../main/core/backup/syncfs-helper';
import { SakshyaError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

const MiB = 1024 * 1024;

function writeRandom(dir: string, name: string, bytes: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, crypto.randomBytes(bytes));
  return file;
}

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('startHashThreads', () => {
  // Off by default (slower on 2 cores, see hash-threads.ts); these tests turn them on.
  beforeEach(() => {
    process.env.SAKSHYA_BACKUP_HASH_THREADS = '1';
  });
  afterEach(() => {
    delete process.env.SAKSHYA_BACKUP_HASH_THREADS;
  });

  it('hashes files on two worker threads to the SHA-256 of their bytes, and reports every byte', async () => {
    const dir = makeTempDir();
    const files = [
      writeRandom(dir, 'empty', 0),
      writeRandom(dir, 'odd', MiB + 1),
      writeRandom(dir, 'big', 40 * MiB + 3),
      ...Array.from({ length: 6 }, (_, i) => writeRandom(dir, `small-${String(i)}`, 300 * 1024)),
    ];
    const hasher = startHashThreads(HASH_THREADS_MIN_BYTES);
    expect(hasher).not.toBe(IN_THREAD_HASHER);
    const fds = files.map((file) => fs.openSync(file, 'r'));
    try {
      const reported = files.map(() => 0);
      // All at once: more hashes than workers wait their turn.
      const hashed = await Promise.all(
        fds.map((fd, i) =>
          hasher.hash(fd, {
            onBytes: (bytes) => {
              reported[i] = (reported[i] ?? 0) + bytes;
            },
          }),
        ),
      );
      for (const [i, file] of files.entries()) {
        const size = fs.statSync(file).size;
        expect(hashed[i]).toEqual({ sha256: sha256Of(file), size });
        expect(reported[i]).toBe(size);
      }
    } finally {
      for (const fd of fds) fs.closeSync(fd);
      await hasher.close();
    }
  });

  it('stops a hash running on a worker as CANCELLED when the run is cancelled', async () => {
    const dir = makeTempDir();
    const file = writeRandom(dir, 'big', 64 * MiB);
    const controller = new AbortController();
    const hasher = startHashThreads(HASH_THREADS_MIN_BYTES, controller.signal);
    const fd = fs.openSync(file, 'r');
    try {
      const hashing = hasher.hash(fd, { signal: controller.signal });
      controller.abort();
      const error: unknown = await hashing.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SakshyaError);
      expect((error as SakshyaError).code).toBe('CANCELLED');
    } finally {
      fs.closeSync(fd);
      await hasher.close();
    }
  });

  it('hashes a small run (an incremental backup) in this thread, starting no worker', async () => {
    const dir = makeTempDir();
    const file = writeRandom(dir, 'one', 1000);
    const hasher = startHashThreads(HASH_THREADS_MIN_BYTES - 1);
    expect(hasher).toBe(IN_THREAD_HASHER);
    const fd = fs.openSync(file, 'r');
    try {
      expect(await hasher.hash(fd, {})).toEqual({ sha256: sha256Of(file), size: 1000 });
    } finally {
      fs.closeSync(fd);
    }
  });
});

describe.runIf(
  process.platform === 'linux' && fs.existsSync('/usr/bin/sync') && fs.existsSync('/dev/shm'),
)('syncFileSystemOf', () => {
  it('syncs the file system of a folder, again and again through one shell, and says when it could not', async () => {
    const dir = makeTempDir();
    expect(await syncFileSystemOf(dir, '/usr/bin/sync')).toBe(true);
    expect(await syncFileSystemOf(dir, '/usr/bin/sync')).toBe(true);
    expect(await syncFileSystemOf(path.join(dir, 'not-there'), '/usr/bin/sync')).toBe(false);
    // A sync tool that fails (as an old coreutils without -f would): false, so each file is fsynced.
    const other = fs.mkdtempSync(path.join('/dev/shm', 'sakshya-sync-'));
    try {
      expect(await syncFileSystemOf(other, '/bin/false')).toBe(false);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
