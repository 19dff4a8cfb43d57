import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { ThumbnailsRepository } from '../../../../main/core/db/repositories/thumbnails';
import { importPaths } from '../../../../main/core/import/pipeline';
import { checkVault } from '../../../../main/core/vault/check';
import { objectPath, thumbnailPath } from '../../../../main/core/vault/layout';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR } from './fixtures';

const PASS = 'import crash passphrase';
const ROUNDS = 10;
const child = path.resolve(import.meta.dirname, '../../../helpers/import-crash-child.ts');
/**
 * If a chosen crash point is never reached, the importer is killed after this long anyway. Long:
 * on a loaded machine (a CI run beside other work) the video's copy began only after 15 s.
 */
const CRASH_POINT_FALLBACK_MS = 120_000;

/** Kill this long after the importer announces its first committed batch. */
interface AfterFirstBatch {
  afterFirstBatchMs: number;
}

/**
 * Starts the importer, waits until it is ready, then kills it with SIGKILL: after `when` ms, or
 * that long after its first committed batch (`afterFirstBatchMs`), or as soon as `when()` says so (looked at every 2 ms; after CRASH_POINT_FALLBACK_MS regardless), or
 * lets it kill itself at the crash point set in `env`. Resolves with the evidence ids it announced
 * as imported.
 */
function runAndKill(
  env: NodeJS.ProcessEnv,
  when: number | AfterFirstBatch | (() => boolean),
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    let watch: NodeJS.Timeout | undefined;
    let stderr = '';
    let stdout = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const kill = (): void => {
        proc.kill('SIGKILL');
      };
      if (typeof when === 'object') {
        if (killTimer === undefined && /^batch \d+ imported /m.test(stdout))
          killTimer = setTimeout(kill, when.afterFirstBatchMs);
      } else if (killTimer === undefined && c.toString().includes('ready')) {
        if (typeof when === 'number') {
          killTimer = setTimeout(kill, when);
        } else {
          killTimer = setTimeout(kill, CRASH_POINT_FALLBACK_MS);
          watch = setInterval(() => {
            if (when()) kill();
          }, 2);
        }
      }
    });
    proc.on('exit', (_code, signal) => {
      if (killTimer !== undefined) clearTimeout(killTimer);
      if (watch !== undefined) clearInterval(watch);
      // Only whole lines count: a line cut off by the kill was never fully announced.
      const announced = stdout
        .split('\n')
        .slice(0, -1)
        .flatMap((line) => /^batch \d+ imported (.*)$/.exec(line)?.[1]?.split(',') ?? [])
        .filter((id) => id !== '');
      if (signal === 'SIGKILL') resolve(announced);
      else reject(new Error(`importer exited on its own: ${stderr.slice(0, 500)}`));
    });
  });
}

/** The size of the largest file in the vault's tmp/ folder (0 when there is none). */
function measureLargestTempFile(dir: string): number {
  const temp = path.join(dir, 'tmp');
  let largest = 0;
  for (const name of fs.existsSync(temp) ? fs.readdirSync(temp) : []) {
    try {
      largest = Math.max(largest, fs.statSync(path.join(temp, name)).size);
    } catch {
      // Named into objects/ or removed between the listing and the stat.
    }
  }
  return largest;
}

async function prepare(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = path.join(makeTempDir(), 'vault');
  (await Vault.create(dir, PASS, { scryptLogN: 10 })).vault.lock();
  const env = {
    ...process.env,
    CRASH_VAULT_DIR: dir,
    CRASH_PASSPHRASE: PASS,
    CRASH_SOURCE_DIR: makeTempDir(),
    CRASH_PHOTOS_DIR: PHOTOS_DIR,
  };
  return { dir, env };
}

/** What must hold after any kill: `check` clean, and every announced file committed with its file. */
async function expectCleanAfterKill(
  dir: string,
  label: string,
  announced: string[],
): Promise<void> {
  const vault = await Vault.open(dir, PASS);
  try {
    const report = await checkVault(vault);
    expect(report.problems, label).toEqual([]);
    // Sidecars are durable before their rows commit, in a group or not.
    expect(
      report.notes.filter((n) => n.kind === 'missing-sidecar'),
      label,
    ).toEqual([]);
    const evidence = new EvidenceRepository(vault.db);
    for (const id of announced) {
      const row = evidence.get(id);
      expect(row, `${label}: announced ${id}`).toBeDefined();
    }
    for (const item of evidence.listAll()) {
      expect(fs.existsSync(objectPath(vault.layout, item.blobName)), `${label}: ${item.id}`).toBe(
        true,
      );
    }
    for (const preview of new ThumbnailsRepository(vault.db)
      .list()
      .filter((t) => t.status === 'ready')) {
      expect(
        fs.existsSync(thumbnailPath(vault.layout, preview.blobName)),
        `${label}: preview`,
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
        label,
      ).toBe(true);
    }
  } finally {
    vault.lock();
  }
}

async function countEvidence(dir: string): Promise<number> {
  const vault = await Vault.open(dir, PASS);
  const total = new EvidenceRepository(vault.db).listAll().length;
  vault.lock();
  return total;
}

describe('import crash safety', () => {
  it(`leaves a clean vault after ${ROUNDS} SIGKILLs in the middle of import batches`, async () => {
    const { dir, env } = await prepare();
    let announced = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Half the kills count from start-up (mostly while the first files are hashed), half from
      // the first committed batch (later batches and their commits), so some evidence always
      // stands however slow the machine is.
      const delay = 300 + Math.floor(Math.random() * 2500);
      const ids = await runAndKill(env, round % 2 === 0 ? delay : { afterFirstBatchMs: delay });
      announced += ids.length;
      await expectCleanAfterKill(dir, `round ${round}`, ids);
    }
    const total = await countEvidence(dir);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(announced);
  }, 300_000);

  it("leaves a clean vault when killed while a big video's copy is written ahead of its reads", async () => {
    const { dir, env } = await prepare();
    const VIDEO = 60 * 1024 * 1024;
    // Killed once the video's temp copy holds 8 MiB, with its writes and the hash helper under
    // way; the video is big enough that the kill lands well before its copy is done.
    const ids = await runAndKill(
      { ...env, CRASH_VIDEO_BYTES: String(VIDEO) },
      () => measureLargestTempFile(dir) >= 8 * 1024 * 1024,
    );
    const left = measureLargestTempFile(dir);
    expect(left).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(left).toBeLessThan(VIDEO);
    await expectCleanAfterKill(dir, 'video', ids);
    // Added again, the video goes in whole: nothing half-written stands in its way.
    const source = env.CRASH_SOURCE_DIR ?? '';
    const [batch] = fs.readdirSync(source);
    const video = path.join(source, batch ?? '', 'video.mp4');
    const vault = await Vault.open(dir, PASS);
    try {
      const caseId = vault.listCases()[0]?.id ?? '';
      const [result] = await importPaths(vault, [video], { caseId });
      expect(result).toMatchObject({ status: 'imported' });
      expect((await checkVault(vault)).problems).toEqual([]);
    } finally {
      vault.lock();
    }
  }, 300_000);

  // Random kills mostly land while files are hashed; these land exactly inside a group commit:
  // at a link of a staged copy into objects/, at a sidecar's rename into place, at an fsync.
  // The first calls belong to the zip export, imported (and committed file by file) first.
  it.each([
    ['linkSync', 8],
    ['linkSync', 31],
    ['renameSync', 6],
    ['renameSync', 25],
    ['fsync', 9],
    ['fsync', 40],
  ])(
    'leaves a clean vault when killed at call %s #%i, inside a group commit',
    async (call, nth) => {
      const { dir, env } = await prepare();
      const ids = await runAndKill(
        { ...env, CRASH_AT: `${call}:${String(nth)}` },
        CRASH_POINT_FALLBACK_MS,
      );
      await expectCleanAfterKill(dir, `${call} #${String(nth)}`, ids);
      // The kill came before the first batch ended, so something was cut off mid-commit.
      expect(ids).toEqual([]);
    },
    300_000,
  );
});
