import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { checkVault } from '../../../../main/core/vault/check';
import { objectPath } from '../../../../main/core/vault/layout';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'crash test passphrase';
const ROUNDS = 50;
const child = path.resolve(import.meta.dirname, '../../../helpers/crash-child.ts');

/** Starts the writer, waits until it is storing, then kills it with SIGKILL after `delayMs`. */
function runAndKill(env: NodeJS.ProcessEnv, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stored = 0;
    let killTimer: NodeJS.Timeout | undefined;
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout.on('data', (c: Buffer) => {
      const text = c.toString();
      stored += (text.match(/stored/g) ?? []).length;
      if (killTimer === undefined && text.includes('ready')) {
        killTimer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.on('exit', (_code, signal) => {
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (signal === 'SIGKILL') resolve(stored);
      else reject(new Error(`writer exited on its own: ${stderr.slice(0, 500)}`));
    });
  });
}

describe('crash safety', () => {
  it(`leaves a clean vault after ${ROUNDS} SIGKILLs at random moments while storing files and writing rows`, async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const source = makeTempDir();
    (await Vault.create(dir, PASS, { scryptLogN: 10 })).vault.lock();
    const env = {
      ...process.env,
      CRASH_VAULT_DIR: dir,
      CRASH_PASSPHRASE: PASS,
      CRASH_SOURCE_DIR: source,
    };
    let reportedStored = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      reportedStored += await runAndKill(env, Math.floor(Math.random() * 400));
      const vault = await Vault.open(dir, PASS);
      try {
        const report = await checkVault(vault);
        expect(report.problems, `round ${round}`).toEqual([]);
        for (const item of new EvidenceRepository(vault.db).listAll()) {
          expect(
            fs.existsSync(objectPath(vault.layout, item.blobName)),
            `round ${round}: ${item.id}`,
          ).toBe(true);
        }
      } finally {
        vault.lock();
      }
      for (const f of fs.readdirSync(source)) fs.rmSync(path.join(source, f));
    }
    const vault = await Vault.open(dir, PASS);
    const total = new EvidenceRepository(vault.db).listAll().length;
    vault.lock();
    // Every file the writer announced is committed; the kills interrupted others mid-write.
    expect(total).toBeGreaterThanOrEqual(reportedStored);
    expect(total).toBeGreaterThan(0);
  }, 600_000);
});
