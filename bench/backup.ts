// Issue 18's benchmark: back up the bench vault (2,000 screenshot-sized files of random content and
// one 512 MiB video-sized file), against `cp -r` of the same vault folder plus `sync`, in the same
// run; then an incremental backup after 10 new files, and a restore, against the same copy.
// Ratios are copy time / our time: 1.0 means as fast as cp + sync, the target is at least 0.7.
// BENCH_SCREENSHOTS and BENCH_LARGE_MIB make it smaller on a busy machine (say so when reporting).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BackupService } from '../main/core/backup/backup-service';
import { Vault } from '../main/core/vault/vault';

const COUNT = Number(process.env.BENCH_SCREENSHOTS ?? 2000);
const SMALL = 300 * 1024;
const LARGE = Number(process.env.BENCH_LARGE_MIB ?? 512) * 1024 * 1024;
const MiB = 1024 * 1024;
const PASS = 'bench passphrase';

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function randomStream(bytes: number): Readable {
  const block = randomBytes(Math.min(4 * MiB, bytes));
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.push(null);
        return;
      }
      block[0] = (block[0] ?? 0) ^ 0xff;
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, bytes - sent)));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

async function addFiles(
  vault: Vault,
  caseId: string,
  count: number,
  prefix: string,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const blob = await vault.storeBlob(Readable.from([randomBytes(SMALL)]));
    vault.recordStoredBlob(caseId, blob, {
      originalName: `${prefix}_${String(i).padStart(5, '0')}.png`,
      mediaType: 'image/png',
    });
  }
}

/** `cp -r` of the folder, then `sync`, as a user would copy it by hand. */
function copyWithCp(from: string, to: string): number {
  const start = process.hrtime.bigint();
  execFileSync('cp', ['-r', from, to]);
  execFileSync('sync');
  return since(start);
}

function folderBytes(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

export async function runBackupBench(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-backup-'));
  try {
    const vaultDir = path.join(work, 'vault');
    const { vault } = await Vault.create(vaultDir, PASS, { scryptLogN: 10 });
    const target = vault.createCase({ title: 'Backup bench', timezone: 'Asia/Kolkata' });
    let start = process.hrtime.bigint();
    const large = await vault.storeBlob(randomStream(LARGE));
    vault.recordStoredBlob(target.id, large, {
      originalName: 'VID_20240512_2130.mp4',
      mediaType: 'video/mp4',
    });
    await addFiles(vault, target.id, COUNT, 'Screenshot');
    execFileSync('sync');
    console.log(
      `bench vault: ${String(COUNT)} × 300 KiB + ${String(LARGE / MiB)} MiB, ${(folderBytes(vaultDir) / MiB).toFixed(0)} MiB on disk, made in ${since(start).toFixed(1)} s`,
    );
    const service = new BackupService(() => vault);

    // The same vault folder, copied by hand (the database is closed by nobody: cp reads it as is).
    const cpFull = copyWithCp(vaultDir, path.join(work, 'copy-1'));
    const usb = path.join(work, 'usb');
    fs.mkdirSync(usb);
    start = process.hrtime.bigint();
    const full = await service.run({ folder: usb });
    const fullSeconds = since(start);
    const cpAgain = copyWithCp(vaultDir, path.join(work, 'copy-2'));
    const cpSeconds = Math.min(cpFull, cpAgain);
    const mb = full.bytesCopied / MiB;
    console.log(
      `cp -r + sync:        ${cpSeconds.toFixed(2)} s (runs ${cpFull.toFixed(2)} s, ${cpAgain.toFixed(2)} s)`,
    );
    console.log(
      `full backup:         ${fullSeconds.toFixed(2)} s, ${String(full.filesCopied)} files, ${(mb / fullSeconds).toFixed(0)} MB/s  ratio ${(cpSeconds / fullSeconds).toFixed(2)}× (target ≥ 0.7×)`,
    );

    await addFiles(vault, target.id, 10, 'New');
    start = process.hrtime.bigint();
    const incremental = await service.run({ folder: usb });
    const incSeconds = since(start);
    console.log(
      `incremental (+10):   ${incSeconds.toFixed(2)} s, ${String(incremental.filesCopied)} files copied, ${String(incremental.filesAlreadyThere)} already there (target < 2 s)`,
    );
    vault.lock();

    start = process.hrtime.bigint();
    const restored = await new BackupService(() => undefined).restore(
      path.join(work, 'restored'),
      { from: usb, secret: { kind: 'passphrase', passphrase: PASS }, allowPartial: false },
      { scryptLogN: 10 },
    );
    execFileSync('sync');
    const restoreSeconds = since(start);
    restored.vault.lock();
    console.log(
      `restore:             ${restoreSeconds.toFixed(2)} s (${String(restored.evidenceCount)} items)  ratio ${(cpSeconds / restoreSeconds).toFixed(2)}× (target ≥ 0.7×)`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
