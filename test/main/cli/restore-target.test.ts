// `sakshya restore` into a folder it cannot finish in: a disk that fills part-way through the copy,
// and a read-only one. Through the real CLI, onto small tmpfs mounts (as root; skipped where the
// runner cannot mount). The backup must come out byte for byte as it went in, and the target must
// hold nothing that could later pass for a vault.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../helpers/run-cli';
import { makeTempDir, snapshotTree } from '../../helpers/temp-dir';
import { canMount, mountTmpfs, remountTmpfs } from '../../helpers/tmpfs';
import {
  addEvidence,
  expectCheckClean,
  initVault,
  listEvidence,
  readGenerationEntries,
  sakshya,
  writeNewFiles,
  type EvidenceRow,
} from '../../helpers/backup-vault';

/** Four stored copies of 1.5 MB: a 3 MiB disk holds the first ones and fills on a later one. */
const FILES = 4;
const FILE_BYTES = 1_500_000;
const SMALL_DISK_BYTES = 3 * 1024 * 1024;

interface Backed {
  caseId: string;
  usb: string;
  before: EvidenceRow[];
}

/** Her vault, backed up to an ordinary folder, then lost: only the backup is left. */
async function backedUpVault(): Promise<Backed> {
  const { dir, caseId } = await initVault();
  await addEvidence(dir, caseId, writeNewFiles(FILES, FILE_BYTES));
  const before = await listEvidence(dir, caseId);
  const usb = makeTempDir('sakshya-usb-');
  const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb]);
  expect(run.code, run.stderr).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
  return { caseId, usb, before };
}

/** Every file of the backup folder by SHA-256: the same before and after means untouched. */
function hashTree(dir: string): Map<string, string> {
  return new Map(
    [...snapshotTree(dir)].map(([file, bytes]) => [
      file,
      crypto.createHash('sha256').update(bytes).digest('hex'),
    ]),
  );
}

/** The most of `dir`'s disk in use while `run` ran (the CLI runs in this process, and yields). */
async function peakUse<T>(
  dir: string,
  run: () => Promise<T>,
): Promise<{ result: T; peak: number }> {
  let peak = 0;
  const timer = setInterval(() => {
    const stat = fs.statfsSync(dir);
    peak = Math.max(peak, (stat.blocks - stat.bfree) * stat.bsize);
  }, 1);
  try {
    const result = await run();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

async function expectBackupUnchanged(usb: string, before: Map<string, string>): Promise<void> {
  expect(hashTree(usb)).toEqual(before);
  const verify = await sakshya(['--json', 'backup', 'verify', usb, '--with-key']);
  expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  expect(parseJson<{ result: string }>(verify).result).toBe('intact');
}

/** Nothing at `target` opens or checks as a vault: `check` finds none there. */
async function expectNoVaultAt(target: string): Promise<void> {
  const check = await sakshya(['--vault', target, 'check']);
  expect(check.code, check.stdout + check.stderr).toBe(2);
  expect(check.stderr).toContain('[VAULT_NOT_FOUND]');
}

describe('sakshya restore into a folder it cannot finish in', () => {
  it('stops on a disk that fills part-way with DISK_FULL, removes all it wrote, leaves the backup byte for byte as it was, and restores in full once there is room', async (context) => {
    if (!canMount()) {
      context.skip();
      return;
    }
    const { caseId, usb, before } = await backedUpVault();
    const sizes = readGenerationEntries(usb, 1).map((entry) => entry.size);
    // Part-way: the whole vault does not fit, but its biggest file fits twice over, so the copies
    // that start first land before the disk fills.
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(SMALL_DISK_BYTES);
    expect(Math.max(...sizes) * 2).toBeLessThan(SMALL_DISK_BYTES);
    const backupBefore = hashTree(usb);

    // Once on this thread, once on the two copy workers (copy-threads.ts), which report the error
    // from another thread; into a new folder, and into an empty one she chose (the mount itself).
    for (const [threads, into] of [
      ['0', 'restored'],
      ['1', '.'],
    ] as const) {
      const small = mountTmpfs(`size=${String(SMALL_DISK_BYTES)}`);
      const target = path.join(small, into);
      const { result: run, peak } = await peakUse(small, () =>
        sakshya(['--vault', target, 'restore', '--from', usb], {
          SAKSHYA_RESTORE_COPY_THREADS: threads,
        }),
      );
      // It failed part-way: more than one stored copy's worth had been written.
      expect(peak).toBeGreaterThan(FILE_BYTES);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('[DISK_FULL]');
      expect(run.stderr).toContain(`the disk holding ${target} is full`);
      expect(run.stderr).toContain('the backup is unchanged');
      expect(run.stderr).not.toContain('backup drive');
      expect(run.stderr).not.toContain('ENOSPC');
      // All it wrote is gone: no folder of its own, no partial copy, every block free again.
      expect(fs.readdirSync(small)).toEqual([]);
      const free = fs.statfsSync(small);
      expect(free.bfree).toBe(free.blocks);
      await expectNoVaultAt(target);
      await expectBackupUnchanged(usb, backupBefore);
    }

    const roomy = mountTmpfs('size=32m');
    const restored = path.join(roomy, 'restored');
    const run = await sakshya(['--vault', restored, 'restore', '--from', usb]);
    expect(run.code, run.stderr).toBe(0);
    await expectCheckClean(restored);
    expect(await listEvidence(restored, caseId)).toEqual(before);
    await expectBackupUnchanged(usb, backupBefore);
  });

  it('refuses a read-only target with NOT_WRITABLE and creates nothing there, whether the folder is new or already there and empty', async (context) => {
    if (!canMount()) {
      context.skip();
      return;
    }
    const { usb } = await backedUpVault();
    const backupBefore = hashTree(usb);
    const readOnly = mountTmpfs('size=1m');
    fs.mkdirSync(path.join(readOnly, 'empty'));
    remountTmpfs(readOnly, 'ro');

    for (const target of [path.join(readOnly, 'restored'), path.join(readOnly, 'empty')]) {
      const run = await sakshya(['--vault', target, 'restore', '--from', usb]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('[NOT_WRITABLE]');
      expect(run.stderr).toContain(`${target} cannot be written`);
      expect(run.stderr).toContain('the backup is unchanged');
      expect(fs.readdirSync(readOnly).sort()).toEqual(['empty']);
      expect(fs.readdirSync(path.join(readOnly, 'empty'))).toEqual([]);
      await expectNoVaultAt(target);
    }
    await expectBackupUnchanged(usb, backupBefore);
  });
});
