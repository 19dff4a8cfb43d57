// One backup: copy what the backup lacks, snapshot the database, publish a new generation, then
// bring the older kept generations' wrapped keys up to date and remove what no kept one needs.
// The new generation becomes current only by the atomic rename of its manifest, after every file
// it names is written and fsynced; a kill or a full drive before that leaves the last one current.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  KEPT_BACKUP_GENERATIONS,
  type BackupFinding,
  type BackupRunResult,
} from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Vault } from '../vault/vault';
import {
  createByteCounter,
  describeTargetError,
  fsyncFolders,
  hashFile,
  moveIntoPlace,
  runPool,
  SyncBatch,
  throwIfAborted,
  type HashedFile,
} from './backup-copy';
import {
  acquireBackupLock,
  resolveBackupTarget,
  scanBackupFolder,
  type BackupLock,
  type FolderScan,
} from './backup-folder';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  GENERATION_FORMAT,
  MAX_MANIFEST_BYTES_IN_ALL,
  generationFile,
  hasMarker,
  macManifest,
  manifestIsAuthentic,
  newBackupId,
  nextGenerationSeq,
  objectFile,
  objectLabel,
  readManifests,
  vaultIdFor,
  type BackupLayout,
  type Manifest,
  type ManifestEntry,
  type ManifestBody,
  type ManifestKeys,
  type ManifestRead,
} from './backup-layout';
import type { BackupTaskOptions } from './backup-service';
import {
  describeRollback,
  hashWrappedKeyFiles,
  readPublishedGeneration,
  rememberPublishedGeneration,
  writeBackupState,
} from './backup-state';
import { pickCopy } from './one-pass-copy';
import { startPhase, timePhase } from './backup-phases';
import { startHashThreads } from './hash-threads';
import { objectStampOf, planCopies, type CopyPlan } from './backup-plan';
import { listVaultFiles } from './vault-files';
import { planRechecks, rememberFullCheck } from './backup-recheck';
import { byPath, publish, removeOldKeyFiles, replaceKeysEverywhere } from './backup-rekey';
import { openJournal, type Journal } from './backup-journal';
import { canWriteNearest } from './restore-errors';

export interface RunBackupRequest extends BackupTaskOptions {
  folder: string;
  keep?: number;
  /** Bytes of trusted objects hashed again by a random sample (default RECHECK_BYTES_PER_RUN). */
  recheckBytes?: number;
  /** Bytes of manifests read in all (default MAX_MANIFEST_BYTES_IN_ALL; tests plant smaller ones). */
  manifestBytes?: number;
}

export type BackupRunOutcome = Omit<BackupRunResult, 'status'>;

/** The open vault's manifest MACs; its keys never leave it. */
function macSource(vault: Vault): ManifestKeys {
  return {
    mac: (data) => vault.macWithSubkey('backup-manifest-mac', data),
    verify: (data, mac) => vault.verifySubkeyMac('backup-manifest-mac', data, mac),
  };
}

export async function runBackup(
  vault: Vault,
  request: RunBackupRequest,
): Promise<BackupRunOutcome> {
  const vaultId = vaultIdFor(vault.recipient);
  const { chosen, layout } = resolveBackupTarget(request.folder, vaultId, vault.layout.root);
  prepareFolder(layout, vaultId, chosen);
  let lock: BackupLock;
  try {
    lock = acquireBackupLock(layout);
  } catch (error) {
    throw describeTargetError(error);
  }
  const journal = openJournal(layout);
  try {
    return await writeGeneration(vault, request, { chosen, layout, vaultId, journal, lock });
  } finally {
    journal.close();
    lock.release();
  }
}

interface RunContext {
  chosen: string;
  layout: BackupLayout;
  vaultId: string;
  journal: Journal;
  lock: BackupLock;
}

async function writeGeneration(
  vault: Vault,
  request: RunBackupRequest,
  context: RunContext,
): Promise<BackupRunOutcome> {
  const { layout, vaultId } = context;
  const keys = macSource(vault);
  const standing = readStanding(vault, request, context, keys);
  const { seq, backupId } = standing;
  const recheck = planRechecks(vault, layout.root, {
    seq,
    entries: standing.authentic[0]?.files ?? [],
    budgetBytes: request.recheckBytes,
  });
  const { snapshot, plan } = await snapshotAndPlan(vault, layout, request, {
    previous: standing.previous,
    present: standing.present,
    recheck: recheck.objects,
  });
  const entries: ManifestEntry[] = [...plan.reused];
  const bytesCopied = await copyPlanned(plan, snapshot, entries, {
    request,
    context,
    present: standing.present,
  });

  const createdAt = new Date().toISOString();
  const body: ManifestBody = {
    format: GENERATION_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    vaultId,
    recipient: vault.recipient,
    seq,
    createdAt,
    keysReplacedAt: null,
    backupId,
    files: entries.sort(byPath),
  };
  const manifest: Manifest = { ...body, mac: macManifest(keys, body) };
  const published = publishAndTidy(manifest, keys, standing, request, context);
  const notes = [
    ...standing.scan.notes.filter((note) => note.code !== 'leftover-temp'),
    ...plan.repaired,
  ];
  if (standing.rollback !== null) notes.unshift(standing.rollback);

  rememberRun(vault, context, {
    seq,
    backupId,
    createdAt,
    filesCopied: plan.toCopy.length + 1,
    fullCheck: recheck.full,
  });
  return {
    folder: context.chosen,
    vaultId,
    generation: seq,
    createdAt,
    filesCopied: plan.toCopy.length + 1,
    filesAlreadyThere: plan.reused.length,
    bytesCopied,
    keyFilesReplaced: published.keyFilesReplaced,
    generationsKept: published.kept,
    notes,
  };
}

/** What the folder holds before this run writes anything, and where the new generation goes. */
interface Standing {
  reads: ManifestRead[];
  authentic: Manifest[];
  backupId: string;
  rollback: BackupFinding | null;
  seq: number;
  /** The newest authentic generation's entries by vault path: what may be taken from it. */
  previous: Map<string, ManifestEntry>;
  scan: FolderScan;
  /** Objects already in the folder, by name, from the one listing of this run. */
  present: Set<string>;
}

/**
 * Everything the run learns from the folder, read once before it copies: its generations (only
 * the authentic ones are built on), the new generation's number and the folder's id, a rollback
 * to name, and one listing of its objects. Apart from writeGeneration so that the run reads as its
 * steps: where it stands, what it copies, what it publishes.
 */
function readStanding(
  vault: Vault,
  request: RunBackupRequest,
  context: RunContext,
  keys: ManifestKeys,
): Standing {
  const { layout, vaultId } = context;
  // Within the same budget as a restore: planted manifests, each under the size limit, added up to
  // gigabytes and would end the core's thread for want of memory (restore review R9). One it did
  // not read is never numbered over (nextGenerationSeq), and while one is unread nothing is pruned.
  const reads = readManifests(layout, request.manifestBytes ?? MAX_MANIFEST_BYTES_IN_ALL);
  const authentic = pickAuthentic(reads, keys, vaultId);
  // A rollback (the newest generations deleted) is named, and their numbers are never reused.
  // The folder's id (format 4), from its own authentic generations; a new one for a new or older one.
  const backupId =
    authentic.find((manifest) => manifest.backupId !== undefined)?.backupId ?? newBackupId();
  const published = readPublishedGeneration(vault, layout.root, backupId);
  // One listing of the objects, for the whole run: what is there already, what pruning may remove,
  // and the notes. Objects are looked at by name, never opened or stat'ed one by one.
  const scan = scanFolder(layout, context.chosen);
  return {
    reads,
    authentic,
    backupId,
    rollback: describeRollback(published, authentic[0]?.seq ?? 0),
    seq: Math.max(nextGenerationSeq(reads, authentic), (published ?? 0) + 1),
    previous: new Map((authentic[0]?.files ?? []).map((entry) => [entry.path, entry])),
    scan,
    present: new Set(scan.objects.keys()),
  };
}

/**
 * Publishes the new generation (the one moment it becomes current), then what follows from it:
 * the kept generations' key files brought up to date after a passphrase change, and what no kept
 * generation names removed. Only after the publish: a kill or a full drive before it leaves the
 * previous generation current and whole, with nothing of it taken away.
 */
function publishAndTidy(
  manifest: Manifest,
  keys: ManifestKeys,
  standing: Standing,
  request: RunBackupRequest,
  context: RunContext,
): { keyFilesReplaced: number; kept: number } {
  const { layout } = context;
  const { reads, authentic } = standing;
  // Should a stale-looking lock have been cleared by another backup, that one owns the folder now.
  context.lock.assertHeld();
  const manifestEnded = startPhase('manifest');
  publish(generationFile(layout, manifest.seq), manifest);

  const { replaced, unreadReplaced, oldKeys } = replaceKeysEverywhere(
    layout,
    keys,
    { reads, authentic, vaultId: context.vaultId },
    manifest,
    context.journal,
  );
  const kept = prune(layout, {
    current: manifest,
    reads,
    authentic,
    replaced,
    objects: standing.scan.objects,
    keep: request.keep ?? KEPT_BACKUP_GENERATIONS,
    journal: context.journal,
  });
  removeOldKeyFiles(oldKeys, standing.scan.objects);
  context.journal.finish();
  manifestEnded();
  return { keyFilesReplaced: replaced.size + unreadReplaced, kept };
}

/** The generations read that are this vault's and carry its MAC. */
function pickAuthentic(reads: ManifestRead[], keys: ManifestKeys, vaultId: string): Manifest[] {
  return reads.flatMap((read) =>
    read.ok && read.manifest.vaultId === vaultId && manifestIsAuthentic(keys, read.manifest)
      ? [read.manifest]
      : [],
  );
}

/**
 * The database's snapshot first, the file list after: the vault writes a file before the row that
 * names it, so every file the snapshot's rows name is then on the list, even while an import runs.
 */
async function snapshotAndPlan(
  vault: Vault,
  layout: BackupLayout,
  request: RunBackupRequest,
  known: { previous: Map<string, ManifestEntry>; present: Set<string>; recheck: Set<string> },
): Promise<{ snapshot: Snapshot; plan: CopyPlan }> {
  const snapshot = await timePhase('snapshot', () =>
    storeSnapshot(vault, layout, request, () => undefined),
  );
  try {
    throwIfAborted(request.signal);
    const plan = await timePhase('plan', () =>
      planCopies(
        listVaultFiles(vault.layout, (file) => known.previous.has(file)),
        { ...known, layout, signal: request.signal },
      ),
    );
    return { snapshot, plan };
  } catch (error) {
    fs.closeSync(snapshot.fd);
    fs.rmSync(snapshot.temp, { force: true });
    throw error;
  }
}

/** The published generation in the custody log and the vault's own backup records. */
function rememberRun(
  vault: Vault,
  context: RunContext,
  run: {
    seq: number;
    backupId: string;
    createdAt: string;
    filesCopied: number;
    fullCheck: boolean;
  },
): void {
  const root = context.layout.root;
  vault.record('vault.backed-up', 'vault', {
    vaultId: context.vaultId,
    generation: run.seq,
    filesCopied: run.filesCopied,
  });
  rememberPublishedGeneration(vault, root, run.seq, run.backupId);
  if (run.fullCheck) rememberFullCheck(vault, root, run.seq);
  writeBackupState(vault, {
    folder: context.chosen,
    lastBackupAt: run.createdAt,
    generation: run.seq,
    keyFiles: hashWrappedKeyFiles(vault),
  });
}

function prepareFolder(layout: BackupLayout, vaultId: string, chosen: string): void {
  try {
    for (const dir of [layout.root, layout.generations, layout.objects, layout.temp])
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!hasMarker(layout.root)) {
      const marker = {
        format: BACKUP_FORMAT,
        version: BACKUP_FORMAT_VERSION,
        vaultId,
        createdAt: new Date().toISOString(),
      };
      writeFileAtomic(layout.marker, `${JSON.stringify(marker, null, 2)}\n`, 0o644);
    }
  } catch (error) {
    // Node's recursive mkdir says ENOENT on a read-only disk, which describeTargetError would call
    // a drive that went away: asked of the disk instead (restore-errors.ts does the same).
    if (!canWriteNearest(layout.root))
      throw new SakshyaError(
        'NOT_WRITABLE',
        `${chosen} cannot be written (a read-only disk, or a folder you may not write in); nothing was written there`,
        { cause: error },
      );
    throw describeTargetError(error);
  }
}

/**
 * Copies the snapshot and every planned file into objects/, a few at a time (runPool), each
 * fsynced in a batch before its rename. Adds the copied files' entries; returns the bytes copied.
 */
async function copyPlanned(
  plan: CopyPlan,
  snapshot: Snapshot,
  entries: ManifestEntry[],
  {
    request,
    context,
    present,
  }: { request: RunBackupRequest; context: RunContext; present: Set<string> },
): Promise<number> {
  const bytesToCopy = plan.toCopy.reduce((sum, file) => sum + (file.size ?? 0), 0);
  const counter = createByteCounter(
    { files: plan.toCopy.length + 1, bytes: bytesToCopy + snapshot.size },
    request.onProgress,
  );
  const hasher = startHashThreads(bytesToCopy, request.signal);
  const copyOne = pickCopy();
  const batch = new SyncBatch();
  const madeDirs = new Set<string>();
  const place = (temp: string, copied: HashedFile): string =>
    placeObject(temp, copied, { context, madeDirs, present, trusted: plan.trusted });
  let bytesCopied = snapshot.size;
  const database: ManifestEntry = {
    path: 'sakshya.db',
    sha256: snapshot.sha256,
    size: snapshot.size,
  };
  entries.push(database);
  try {
    await batch.add(snapshot.fd, snapshot.temp, snapshot.size, () => {
      database.objectStamp = place(snapshot.temp, snapshot);
      counter.addBytes(snapshot.size);
      counter.fileDone();
    });
    // The biggest first: one big file is hashed on this thread while the pool copies the rest.
    const bySize = [...plan.toCopy].sort((a, b) => (b.size ?? 0) - (a.size ?? 0));
    await runPool(
      bySize,
      async (file) => {
        const temp = makeObjectTemp(context.layout);
        const copied = await copyOne(file.absolute, temp, {
          signal: request.signal,
          onBytes: counter.addBytes,
          hasher,
        });
        const entry: ManifestEntry = { path: file.path, sha256: copied.sha256, size: copied.size };
        if (file.stamp !== null) entry.stamp = file.stamp;
        entries.push(entry);
        bytesCopied += copied.size;
        await batch.add(copied.fd, temp, copied.size, () => {
          entry.objectStamp = place(temp, copied);
          counter.fileDone();
        });
      },
      request.signal,
    );
    throwIfAborted(request.signal);
    await batch.flush();
  } catch (error) {
    batch.abandon();
    throw error;
  } finally {
    await hasher.close();
  }
  counter.finish();
  await fsyncFolders(madeDirs);
  throwIfAborted(request.signal);
  return bytesCopied;
}

function makeObjectTemp(layout: BackupLayout): string {
  return path.join(layout.temp, `${crypto.randomBytes(8).toString('hex')}.partial`);
}

/**
 * Puts a fsynced copy in place under its hash and returns the object's stamp there. An object
 * already there is kept only when it is known intact (planCopies, or placed by this run); any other
 * (changed by someone, or left by a run that was killed) is replaced, atomically, by this copy.
 */
function placeObject(
  temp: string,
  copied: HashedFile,
  {
    context,
    madeDirs,
    present,
    trusted,
  }: {
    context: RunContext;
    madeDirs: Set<string>;
    present: Set<string>;
    trusted: Map<string, string>;
  },
): string {
  const known = trusted.get(copied.sha256);
  if (known !== undefined) {
    fs.rmSync(temp, { force: true });
    return known;
  }
  const target = objectFile(context.layout, copied.sha256);
  context.journal.note(copied.sha256);
  moveIntoPlace(temp, target, madeDirs);
  madeDirs.add(path.dirname(target));
  present.add(copied.sha256);
  const stamp = objectStampOf(context.layout, copied.sha256);
  if (stamp === null)
    throw new SakshyaError(
      'NOT_WRITABLE',
      `${objectLabel(copied.sha256)} vanished as it was written`,
    );
  trusted.set(copied.sha256, stamp);
  return stamp;
}

/**
 * The database, consistent while the app runs and still encrypted. SQLite's backup API
 * (better-sqlite3's db.backup()) cannot do this here: SQLite3 Multiple Ciphers refuses a backup from
 * an encrypted database into a file without its key ("backup is not supported with incompatible
 * source and target databases"), and a plaintext copy would break our first rule anyway. VACUUM
 * INTO runs in one read transaction (the same consistency) and writes the copy through the same
 * cipher and key, so it is SQLCipher-encrypted from its first byte.
 */
interface Snapshot extends HashedFile {
  fd: number;
  temp: string;
}

async function storeSnapshot(
  vault: Vault,
  layout: BackupLayout,
  request: BackupTaskOptions,
  onBytes: (bytes: number) => void,
): Promise<Snapshot> {
  const temp = makeObjectTemp(layout);
  try {
    vault.db.prepare('VACUUM INTO ?').run(temp);
    const hashed = await hashFile(temp, { signal: request.signal, onBytes });
    // Opened again for the batch's fsync, like every other copy.
    // Never through a link swapped in for the temp meanwhile (as copyThenHash).
    const fd = fs.openSync(
      temp,
      fs.constants.O_RDWR | ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0),
    );
    return { ...hashed, fd, temp };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_FULL')
      throw new SakshyaError(
        'DISK_FULL',
        'the backup drive is full; the previous backup is intact',
      );
    throw describeTargetError(error);
  }
}

interface PruneInput {
  current: Manifest;
  /** Every manifest file as read at the start of this run (the lock kept others out since). */
  reads: ManifestRead[];
  authentic: Manifest[];
  /** Manifests this run rewrote with new key files, by seq. */
  replaced: Map<number, Manifest>;
  /** The objects listed at the start; the ones this run added are all named by `current`. */
  objects: Map<string, string>;
  keep: number;
  journal: Journal;
}

/**
 * Keeps the newest `keep` generations and removes the manifests of older ones, then every object
 * no remaining manifest names (any manifest file still there counts, authentic or not: nothing a
 * generation might need is ever removed on a guess).
 */
function prune(layout: BackupLayout, input: PruneInput): number {
  const sorted = [input.current, ...input.authentic].sort((a, b) => b.seq - a.seq);
  const dropped = new Set(sorted.slice(input.keep).map((old) => old.seq));
  const needed = new Set(input.current.files.map((entry) => entry.sha256));
  let allRead = true;
  for (const read of input.reads) {
    if (dropped.has(read.seq)) continue;
    if (!read.ok) {
      allRead = false;
      continue;
    }
    const manifest = input.replaced.get(read.seq) ?? read.manifest;
    for (const entry of manifest.files) needed.add(entry.sha256);
  }
  // A manifest we cannot read might name anything: remove no object then.
  const unneeded = allRead ? [...input.objects].filter(([name]) => !needed.has(name)) : [];
  // Journaled first: if this is killed halfway, what it leaves is known for what it is.
  for (const [name] of unneeded) input.journal.note(name);
  try {
    for (const seq of dropped) fs.rmSync(generationFile(layout, seq), { force: true });
    for (const [, file] of unneeded) fs.rmSync(file, { force: true });
  } catch (error) {
    throw describeTargetError(error);
  }
  return Math.min(sorted.length, input.keep);
}

/** The backup folder as it is before this run writes anything. */
function scanFolder(layout: BackupLayout, chosen: string): FolderScan {
  try {
    return scanBackupFolder(layout, chosen);
  } catch (error) {
    throw describeTargetError(error);
  }
}
