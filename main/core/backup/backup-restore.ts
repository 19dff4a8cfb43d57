// Restore: make a new vault from a backup's newest authentic generation. Never into a folder that
// holds a vault or any trace of one. Everything is copied into tmp/ of the new folder and checked
// against the manifest first, and the restore recorded in it there (restore-record.ts); only a
// complete copy (or, when she chose it, everything intact) is moved into place, vault.json last,
// so a failure or a kill leaves no vault behind and nothing overwritten.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupFinding } from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import { fsyncDirectory, renameWithRetry } from '../fs/atomic-write';
import type { VaultKeys } from '../keys/key-file';
import {
  assertAcceptablePassphrase,
  DEFAULT_SCRYPT_LOG_N,
  normalizePassphrase,
  openPassphraseKeyFile,
  openRecoveryKeyFile,
  setPassphrase,
} from '../keys/key-store';
import { describeVaultLayout } from '../vault/layout';
import { findVaultTraces, vaultExists } from '../vault/manifest';
import { Vault } from '../vault/vault';
import {
  createByteCounter,
  RefusedSourceError,
  describeTargetError,
  fsyncFolders,
  runPool,
  SyncBatch,
  throwIfAborted,
  type BoundedCopier,
} from './backup-copy';
import { pickVaultBackup } from './backup-folder';
import {
  ESSENTIAL_PATHS,
  manifestIsAuthentic,
  manifestKeysFrom,
  objectFile,
  objectLabel,
  readManifests,
  MAX_MANIFEST_BYTES_IN_ALL,
  describeTooNew,
  readMarker,
  vaultIdFor,
  type BackupLayout,
  type Manifest,
  type ManifestEntry,
} from './backup-layout';
import { pickCopy } from './one-pass-copy';
import { startCopyThreads } from './copy-threads';
import { describeHalfPlaced, describeRestoreTargetError } from './restore-errors';
import { recordRestore } from './restore-record';
import { makeStaging } from './restore-stage';
import type { RestoreOutcome, RestoreRequest, VerifySecret } from './backup-service';

export async function restoreBackup(
  vaultDir: string,
  request: RestoreRequest,
  options: { scryptLogN?: number } = {},
): Promise<RestoreOutcome> {
  const target = path.resolve(vaultDir);
  refuseExistingVault(target);
  if (request.secret.kind === 'recovery-key')
    assertAcceptablePassphrase(normalizePassphrase(request.secret.newPassphrase));
  const layout = pickVaultBackup(request.from, request.vaultId);
  const vaultId = readMarker(layout).vaultId;
  const manifests = readUsableManifests(layout, vaultId);
  const keys = await unwrapBackupKeys(layout, manifests, request.secret);
  let handedOver = false;
  try {
    if (vaultIdFor(keys.recipient) !== vaultId)
      throw new SakshyaError(
        'BACKUP_DAMAGED',
        'the key file in this backup belongs to another vault',
      );
    const { manifest, forged } = pickAuthentic(manifests, keys);
    const restored = await buildInStaging(
      target,
      { layout, vaultId, manifest, forged, keys },
      request,
      options,
    );
    const vault = await Vault.openWithUnwrappedKeys(target, keys);
    handedOver = true;
    return { ...restored, vault };
  } finally {
    if (!handedOver) {
      keys.databaseKey.fill(0);
      keys.namingKey.fill(0);
    }
  }
}

interface RestoreSource {
  layout: BackupLayout;
  vaultId: string;
  manifest: Manifest;
  forged: BackupFinding[];
  keys: VaultKeys;
}

/**
 * The whole vault made in a staging folder, its restore recorded there, and only then moved into
 * `target`, vault.json last; on any failure, the staging folder and the folders it made removed.
 * Recorded after the move (as it was), a kill between the two left a vault whose custody log
 * lacked the restore and whose `check` named its database as maybe an older copy put back.
 */
async function buildInStaging(
  target: string,
  source: RestoreSource,
  request: RestoreRequest,
  options: { scryptLogN?: number },
): Promise<Omit<RestoreOutcome, 'vault'>> {
  const made = foldersToMake(target);
  let staging: string | undefined;
  let restored: Omit<RestoreOutcome, 'vault'>;
  try {
    staging = makeStaging(target);
    const missing = await copyGeneration(
      source.layout,
      source.manifest,
      staging,
      request,
      source.forged,
    );
    if (request.secret.kind === 'recovery-key') {
      await setPassphrase(
        staging,
        source.keys,
        request.secret.newPassphrase,
        options.scryptLogN ?? DEFAULT_SCRYPT_LOG_N,
      );
    }
    restored = await recordRestore(staging, source.keys, {
      vaultFolder: target,
      vaultId: source.vaultId,
      manifest: source.manifest,
      missing,
      secret: request.secret.kind,
      folder: path.dirname(source.layout.root),
      backupRoot: source.layout.root,
    });
    moveIntoPlace(staging, target);
  } catch (error) {
    // Removed first, then said of her new folder (restore-errors.ts). A removal that fails (the
    // disk went read-only) is said too: thrown from here, it hid the error behind a bare EROFS.
    const kept = staging !== undefined && !removeQuietly(staging) ? staging : undefined;
    removeEmptyFolders(made);
    throw describeRestoreTargetError(error, target, sumSizes(source.manifest), kept);
  }
  fs.rmSync(staging, { recursive: true, force: true });
  return restored;
}

/** Whether `folder` is gone: removed now, or never there. */
function removeQuietly(folder: string): boolean {
  try {
    fs.rmSync(folder, { recursive: true, force: true });
    return true;
  } catch {
    return !fs.existsSync(folder);
  }
}

/**
 * Names a vault places or writes in its folder, besides settings.json (hers from the first run,
 * kept) and tmp/. One already there would be replaced by the restore or by the vault's first
 * open (generation.json), or stop the move half-way (a folder not empty), leaving half a vault.
 */
const VAULT_NAMES = [
  'generation.json',
  'inbox',
  'sakshya.db-journal',
  'sakshya.db-shm',
  'sakshya.db-wal',
  'thumbnails',
];

function refuseExistingVault(target: string): void {
  const layout = describeVaultLayout(target);
  const traces = findVaultTraces(layout);
  if (vaultExists(layout) || traces.length > 0) {
    throw new SakshyaError(
      'VAULT_EXISTS',
      `a vault is already at ${target}${traces.length > 0 ? ` (${traces.join(', ')})` : ''}; a restore never writes into an existing vault. Choose a new folder`,
    );
  }
  const taken = VAULT_NAMES.filter((name) => lstatOrNull(path.join(target, name)) !== null);
  if (taken.length > 0)
    throw new SakshyaError(
      'NOT_WRITABLE',
      `${target} already holds ${taken.join(', ')}, which a restored vault would replace; nothing was changed. Choose an empty folder`,
    );
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function readUsableManifests(layout: BackupLayout, vaultId: string): Manifest[] {
  const reads = readManifests(layout, MAX_MANIFEST_BYTES_IN_ALL);
  if (reads[0]?.ok === false && reads[0].reason === 'too-new')
    throw new SakshyaError('BACKUP_TOO_NEW', describeTooNew(reads[0].file));
  const manifests = reads.flatMap((read) =>
    read.ok && read.manifest.vaultId === vaultId ? [read.manifest] : [],
  );
  if (manifests.length === 0)
    throw new SakshyaError('BACKUP_DAMAGED', 'this backup holds no complete generation');
  return manifests;
}

/**
 * The keys, from the newest generation's wrapped key file that the secret opens. A key file an
 * intruder swapped in does not open with her secret, so the older, real one is tried next.
 */
export async function unwrapBackupKeys(
  layout: BackupLayout,
  manifests: Manifest[],
  secret: VerifySecret,
): Promise<VaultKeys> {
  const wanted = secret.kind === 'passphrase' ? 'keys/passphrase.age' : 'keys/recovery.age';
  const tried = new Set<string>();
  let refusal: unknown = new SakshyaError(
    'BACKUP_DAMAGED',
    `no generation holds a readable ${wanted}`,
  );
  for (const manifest of manifests) {
    const entry = manifest.files.find((file) => file.path === wanted);
    if (entry === undefined || tried.has(entry.sha256)) continue;
    tried.add(entry.sha256);
    const file = await copyKeyFile(objectFile(layout, entry.sha256), entry);
    if (file === null) continue;
    try {
      return secret.kind === 'passphrase'
        ? await openPassphraseKeyFile(file, secret.passphrase)
        : await openRecoveryKeyFile(file, secret.recoveryKey);
    } catch (error) {
      if (!(error instanceof SakshyaError)) throw error;
      if (error.code === 'WRONG_PASSPHRASE' || error.code === 'WRONG_RECOVERY_KEY')
        refusal = new SakshyaError(error.code, describeWhoseBackup(manifest));
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }
  throw refusal;
}

/**
 * Which backup her secret did not open. Someone who can write the folder may have put a backup of
 * their own vault there in place of hers: it never opens with her secret, and "not right" alone
 * would make her doubt her passphrase. The id and date are unauthenticated: only named.
 */
function describeWhoseBackup(manifest: Manifest): string {
  return `it does not open the backup of vault ${manifest.vaultId} (its newest generation says ${manifest.createdAt}); if that is not the vault you backed up, choose another folder`;
}

const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * A private copy of a wrapped key file (it is age-encrypted: nothing secret lands in tmp), taken
 * only from a plain file, no longer than the manifest says, and with the manifest's SHA-256. A pipe
 * or a link to /dev/zero in its place would otherwise block or fill memory before scrypt starts.
 * null when the object is missing, not plain, or not the one listed.
 */
async function copyKeyFile(source: string, entry: ManifestEntry): Promise<string | null> {
  // A real one is under 1 KiB; an unauthenticated manifest may list anything as one.
  if (entry.size > MAX_KEY_FILE_BYTES) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-key-'));
  const copy = path.join(dir, 'key.age');
  try {
    const copied = await pickCopy()(source, copy, { maxBytes: entry.size });
    fs.closeSync(copied.fd);
    if (copied.sha256 === entry.sha256 && copied.size === entry.size) return copy;
  } catch (error) {
    const gone = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    if (!(error instanceof RefusedSourceError) && !gone) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return null;
}

/** The newest generation this vault's key vouches for; any newer forged one is a problem. */
function pickAuthentic(
  manifests: Manifest[],
  keys: VaultKeys,
): { manifest: Manifest; forged: BackupFinding[] } {
  const manifestKeys = manifestKeysFrom(keys);
  const forged: BackupFinding[] = [];
  for (const manifest of manifests) {
    if (manifestIsAuthentic(manifestKeys, manifest)) return { manifest, forged };
    const file = `generations/${String(manifest.seq).padStart(8, '0')}.json`;
    forged.push({
      code: 'manifest-forged',
      file,
      message: `${file} was not written by this vault (it was changed or swapped); an older generation was used`,
    });
  }
  throw new SakshyaError('BACKUP_DAMAGED', 'no generation of this backup is authentic');
}

function sumSizes(manifest: Manifest): number {
  return manifest.files.reduce((sum, entry) => sum + entry.size, 0);
}

/** The target and its tmp/, when a restore would make them: a refused one leaves neither. */
function foldersToMake(target: string): string[] {
  return [path.join(target, 'tmp'), target].filter((folder) => !fs.existsSync(folder));
}

/** Best effort, and only folders left empty: rmdir never removes anything inside. */
function removeEmptyFolders(folders: string[]): void {
  for (const folder of folders) {
    try {
      fs.rmdirSync(folder);
    } catch {
      // Not empty (something else put a file there), or already gone: left as it is.
    }
  }
}

/**
 * Copies every file of the generation into `staging`, each checked against its SHA-256. Returns
 * what could not be restored; throws BACKUP_DAMAGED (naming each problem) when anything essential
 * is damaged, or anything at all and she did not choose to restore what is intact.
 */
async function copyGeneration(
  layout: BackupLayout,
  manifest: Manifest,
  staging: string,
  request: RestoreRequest,
  forged: BackupFinding[],
): Promise<BackupFinding[]> {
  const problems: BackupFinding[] = [...forged];
  const bytes = sumSizes(manifest);
  const counter = createByteCounter({ files: manifest.files.length, bytes }, request.onProgress);
  const folders = new Set<string>();
  const batch = new SyncBatch();
  // Each copy's read, hash and write loop on two workers (copy-threads.ts); opens, checks,
  // syncs and renames stay here.
  const copier = startCopyThreads(bytes, request.signal);
  try {
    // A few at a time, each checked against its SHA-256 as it is copied (backup-copy.ts); the
    // problems are then named in the manifest's order.
    const found = new Map<ManifestEntry, BackupFinding>();
    // The biggest first: one big file is copied on one worker while the other copies the rest.
    await runPool(
      [...manifest.files].sort((a, b) => b.size - a.size),
      async (entry) => {
        const problem = await copyEntry(
          layout,
          entry,
          staging,
          { folders, batch, copier },
          request,
          counter,
        );
        if (problem !== null) found.set(entry, problem);
      },
      request.signal,
    );
    for (const entry of manifest.files) {
      const problem = found.get(entry);
      if (problem !== undefined) problems.push(problem);
    }
    throwIfAborted(request.signal);
    await batch.flush();
  } catch (error) {
    batch.abandon();
    throw error;
  } finally {
    await copier?.close();
  }
  counter.finish();
  const real = judgeCopies(manifest, problems, forged, request);
  await fsyncFolders(folders);
  return real;
}

/**
 * Whether what was copied may become her vault: never without an essential file (the database
 * snapshot, the key files), and with any other damage or a forged manifest only when she chose to
 * restore what is intact. Returns the problems to list to her then (each forged newer generation
 * first); throws BACKUP_DAMAGED naming each one otherwise.
 */
function judgeCopies(
  manifest: Manifest,
  problems: BackupFinding[],
  forged: BackupFinding[],
  request: RestoreRequest,
): BackupFinding[] {
  for (const essential of ESSENTIAL_PATHS) {
    if (!manifest.files.some((entry) => entry.path === essential))
      problems.push({
        code: 'missing',
        file: null,
        message: `the backup does not list ${essential}`,
      });
  }
  const essentialDamage = problems.filter(
    (problem) => problem.code === 'missing' && problem.file === null,
  );
  const damagedEssentials = manifest.files
    .filter((entry) => (ESSENTIAL_PATHS as readonly string[]).includes(entry.path))
    .filter((entry) => problems.some((problem) => problem.file === objectLabel(entry.sha256)));
  const real = problems.filter((problem) => problem.code !== 'manifest-forged');
  if (
    essentialDamage.length > 0 ||
    damagedEssentials.length > 0 ||
    (real.length > 0 && !request.allowPartial)
  ) {
    throw new SakshyaError(
      'BACKUP_DAMAGED',
      `the backup is damaged; nothing was restored:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
    );
  }
  if (forged.length > 0 && !request.allowPartial) {
    throw new SakshyaError(
      'BACKUP_DAMAGED',
      `the backup was tampered with; nothing was restored:\n${forged.map((p) => `  ${p.message}`).join('\n')}`,
    );
  }
  // The forged newer generations too: restored from an older one, she must be told why its
  // evidence may be older than her last backup (returned without them, the older one came back
  // with nothing said, and the custody entry did not name them either).
  return [...forged, ...real];
}

async function copyEntry(
  layout: BackupLayout,
  entry: ManifestEntry,
  staging: string,
  {
    folders,
    batch,
    copier,
  }: { folders: Set<string>; batch: SyncBatch; copier: BoundedCopier | undefined },
  request: RestoreRequest,
  counter: { addBytes: (bytes: number) => void; fileDone: () => void },
): Promise<BackupFinding | null> {
  const source = objectFile(layout, entry.sha256);
  const label = objectLabel(entry.sha256);
  const destination = path.join(staging, ...entry.path.split('/'));
  makeFolderOnce(path.dirname(destination), folders);
  const temp = `${destination}.${crypto.randomBytes(4).toString('hex')}.partial`;
  let copied: { sha256: string; size: number; fd: number };
  try {
    // Never a file longer than the manifest lists, and never a link, pipe or device.
    copied = await pickCopy()(source, temp, {
      signal: request.signal,
      onBytes: counter.addBytes,
      maxBytes: entry.size,
      copier,
    });
  } catch (error) {
    if (error instanceof RefusedSourceError) {
      counter.fileDone();
      return refusedFinding(error, label, entry);
    }
    const unreadable =
      error instanceof Error &&
      'code' in error &&
      (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ELOOP');
    if (!unreadable) throw error;
    counter.fileDone();
    return {
      code: 'missing',
      file: label,
      message: `${label} (${entry.path}) is missing from the backup`,
    };
  }
  if (copied.sha256 !== entry.sha256 || copied.size !== entry.size) {
    fs.closeSync(copied.fd);
    fs.rmSync(temp, { force: true });
    counter.fileDone();
    return {
      code: 'hash-mismatch',
      file: label,
      message: `${label} (${entry.path}) does not match its SHA-256; it was not restored`,
    };
  }
  await batch.add(copied.fd, temp, copied.size, () => {
    try {
      renameWithRetry(temp, destination);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw describeTargetError(error);
    }
    counter.fileDone();
  });
  return null;
}

/** Each staging folder made once (0700), and remembered so the end can fsync it. */
function makeFolderOnce(folder: string, folders: Set<string>): void {
  if (folders.has(folder)) return;
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw describeTargetError(error);
  }
  folders.add(folder);
}

function refusedFinding(
  error: RefusedSourceError,
  label: string,
  entry: ManifestEntry,
): BackupFinding {
  return error.reason === 'not-plain'
    ? {
        code: 'unexpected-file',
        file: label,
        message: `${label} (${entry.path}) is not a plain file (a link, a pipe or a device, which a backup never makes); it was not read`,
      }
    : {
        code: 'size-mismatch',
        file: label,
        message: `${label} (${entry.path}) is longer than the ${String(entry.size)} bytes listed; it was not restored`,
      };
}

/**
 * Staging's files into the new vault folder, vault.json last: until then it is no vault. A move
 * that fails part-way (a drive error, a folder someone put at a name meanwhile) takes back what it
 * had moved, vault.json first: left there, keys/, objects/ and the database made a folder that
 * `open` asked to repair and a new restore refused, under an error that said nothing was left.
 */
function moveIntoPlace(staging: string, target: string): void {
  const moved: string[] = [];
  try {
    const names = fs.readdirSync(staging).filter((name) => name !== 'vault.json');
    for (const name of names) {
      const destination = path.join(target, name);
      // settings.json from this first run (language, theme) is hers already; keep it. The staged
      // one goes now, so a stop after vault.json leaves staging empty (leftover-temp-files.ts).
      if (name === 'settings.json' && fs.existsSync(destination)) {
        fs.rmSync(path.join(staging, name), { force: true });
        continue;
      }
      renameWithRetry(path.join(staging, name), destination);
      moved.push(name);
    }
    fsyncDirectory(target);
    renameWithRetry(path.join(staging, 'vault.json'), path.join(target, 'vault.json'));
    moved.push('vault.json');
    fsyncDirectory(target);
  } catch (error) {
    const left = takeBack(moved, staging, target);
    if (left.length > 0) throw describeHalfPlaced(target, left, error);
    throw describeTargetError(error);
  }
}

/** Moves `moved` back into staging (removed after), newest first; returns what stayed. */
function takeBack(moved: string[], staging: string, target: string): string[] {
  const left: string[] = [];
  for (const name of [...moved].reverse()) {
    try {
      fs.renameSync(path.join(target, name), path.join(staging, name));
    } catch {
      left.push(name);
    }
  }
  return left;
}
