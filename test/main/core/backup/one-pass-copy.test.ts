// The one-pass copy (read, hash, write from one buffer), used when SAKSHYA_BACKUP_COPY=one-pass.
// The oracle for "the hash is of the bytes that landed" is coreutils' sha256sum of the copy.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RefusedSourceError } from '../../../../main/core/backup/backup-copy';
import { copyThenHash } from '../../../../main/core/backup/copy-then-hash';
import { copyHashing, pickCopy } from '../../../../main/core/backup/one-pass-copy';
import { SakshyaError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

const MiB = 1024 * 1024;

function writeRandom(dir: string, name: string, bytes: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, crypto.randomBytes(bytes));
  return file;
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', ['--', file], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

afterEach(() => {
  delete process.env.SAKSHYA_BACKUP_COPY;
});

describe('copyHashing', () => {
  it('copies each file to a private temp whose bytes sha256sum gives the SHA-256 it returns', async () => {
    const dir = makeTempDir();
    // Empty, one byte, exactly one chunk (4 MiB), one chunk and a byte, and several chunks.
    for (const bytes of [0, 1, 4 * MiB, 4 * MiB + 1, 9 * MiB + 3]) {
      const source = writeRandom(dir, `source-${String(bytes)}`, bytes);
      const temp = path.join(dir, `copy-${String(bytes)}.partial`);
      let reported = 0;
      const copied = await copyHashing(source, temp, {
        onBytes: (n) => {
          reported += n;
        },
      });
      try {
        expect(fs.fstatSync(copied.fd).ino).toBe(fs.statSync(temp).ino);
      } finally {
        fs.closeSync(copied.fd);
      }
      expect(copied.size).toBe(bytes);
      expect(reported).toBe(bytes);
      expect(copied.sha256).toBe(sha256sum(source));
      expect(sha256sum(temp)).toBe(copied.sha256);
      expect(fs.statSync(temp).mode & 0o777).toBe(0o600);
    }
  }, 60_000);

  it('refuses a temp someone put there first (a link to her file) and leaves her file as it was', async () => {
    const dir = makeTempDir();
    const source = writeRandom(dir, 'sidecar.age', 1000);
    const hers = path.join(makeTempDir(), 'notes-for-lawyer.txt');
    fs.writeFileSync(hers, 'her own words, never to be backed up in the clear', { mode: 0o644 });
    fs.chmodSync(hers, 0o644);
    const temp = path.join(dir, 'abc.partial');
    fs.symlinkSync(hers, temp);

    await expect(copyHashing(source, temp)).rejects.toThrow();
    expect(fs.readFileSync(hers, 'utf8')).toBe('her own words, never to be backed up in the clear');
    expect(fs.statSync(hers).mode & 0o777).toBe(0o644);
    // Not removed either: it is not a file this copy made.
    expect(fs.lstatSync(temp).isSymbolicLink()).toBe(true);
  });

  it('refuses a source longer than the listed size and leaves no partial copy', async () => {
    const dir = makeTempDir();
    const source = writeRandom(dir, 'object', 5 * MiB);
    const temp = path.join(dir, 'object.partial');
    const refused = await copyHashing(source, temp, { maxBytes: 5 * MiB - 1 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RefusedSourceError);
    expect((refused as RefusedSourceError).reason).toBe('too-big');
    expect(fs.existsSync(temp)).toBe(false);
  }, 30_000);

  it('refuses a named pipe as the source instead of waiting on it', async () => {
    const dir = makeTempDir();
    const pipe = path.join(dir, 'object');
    execFileSync('mkfifo', [pipe]);
    await expect(copyHashing(pipe, path.join(dir, 'pipe.partial'))).rejects.toThrow(
      /not a plain file/,
    );
    expect(fs.existsSync(path.join(dir, 'pipe.partial'))).toBe(false);
  });

  it('stops as CANCELLED when the run is cancelled mid-file, and removes its partial copy', async () => {
    const dir = makeTempDir();
    const source = writeRandom(dir, 'video.age', 9 * MiB);
    const temp = path.join(dir, 'video.partial');
    const controller = new AbortController();
    // Cancelled as the first chunk lands: the next chunk is never read.
    const stopped = await copyHashing(source, temp, {
      signal: controller.signal,
      onBytes: () => {
        controller.abort();
      },
    }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(SakshyaError);
    expect((stopped as SakshyaError).code).toBe('CANCELLED');
    expect(fs.existsSync(temp)).toBe(false);
  }, 30_000);

  it('is the copy a run uses only when SAKSHYA_BACKUP_COPY=one-pass; else the kernel copy', () => {
    expect(pickCopy()).toBe(copyThenHash);
    process.env.SAKSHYA_BACKUP_COPY = 'one-pass';
    expect(pickCopy()).toBe(copyHashing);
  });
});
