// Trust review N2: copyThenHash copies into a temp file in the backup's tmp/, then opens that temp
// again to hash and fsync it. Someone racing in the backup folder could swap the temp for a link
// to one of her own files in between: the old code followed it, set her file's mode, hashed her
// file as the copy and kept the link for the rename into objects/. The swap is made right after
// the real kernel copy (the only seam: node's copyFile and copyFileSync, wrapped), as a racing
// process would.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncBatch } from '../../../../main/core/backup/backup-copy';
import { copyThenHash } from '../../../../main/core/backup/copy-then-hash';
import { readCopyThreadCounts, startCopyThreads } from '../../../../main/core/backup/copy-threads';
import { makeTempDir } from '../../../helpers/temp-dir';

const race = vi.hoisted(() => ({
  afterCopy: null as null | ((temp: string) => void),
  /** Called once a new temp (.partial) has been created (O_EXCL) and opened. */
  afterCreate: null as null | ((temp: string) => void),
}));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const copyFile = (
    source: fs.PathLike,
    target: fs.PathLike,
    mode: number,
    callback: fs.NoParamCallback,
  ): void => {
    real.copyFile(source, target, mode, (error) => {
      if (error === null) race.afterCopy?.(String(target));
      callback(error);
    });
  };
  // A small file (a sidecar) is copied on this thread, a bigger one on the thread pool.
  const copyFileSync = (source: fs.PathLike, target: fs.PathLike, mode?: number): void => {
    real.copyFileSync(source, target, mode);
    race.afterCopy?.(String(target));
  };
  // A restore's bounded copy creates its temp itself (O_EXCL), then writes it through that fd.
  const openSync = (file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode): number => {
    const fd = real.openSync(file, flags ?? 'r', mode);
    if (typeof flags === 'number' && (flags & real.constants.O_EXCL) !== 0)
      if (String(file).endsWith('.partial')) race.afterCreate?.(String(file));
    return fd;
  };
  const patched = { ...real, copyFile, copyFileSync, openSync };
  return { ...patched, default: patched };
});

afterEach(() => {
  race.afterCopy = null;
  race.afterCreate = null;
  delete process.env.SAKSHYA_RESTORE_COPY_THREADS;
});

describe('copyThenHash with its temp file swapped right after the copy', () => {
  it.each([
    ['a sidecar, copied on this thread', Buffer.from('sealed bytes of a sidecar')],
    ['a screenshot, copied on the thread pool', crypto.randomBytes(300 * 1024)],
  ])(
    'refuses a link to one of her files in place of %s, leaving her file as it was',
    async (_, bytes) => {
      const dir = makeTempDir();
      const source = path.join(dir, 'sidecar.age');
      fs.writeFileSync(source, bytes);
      const hers = path.join(makeTempDir(), 'notes-for-lawyer.txt');
      fs.writeFileSync(hers, 'her own words, never to be backed up in the clear', { mode: 0o644 });
      fs.chmodSync(hers, 0o644);
      const temp = path.join(dir, 'tmp', 'abc.partial');
      fs.mkdirSync(path.dirname(temp));
      race.afterCopy = (target) => {
        fs.rmSync(target);
        fs.symlinkSync(hers, target);
      };

      await expect(copyThenHash(source, temp)).rejects.toThrow();
      expect(fs.statSync(hers).mode & 0o777).toBe(0o644);
      expect(fs.readFileSync(hers, 'utf8')).toBe(
        'her own words, never to be backed up in the clear',
      );
      // Nothing is left for a rename into objects/.
      expect(fs.existsSync(temp)).toBe(false);
      expect(() => fs.lstatSync(temp)).toThrow();
    },
  );

  it('refuses a named pipe instead of waiting on it', async () => {
    const dir = makeTempDir();
    const source = path.join(dir, 'sidecar.age');
    fs.writeFileSync(source, 'sealed bytes of a sidecar');
    const temp = path.join(dir, 'tmp', 'def.partial');
    fs.mkdirSync(path.dirname(temp));
    race.afterCopy = (target) => {
      fs.rmSync(target);
      execFileSync('mkfifo', [target]);
    };
    await expect(copyThenHash(source, temp)).rejects.toThrow(/not a plain file/);
  }, 10_000);
});

describe("a restore's bounded copy with its temp swapped for a link right after it was created", () => {
  it.each([
    ['on this thread', false],
    ['on a copy worker', true],
  ])(
    'writes only into the temp it made, never through the link, and the batch refuses to rename it (%s)',
    async (_, onWorker) => {
      process.env.SAKSHYA_RESTORE_COPY_THREADS = '1';
      const dir = makeTempDir();
      const source = path.join(dir, 'object');
      const bytes = crypto.randomBytes(300 * 1024);
      fs.writeFileSync(source, bytes);
      const hers = path.join(makeTempDir(), 'notes-for-lawyer.txt');
      fs.writeFileSync(hers, 'her own words', { mode: 0o644 });
      fs.chmodSync(hers, 0o644);
      const temp = path.join(dir, 'tmp', 'abc.partial');
      fs.mkdirSync(path.dirname(temp));
      race.afterCreate = (target) => {
        fs.rmSync(target);
        fs.symlinkSync(hers, target);
      };
      const copier = onWorker ? startCopyThreads(0) : undefined;
      const before = readCopyThreadCounts();
      let copied: { sha256: string; size: number; fd: number };
      try {
        copied = await copyThenHash(source, temp, { maxBytes: bytes.length, copier });
      } finally {
        await copier?.close();
      }
      expect(readCopyThreadCounts().workers - before.workers).toBe(onWorker ? 1 : 0);
      // The copy went into the file it created, through its descriptor: her file is untouched.
      expect(copied.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
      expect(fs.readFileSync(hers, 'utf8')).toBe('her own words');
      let renamed = false;
      const batch = new SyncBatch();
      await batch.add(copied.fd, temp, copied.size, () => {
        renamed = true;
      });
      await expect(batch.flush()).rejects.toThrow(/replaced by another file/);
      expect(renamed).toBe(false);
      expect(fs.readFileSync(hers, 'utf8')).toBe('her own words');
      expect(fs.statSync(hers).mode & 0o777).toBe(0o644);
    },
  );
});
