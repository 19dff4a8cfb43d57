// A small real vault made through the real CLI, with evidence whose content and names the backup
// tests then look for in the backup folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { BackupService, type BackupProgress } from '../../main/core/backup/backup-service';
import { Vault } from '../../main/core/vault/vault';
import { parseJson, runSakshya, type CliRun } from './run-cli';
import { makeTempDir } from './temp-dir';

export const PASS = 'correct horse battery staple';
export const MARKER = 'SAKSHYA-BACKUP-MARKER-7f3a9c';
/** Original file names that must never appear in a backup. */
export const NAMES = ['Meera-threat-call.txt', 'Agent-Ravi-utf16.txt', 'morphed-photo-b64.txt'];

export interface EvidenceRow {
  id: string;
  sha256: string;
  originalName: string;
  size: number;
}

export async function sakshya(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runSakshya(args, { SAKSHYA_PASSPHRASE: PASS, ...env });
}

export async function initVault(): Promise<{ dir: string; recoveryKey: string; caseId: string }> {
  const dir = path.join(makeTempDir('sakshya-bk-'), 'vault');
  const init = await sakshya(['--vault', dir, '--json', 'init']);
  expect(init.code, init.stderr).toBe(0);
  const created = await sakshya([
    '--vault',
    dir,
    '--json',
    'case',
    'create',
    '--title',
    'XYZ Loan app',
  ]);
  expect(created.code, created.stderr).toBe(0);
  return {
    dir,
    recoveryKey: parseJson<{ recoveryKey: string }>(init).recoveryKey,
    caseId: parseJson<{ id: string }>(created).id,
  };
}

/** The three marker files (plain, UTF-16 and base64 of the marker) plus `extra` random pictures. */
export function writeEvidence(extra: number, prefix = 'shot'): string[] {
  const folder = makeTempDir('sakshya-src-');
  const files = [
    [NAMES[0], Buffer.from(`Threat at 10 pm: ${MARKER}\n`)],
    [NAMES[1], Buffer.from(`\ufeffAgent said ${MARKER}`, 'utf16le')],
    [NAMES[2], Buffer.from(`data:${Buffer.from(`photo ${MARKER}`).toString('base64')}`)],
  ] as const;
  const paths = files.map(([name, bytes]) => {
    const file = path.join(folder, name ?? 'x');
    fs.writeFileSync(file, bytes);
    return file;
  });
  for (let i = 0; i < extra; i += 1) {
    const file = path.join(
      folder,
      `${prefix}-${String(i)}-${crypto.randomBytes(3).toString('hex')}.png`,
    );
    fs.writeFileSync(file, crypto.randomBytes(2000 + i * 700));
    paths.push(file);
  }
  return paths;
}

/** `count` files of `size` random bytes each, named new-0.bin, new-1.bin… */
export function writeNewFiles(count: number, size = 5000): string[] {
  const folder = makeTempDir('sakshya-new-');
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(folder, `new-${String(i)}.bin`);
    fs.writeFileSync(file, crypto.randomBytes(size));
    return file;
  });
}

export async function addEvidence(dir: string, caseId: string, files: string[]): Promise<void> {
  const run = await sakshya(['--vault', dir, '--json', 'add', '--case', caseId, ...files]);
  expect(run.code, run.stderr).toBe(0);
}

export async function listEvidence(
  dir: string,
  caseId: string,
  pass = PASS,
): Promise<EvidenceRow[]> {
  const run = await sakshya(['--vault', dir, '--json', 'case', 'show', caseId], {
    SAKSHYA_PASSPHRASE: pass,
  });
  expect(run.code, run.stderr).toBe(0);
  return parseJson<{ evidence: EvidenceRow[] }>(run)
    .evidence.map(({ id, sha256, originalName, size }) => ({ id, sha256, originalName, size }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export async function expectCheckClean(dir: string, pass = PASS): Promise<void> {
  const check = await sakshya(['--vault', dir, 'check'], { SAKSHYA_PASSPHRASE: pass });
  expect(check.stdout + check.stderr).toContain('Everything matches.');
  expect(check.code, check.stdout + check.stderr).toBe(0);
}

/** Every file under `dir`, recursively. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The one vault subfolder of a backup folder. */
export function vaultSubfolder(backupFolder: string): string {
  const names = fs.readdirSync(backupFolder).filter((name) => /^[0-9a-f]{32}$/.test(name));
  expect(names).toHaveLength(1);
  return path.join(backupFolder, names[0] ?? '');
}

/** The manifest of generation `seq` in a backup folder. */
export function generationFile(backupFolder: string, seq: number): string {
  return path.join(
    vaultSubfolder(backupFolder),
    'generations',
    `${String(seq).padStart(8, '0')}.json`,
  );
}

/** One file as a generation's manifest lists it. */
export interface GenerationEntry {
  path: string;
  sha256: string;
  size: number;
  objectStamp?: string;
}

/** The files generation `seq` lists. */
export function readGenerationEntries(backupFolder: string, seq: number): GenerationEntry[] {
  const manifest = JSON.parse(fs.readFileSync(generationFile(backupFolder, seq), 'utf8')) as {
    files: GenerationEntry[];
  };
  return manifest.files;
}

/**
 * Her computer is lost: the vault folder goes, and a restore from `usb` (the folder she backed up
 * to) into a new folder brings back every piece of evidence as it was.
 */
export async function expectRestoresAfterLoss(
  dir: string,
  usb: string,
  caseId: string,
): Promise<void> {
  const before = await listEvidence(dir, caseId);
  fs.rmSync(dir, { recursive: true, force: true });
  const restored = path.join(makeTempDir(), 'restored');
  const restore = await sakshya(['--vault', restored, '--json', 'restore', '--from', usb]);
  expect(restore.code, restore.stdout + restore.stderr).toBe(0);
  expect(await listEvidence(restored, caseId)).toEqual(before);
}

/** Where generation `seq` keeps the object of the file it lists at `listed` (e.g. a key file). */
export function objectOfListed(backupFolder: string, seq: number, listed: string): string {
  const sha256 = readGenerationEntries(backupFolder, seq).find(
    (entry) => entry.path === listed,
  )?.sha256;
  expect(sha256, `generation ${String(seq)} lists ${listed}`).toBeDefined();
  return path.join(
    vaultSubfolder(backupFolder),
    'objects',
    (sha256 ?? '').slice(0, 2),
    sha256 ?? '',
  );
}

/** A vault made in this process, with one case and `count` random "screenshots" of `bytes` each. */
export async function makeVaultWithShots(count: number, bytes = 20_000): Promise<Vault> {
  return makeVaultOfSizes(Array.from({ length: count }, () => bytes));
}

/** A vault made in this process, with one case and a random "screenshot" of each size. */
export async function makeVaultOfSizes(sizes: readonly number[]): Promise<Vault> {
  const { vault } = await Vault.create(path.join(makeTempDir('sakshya-bk-'), 'vault'), PASS, {
    scryptLogN: 10,
  });
  const target = vault.createCase({ title: 'Loan app', timezone: 'Asia/Kolkata' });
  for (const [i, size] of sizes.entries()) {
    const blob = await vault.storeBlob(Readable.from([crypto.randomBytes(size)]));
    vault.recordStoredBlob(target.id, blob, {
      originalName: `shot-${String(i)}.png`,
      mediaType: 'image/png',
    });
  }
  return vault;
}

/** Every file of a vault folder but its database, by SHA-256 (two restores compared). */
export function hashVaultFiles(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.startsWith('sakshya.db') && entry.name !== 'generation.json')
        found.set(
          path.relative(dir, full),
          crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'),
        );
    }
  };
  walk(dir);
  return found;
}

/**
 * Her vault restored in this process from `usb` with her passphrase into a new folder, whole
 * (`evidenceCount` items, nothing missing), then locked: its files by SHA-256.
 */
export async function restoreAndHash(
  usb: string,
  evidenceCount: number,
): Promise<Map<string, string>> {
  const dir = path.join(makeTempDir(), 'restored');
  const restored = await new BackupService(() => undefined).restore(
    dir,
    { from: usb, secret: { kind: 'passphrase', passphrase: PASS }, allowPartial: false },
    { scryptLogN: 10 },
  );
  expect(restored.evidenceCount).toBe(evidenceCount);
  expect(restored.missing).toEqual([]);
  restored.vault.lock();
  return hashVaultFiles(dir);
}

/** Bytes of each manifest `plantManifest` writes. */
export const PLANTED_BYTES = 3_000;

/** What someone who can write the backup folder plants as generation `seq`: junk of PLANTED_BYTES. */
export function plantManifest(usb: string, seq: number): string {
  const file = generationFile(usb, seq);
  fs.writeFileSync(file, `{"seq":${String(seq)}${' '.repeat(PLANTED_BYTES - 10)}}`);
  return file;
}

/** A restore from `usb` into `target` with the passphrase, calling `during` at each progress report. */
export function restoreVaultInto(
  target: string,
  usb: string,
  during: (progress: BackupProgress) => void = () => undefined,
) {
  return new BackupService(() => undefined).restore(
    target,
    {
      from: usb,
      secret: { kind: 'passphrase', passphrase: PASS },
      allowPartial: false,
      onProgress: during,
    },
    { scryptLogN: 10 },
  );
}

/** A vault holding files of these sizes, backed up once to a new folder and locked: that folder. */
export async function backUpVaultOfSizes(sizes: readonly number[]): Promise<string> {
  const vault = await makeVaultOfSizes(sizes);
  const usb = makeTempDir('sakshya-usb-');
  await new BackupService(() => vault).run({ folder: usb });
  vault.lock();
  return usb;
}
