// An export that cannot finish leaves nothing behind: a full disk (a write failure injected after N
// bytes, and a real file-size limit from prlimit in a child process), a read-only folder, a cancel.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeExportVault, PASS } from './export-vault';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CHILD = path.join(import.meta.dirname, '../../../helpers/fsize-child.ts');
const IS_ROOT = process.getuid?.() === 0;
const mounted: string[] = [];

/** A fresh tmpfs with these mount options (root only); unmounted after the test. */
function mountTmpfs(options: string): string {
  const dir = makeTempDir('sakshya-tmpfs-');
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (result.status !== 0) throw new Error(`mount failed: ${result.stderr.toString()}`);
  mounted.push(dir);
  return dir;
}

function probeMount(): boolean {
  if (!IS_ROOT) return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  if (ok) spawnSync('umount', [dir]);
  fs.rmSync(dir, { recursive: true, force: true });
  return ok;
}
const CAN_MOUNT = probeMount();

afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', [dir]);
});

/** A real file on disk whose writes fail with ENOSPC once `limit` bytes are in, as a full disk does. */
function openFillingDisk(limit: number): (file: string) => Writable {
  return (file) => {
    const fd = fs.openSync(file, 'wx');
    let written = 0;
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (written + chunk.length > limit) {
          const room = limit - written;
          fs.writeSync(fd, chunk, 0, room);
          written = limit;
          callback(
            Object.assign(new Error('ENOSPC: no space left on device, write'), {
              code: 'ENOSPC',
              errno: -28,
            }),
          );
          return;
        }
        fs.writeSync(fd, chunk);
        written += chunk.length;
        callback();
      },
      final(callback) {
        fs.closeSync(fd);
        callback();
      },
      destroy(error, callback) {
        try {
          fs.closeSync(fd);
        } catch {
          // already closed by final()
        }
        callback(error);
      },
    });
  };
}

describe('exportCase when it cannot finish', () => {
  it('reports DISK_FULL and removes the partial zip when the disk fills up mid-export', async () => {
    const { vault, caseId } = await makeExportVault();
    const outDir = makeTempDir('sakshya-out-');
    let sawPartial = false;
    const filling = openFillingDisk(300_000);
    await expect(
      exportCase(vault, {
        caseId,
        outFile: path.join(outDir, 'full.zip'),
        openOutput: (file) => {
          expect(path.dirname(file)).toBe(outDir);
          expect(path.basename(file)).toMatch(/^full\.zip\.partial-[0-9a-f]+$/);
          const stream = filling(file);
          sawPartial = fs.existsSync(file);
          return stream;
        },
      }),
    ).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(sawPartial).toBe(true);
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(vault.custody(`case:${caseId}`).some((e) => e.action === 'export')).toBe(false);
  });

  it.runIf(!IS_ROOT)(
    'reports NOT_WRITABLE for a folder without write permission, writing nothing',
    async () => {
      const { vault, caseId } = await makeExportVault();
      const outDir = makeTempDir('sakshya-out-');
      fs.chmodSync(outDir, 0o500);
      try {
        await expect(
          exportCase(vault, { caseId, outFile: path.join(outDir, 'x.zip') }),
        ).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
        expect(fs.readdirSync(outDir)).toEqual([]);
      } finally {
        fs.chmodSync(outDir, 0o700);
      }
    },
  );

  // Root ignores folder permissions, so as root a read-only file system stands in for them.
  it.runIf(CAN_MOUNT)(
    'reports NOT_WRITABLE on a read-only file system, writing nothing',
    async () => {
      const { vault, caseId } = await makeExportVault();
      const outDir = mountTmpfs('ro,size=1m');
      await expect(
        exportCase(vault, { caseId, outFile: path.join(outDir, 'x.zip') }),
      ).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
      expect(fs.readdirSync(outDir)).toEqual([]);
    },
  );

  it.runIf(CAN_MOUNT)(
    'reports DISK_FULL on a real, tiny file system that fills up, and removes the partial zip',
    async () => {
      const { vault, caseId } = await makeExportVault({ 'big.bin': 3_000_000 });
      const outDir = mountTmpfs('size=1m');
      await expect(
        exportCase(vault, { caseId, outFile: path.join(outDir, 'full.zip') }),
      ).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(fs.readdirSync(outDir)).toEqual([]);
    },
  );

  it('reports NOT_WRITABLE for a folder that does not exist', async () => {
    const { vault, caseId } = await makeExportVault();
    const outDir = makeTempDir('sakshya-out-');
    await expect(
      exportCase(vault, { caseId, outFile: path.join(outDir, 'missing', 'x.zip') }),
    ).rejects.toMatchObject({ code: 'NOT_WRITABLE' });
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('stops on cancel with CANCELLED and removes the partial zip', async () => {
    const { vault, caseId } = await makeExportVault({ 'big.bin': 8_000_000 });
    const outDir = makeTempDir('sakshya-out-');
    const controller = new AbortController();
    await expect(
      exportCase(vault, {
        caseId,
        outFile: path.join(outDir, 'cancelled.zip'),
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesDone > 0) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('reports DISK_FULL under a real file-size limit (prlimit --fsize) and removes the partial zip', async () => {
    const { vault, dir, caseId } = await makeExportVault({ 'big.bin': 3_000_000 });
    vault.lock();
    const outDir = makeTempDir('sakshya-out-');
    const child = spawnSync(
      'prlimit',
      [
        '--fsize=1000000',
        '--',
        process.execPath,
        '--import',
        'tsx',
        CHILD,
        '--vault',
        dir,
        '--json',
        'export',
        '--case',
        caseId,
        '--out',
        path.join(outDir, 'limited.zip'),
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SAKSHYA_PASSPHRASE: PASS } },
    );
    expect(child.status, child.stderr).toBe(2);
    expect(JSON.parse(child.stdout)).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(fs.readdirSync(outDir)).toEqual([]);
  });
});
