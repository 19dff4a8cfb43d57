// The "never lost" soak (issue 16 item 9). A child process (soak-child.ts) works on one real vault
// — importing files, importing a WhatsApp zip, making previews, exporting, changing the passphrase,
// rebuilding — and is killed with SIGKILL at a random moment, N times. After each kill the soak
// opens the vault as the user would (either passphrase, since a kill can land inside `passwd`),
// runs `check`, and compares every committed item's SHA-256 with the hash its source had:
//
// - a corruption is any integrity problem `check` reports (a stored file that is missing, fails
//   decryption or its hash; a broken custody chain), or an item whose recorded hash is not its
//   source's;
// - an item is lost when it was once committed (announced by the child, or seen in the database
//   after an earlier kill) and is no longer in the database.
//
// What check names that the user is told to fix by running `rebuild` (no database after a kill
// inside rebuild, or one that is not the current generation) is fixed so, and counted as a
// recovery, not a failure: it is the documented way back, and it loses nothing.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { EvidenceRepository } from '../../main/core/db/repositories/evidence';
import { checkVault, type CheckProblem } from '../../main/core/vault/check';
import { rebuildVault } from '../../main/core/vault/rebuild';
import { Vault } from '../../main/core/vault/vault';
import { SakshyaError } from '../../shared/errors';
import { BackupService } from '../../main/core/backup/backup-service';
import { inspectBackup, type BackupWatch } from './soak-backup';
import type { SoakOperation } from './soak-child';

export interface SoakOptions {
  kills: number;
  /** Where the vault and the sources go; a fresh folder. */
  workDir: string;
  /** The longest a child runs after `ready` before it is killed; default 1500 ms. */
  maxDelayMs?: number;
  log?: (line: string) => void;
  /** Only these kinds of work (default: all of them). */
  operations?: SoakOperation[];
}

export interface SoakResult {
  kills: number;
  corruptions: number;
  lost: number;
  recoveries: number;
  committed: number;
  byOperation: Record<SoakOperation, number>;
  details: string[];
  durationMs: number;
}

const OPERATIONS: SoakOperation[] = [
  'import-files',
  'import-zip',
  'thumbnails',
  'export',
  'passwd',
  'rebuild',
  'backup',
];
const PASSPHRASES = ['soak passphrase one', 'soak passphrase two'];
const CHILD_SOURCE = path.resolve(import.meta.dirname, 'soak-child.ts');
/**
 * Bundled once per soak, into a folder of its own under dist/ (where the repository's packages
 * resolve): a child then starts in a fraction of the time tsx takes to load it.
 */
const BUNDLES = path.resolve(import.meta.dirname, '../../dist/soak');
const GENERATION_KINDS = new Set(['database-older', 'database-other', 'generation-missing']);

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(BUNDLES, { recursive: true });
  const bundleDir = fs.mkdtempSync(path.join(BUNDLES, 'run-'));
  const childBundle = path.join(bundleDir, 'soak-child.mjs');
  await build({
    entryPoints: [CHILD_SOURCE],
    outdir: bundleDir,
    // Split: each kind of work's modules load only in a child that does it (soak-child.ts).
    splitting: true,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const vaultDir = path.join(options.workDir, 'vault');
  const sourceDir = path.join(options.workDir, 'sources');
  fs.mkdirSync(sourceDir, { recursive: true });
  const backupDir = path.join(options.workDir, 'backup');
  fs.mkdirSync(backupDir, { recursive: true });
  const { vault } = await Vault.create(vaultDir, PASSPHRASES[0] ?? '', { scryptLogN: 10 });
  vault.createCase({ title: 'Soak', timezone: 'Asia/Kolkata' });
  // A first generation, so every later kill inside a backup has a previous one to keep.
  await new BackupService(() => vault).run({ folder: backupDir, keep: 3 });
  vault.lock();
  let backup: BackupWatch = { generation: 1, ids: new Set() };

  const result: SoakResult = {
    kills: 0,
    corruptions: 0,
    lost: 0,
    recoveries: 0,
    committed: 0,
    byOperation: Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<
      SoakOperation,
      number
    >,
    details: [],
    durationMs: 0,
  };
  const committed = new Set<string>();
  const lostIds = new Set<string>();
  let passphrase = 0;
  for (let kill = 0; kill < options.kills; kill += 1) {
    // Imports until there is something to preview, export and rebuild.
    const pool = options.operations ?? OPERATIONS;
    const operation =
      committed.size < 4
        ? 'import-files'
        : (pool[Math.floor(Math.random() * pool.length)] ?? 'import-files');
    const delay = Math.floor(Math.random() * (options.maxDelayMs ?? 1500));
    const spawned = Date.now();
    const run = await runAndKill(childBundle, operation, delay, {
      SOAK_VAULT_DIR: vaultDir,
      SOAK_SOURCE_DIR: sourceDir,
      SOAK_PASSPHRASES: JSON.stringify(PASSPHRASES),
      SOAK_PASSPHRASE_INDEX: String(passphrase),
      SOAK_BACKUP_DIR: backupDir,
    });
    result.kills += 1;
    result.byOperation[operation] += 1;
    for (const id of run.committed) committed.add(id);
    const killed = Date.now();
    const after = await inspectAfterKill(
      vaultDir,
      sourceDir,
      operation === 'backup'
        ? { folder: backupDir, scratch: path.join(options.workDir, 'restore'), watch: backup }
        : undefined,
    );
    passphrase = after.passphrase;
    backup = after.backup ?? backup;
    result.recoveries += after.recoveries;
    result.corruptions += after.corruptions.length;
    for (const line of after.corruptions)
      result.details.push(`kill ${kill} (${operation}): ${line}`);
    for (const id of committed) {
      if (!after.ids.has(id) && !lostIds.has(id)) {
        lostIds.add(id);
        result.details.push(
          `kill ${kill} (${operation}): evidence:${id} was committed and is gone`,
        );
      }
    }
    for (const id of after.ids) committed.add(id);
    log(
      `kill ${String(kill + 1)}/${String(options.kills)} ${operation} after ${String(delay)} ms: ${String(after.ids.size)} items, ${String(result.corruptions)} corruptions, ${String(lostIds.size)} lost (child ${String(killed - spawned)} ms, ready after ${String(run.readyMs)} ms, check ${String(Date.now() - killed)} ms)`,
    );
  }
  fs.rmSync(bundleDir, { recursive: true, force: true });
  result.lost = lostIds.size;
  result.committed = committed.size;
  result.durationMs = Date.now() - started;
  return result;
}

interface ChildRun {
  committed: string[];
  /** From spawn to `ready`: the child's start-up, which dominates a soak's time. */
  readyMs: number;
}

/** Starts one child, kills it `delayMs` after it is ready (or whenever it exits on its own). */
function runAndKill(
  childBundle: string,
  operation: SoakOperation,
  delayMs: number,
  env: Record<string, string>,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [childBundle, operation], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const spawnedAt = Date.now();
    let readyMs = -1;
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (timer === undefined && stdout.includes('ready\n')) {
        readyMs = Date.now() - spawnedAt;
        timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.on('exit', (_code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the ${operation} child ended on its own: ${stderr.slice(0, 800)}`));
        return;
      }
      // Only whole lines count: a line cut off by the kill was never fully announced.
      const committed = stdout
        .split('\n')
        .slice(0, -1)
        .flatMap((line) => /^committed (.*)$/.exec(line)?.[1]?.split(',') ?? [])
        .filter((id) => id !== '');
      resolve({ committed, readyMs });
    });
  });
}

interface AfterKill {
  ids: Set<string>;
  /** After a kill inside a backup: what the backup folder now holds. */
  backup?: BackupWatch;
  corruptions: string[];
  recoveries: number;
  passphrase: number;
}

/** Opens the vault as its user would, recovers as the messages say, and compares everything. */
async function inspectAfterKill(
  vaultDir: string,
  sourceDir: string,
  backup?: { folder: string; scratch: string; watch: BackupWatch },
): Promise<AfterKill> {
  let recoveries = 0;
  let opened = await openWithEither(vaultDir);
  if (opened.vault === null) {
    // A kill between rebuild's two renames leaves no database: unlock says to run rebuild.
    const { vault } = await rebuildVault(vaultDir, PASSPHRASES[opened.passphrase] ?? '');
    vault.lock();
    recoveries += 1;
    opened = await openWithEither(vaultDir);
  }
  let vault = opened.vault;
  if (vault === null) throw new Error('the vault does not open after a kill, even after rebuild');
  let report = await checkVault(vault);
  if (report.problems.some((p) => GENERATION_KINDS.has(p.kind))) {
    // A kill inside rebuild, after the new database is in place but before it is recorded as
    // current: check names it and says to run rebuild (or adopt), which the user then does.
    vault.lock();
    const rebuilt = await rebuildVault(vaultDir, PASSPHRASES[opened.passphrase] ?? '');
    rebuilt.vault.lock();
    recoveries += 1;
    vault = await Vault.open(vaultDir, PASSPHRASES[opened.passphrase] ?? '');
    report = await checkVault(vault);
  }
  try {
    const corruptions = report.problems.map(describeProblem);
    const expected = readExpected(sourceDir);
    const ids = new Set<string>();
    for (const item of new EvidenceRepository(vault.db).listAll()) {
      ids.add(item.id);
      const hashes = expected.get(item.originalName);
      if (hashes === undefined)
        corruptions.push(`evidence:${item.id} "${item.originalName}" has no source`);
      else if (!hashes.has(item.sha256))
        corruptions.push(`evidence:${item.id} "${item.originalName}" does not hash as its source`);
    }
    if (backup === undefined)
      return { ids, corruptions, recoveries, passphrase: opened.passphrase };
    const looked = await inspectBackup(
      vault,
      backup.folder,
      backup.scratch,
      PASSPHRASES,
      expected,
      backup.watch,
    );
    corruptions.push(...looked.problems);
    return {
      ids,
      corruptions,
      recoveries,
      passphrase: opened.passphrase,
      backup: looked.watch,
    };
  } finally {
    vault.lock();
  }
}

async function openWithEither(
  vaultDir: string,
): Promise<{ vault: Vault | null; passphrase: number }> {
  let missing: number | null = null;
  for (const [index, passphrase] of PASSPHRASES.entries()) {
    try {
      return { vault: await Vault.open(vaultDir, passphrase), passphrase: index };
    } catch (error) {
      if (!(error instanceof SakshyaError)) throw error;
      if (error.code === 'WRONG_PASSPHRASE') continue;
      if (error.code === 'VAULT_CORRUPT' && error.message.includes('database is missing')) {
        missing = index;
        continue;
      }
      throw error;
    }
  }
  if (missing !== null) return { vault: null, passphrase: missing };
  throw new Error('neither passphrase opens the vault after a kill');
}

function describeProblem(problem: CheckProblem): string {
  return `${problem.kind} ${problem.subject}: ${problem.message}`;
}

/** name → the SHA-256 of every source written under that name (a partial last line is skipped). */
function readExpected(sourceDir: string): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const file = path.join(sourceDir, 'expected.jsonl');
  if (!fs.existsSync(file)) return map;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    try {
      const { name, sha256 } = JSON.parse(line) as { name: string; sha256: string };
      const set = map.get(name) ?? new Set<string>();
      set.add(sha256);
      map.set(name, set);
    } catch {
      // The line a kill cut short.
    }
  }
  return map;
}
