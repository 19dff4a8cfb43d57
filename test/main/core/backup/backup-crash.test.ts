// A SIGKILL at a random moment during a backup, 20 times: the backup folder always holds a complete
// previous generation, `verify` finds no damage (only the killed run's leftovers, as notes), and it
// restores into a vault that `check` finds clean.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackupService } from '../../../../main/core/backup/backup-service';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { checkVault } from '../../../../main/core/vault/check';
import { Vault } from '../../../../main/core/vault/vault';
import { bundleTestChild } from '../../../helpers/bundle-test-child';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'backup crash passphrase';
const ROUNDS = 20;
const source = path.resolve(import.meta.dirname, '../../../helpers/backup-crash-child.ts');
let child = '';

beforeAll(async () => {
  child = await bundleTestChild(source);
});

/** Starts the backup loop, and kills it with SIGKILL `delayMs` after its first backup starts. */
function runAndKill(env: NodeJS.ProcessEnv, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let published = 0;
    let killTimer: NodeJS.Timeout | undefined;
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout.on('data', (c: Buffer) => {
      const text = c.toString();
      published += (text.match(/published/g) ?? []).length;
      if (killTimer === undefined && text.includes('backing-up')) {
        killTimer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.on('exit', (_code, signal) => {
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (signal === 'SIGKILL') resolve(published);
      else reject(new Error(`the backup loop exited on its own: ${stderr.slice(0, 800)}`));
    });
  });
}

describe('backup crash safety', () => {
  it(`keeps the previous generation restorable and clean after ${String(ROUNDS)} SIGKILLs at random moments during backups`, async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const files = makeTempDir();
    const usb = makeTempDir('sakshya-usb-');
    const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    const owner = vault.createCase({ title: 'Crash target' });
    for (let i = 0; i < 12; i += 1) {
      const file = path.join(files, `seed-${String(i)}.bin`);
      fs.writeFileSync(file, crypto.randomBytes(i === 0 ? 3_000_000 : 60_000));
      await vault.addFile(owner.id, file);
    }
    await new BackupService(() => vault).run({ folder: usb });
    vault.lock();
    const env = {
      ...process.env,
      CRASH_VAULT_DIR: dir,
      CRASH_PASSPHRASE: PASS,
      CRASH_SOURCE_DIR: files,
      CRASH_BACKUP_DIR: usb,
    };
    let published = 0;
    let lastGeneration = 1;
    let interrupted = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      published += await runAndKill(env, Math.floor(Math.random() * 500));
      const service = new BackupService(() => undefined);
      const report = await service.verify({ folder: usb });
      expect(report.problems, `round ${String(round)}`).toEqual([]);
      expect(report.generation ?? 0).toBeGreaterThanOrEqual(lastGeneration);
      lastGeneration = report.generation ?? 0;
      if (report.notes.some((note) => note.code === 'leftover-temp')) interrupted += 1;
      const restoredDir = path.join(makeTempDir(), 'restored');
      const { vault: restored, generation } = await service.restore(restoredDir, {
        from: usb,
        secret: { kind: 'passphrase', passphrase: PASS },
        allowPartial: false,
      });
      try {
        expect(generation).toBe(lastGeneration);
        const check = await checkVault(restored);
        expect(check.problems, `round ${String(round)}`).toEqual([]);
        expect(new EvidenceRepository(restored.db).listAll().length).toBeGreaterThanOrEqual(12);
      } finally {
        restored.lock();
        fs.rmSync(path.dirname(restoredDir), { recursive: true, force: true });
      }
    }
    // Some rounds finished backups and some were cut short; every published one counted.
    expect(lastGeneration).toBeGreaterThanOrEqual(1 + published);
    // The kills did land in the middle of backups, not only between them.
    expect(interrupted).toBeGreaterThan(0);
  }, 300_000);
});
