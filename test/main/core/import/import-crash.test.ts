import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { ThumbnailsRepository } from '../../../../main/core/db/repositories/thumbnails';
import { checkVault } from '../../../../main/core/vault/check';
import { objectPath, thumbnailPath } from '../../../../main/core/vault/layout';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR } from './fixtures';

const PASS = 'import crash passphrase';
const ROUNDS = 6;
const child = path.resolve(import.meta.dirname, '../../../helpers/import-crash-child.ts');

/** Starts the importer, waits until it is ready, then kills it with SIGKILL after `delayMs`. */
function runAndKill(env: NodeJS.ProcessEnv, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout.on('data', (c: Buffer) => {
      if (killTimer === undefined && c.toString().includes('ready')) {
        killTimer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.on('exit', (_code, signal) => {
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`importer exited on its own: ${stderr.slice(0, 500)}`));
    });
  });
}

describe('import crash safety', () => {
  it(`leaves a clean vault after ${ROUNDS} SIGKILLs in the middle of import batches`, async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const source = makeTempDir();
    Vault.create(dir, PASS, { scryptLogN: 10 }).vault.lock();
    const env = {
      ...process.env,
      CRASH_VAULT_DIR: dir,
      CRASH_PASSPHRASE: PASS,
      CRASH_SOURCE_DIR: source,
      CRASH_PHOTOS_DIR: PHOTOS_DIR,
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      await runAndKill(env, 200 + Math.floor(Math.random() * 1500));
      const vault = Vault.open(dir, PASS);
      try {
        const report = await checkVault(vault);
        expect(report.problems, `round ${round}`).toEqual([]);
        for (const item of new EvidenceRepository(vault.db).listAll()) {
          expect(
            fs.existsSync(objectPath(vault.layout, item.blobName)),
            `round ${round}: ${item.id}`,
          ).toBe(true);
        }
        for (const preview of new ThumbnailsRepository(vault.db)
          .list()
          .filter((t) => t.status === 'ready')) {
          expect(
            fs.existsSync(thumbnailPath(vault.layout, preview.blobName)),
            `round ${round}: preview`,
          ).toBe(true);
        }
        // A chat's events and its custody entry are written together: never one without the other.
        const caseId = vault.listCases()[0]?.id ?? '';
        const chatIds = new Set(
          new EventsRepository(vault.db)
            .listByCase(caseId)
            .map((e) => String(e.details.chatEvidenceId)),
        );
        for (const id of chatIds) {
          expect(
            vault.custody(`evidence:${id}`).some((e) => e.action === 'chat.imported'),
            `round ${round}`,
          ).toBe(true);
        }
      } finally {
        vault.lock();
      }
    }
    const vault = Vault.open(dir, PASS);
    const total = new EvidenceRepository(vault.db).listAll().length;
    vault.lock();
    expect(total).toBeGreaterThan(0);
  });
});
