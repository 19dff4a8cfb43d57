// Finding a vault's backup folder from what she chose, holding it while a backup writes into it,
// and listing what lies in it (for verify, and for the clean-up after a backup).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupFinding, BackupFoundVault } from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import { isErrnoException } from '../fs/atomic-write';
import {
  classifyForeignName,
  describeBackupLayout,
  hasMarker,
  isObjectName,
  isVaultId,
  MARKER_NAME,
  MAX_MANIFEST_BYTES,
  objectLabel,
  parseGenerationFileName,
  readManifests,
  MAX_MANIFEST_BYTES_IN_ALL,
  readMarker,
  readSmallPlainFile,
  BACKUP_FORMAT_VERSION,
  type BackupLayout,
} from './backup-layout';

/** True when `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * A backup folder's own folders (the vault's subfolder, generations/, objects/ and its prefixes,
 * tmp/) must be real folders, never links. Whoever can write into a synced folder or a USB stick
 * could otherwise point tmp/ at her home folder or at the vault, and the next backup, which clears
 * tmp/ of its leftovers, would delete whatever is there; objects/ or generations/ pointed elsewhere
 * would make a backup write and prune outside the folder she chose. Refused, never followed.
 */
export function refuseLinkedFolders(layout: BackupLayout, checkRoot: boolean): void {
  const folders = [
    ...(checkRoot ? [layout.root] : []),
    layout.generations,
    layout.objects,
    layout.temp,
    ...listNames(layout.objects).map((name) => path.join(layout.objects, name)),
  ];
  for (const folder of folders) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(folder);
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') continue;
      throw error;
    }
    if (stat.isSymbolicLink())
      throw new SakshyaError(
        'BACKUP_DAMAGED',
        `${folder} is a link to somewhere else, which a backup never makes (someone changed the backup folder); nothing was written or read through it. Remove the link and back up again`,
      );
  }
}

function listNames(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * The vault backups in a chosen folder, or the one backup that the folder itself is. A folder that
 * cannot be read at all is NOT_A_BACKUP (exit 2 for `backup verify`).
 */
export function findVaultBackups(folder: string): BackupFoundVault[] {
  const resolved = path.resolve(folder);
  let names: string[];
  try {
    if (hasMarker(resolved)) return [describeFound(resolved)];
    names = fs.readdirSync(resolved);
  } catch (error) {
    throw new SakshyaError('NOT_A_BACKUP', `${resolved} cannot be read`, { cause: error });
  }
  // Each vault's subfolder on its own: one planted beside hers (a marker that is garbage, a pipe, or
  // that names her vault from a folder of another name) must not hide hers, nor list her vault twice.
  const found: BackupFoundVault[] = [];
  let refusal: SakshyaError | null = null;
  for (const name of names
    .filter((n) => isVaultId(n) && hasMarker(path.join(resolved, n)))
    .sort()) {
    try {
      const item = describeFound(path.join(resolved, name));
      if (item.vaultId === name) found.push(item);
      else
        refusal ??= new SakshyaError(
          'NOT_A_BACKUP',
          `${name}/${MARKER_NAME} names another vault (${item.vaultId}) than its folder does`,
        );
    } catch (error) {
      refusal ??=
        error instanceof SakshyaError
          ? error
          : new SakshyaError('NOT_A_BACKUP', `${path.join(resolved, name)} cannot be read`, {
              cause: error,
            });
    }
  }
  // Only when nothing else was found is what was wrong with the others the answer.
  if (found.length === 0 && refusal !== null) throw refusal;
  return found;
}

function describeFound(root: string): BackupFoundVault {
  const layout = describeBackupLayout(root);
  let supported = true;
  let vaultId = path.basename(root);
  try {
    vaultId = readMarker(layout).vaultId;
  } catch (error) {
    if (!(error instanceof SakshyaError && error.code === 'BACKUP_TOO_NEW')) throw error;
    supported = false;
  }
  const reads = readManifests(layout, MAX_MANIFEST_BYTES_IN_ALL);
  const newest = reads.find((read) => read.ok);
  if (reads.some((read) => !read.ok && read.reason === 'too-new')) supported = false;
  return {
    vaultId: isVaultId(vaultId) ? vaultId : path.basename(root),
    folder: root,
    lastBackupAt: newest?.ok === true ? newest.manifest.createdAt : null,
    generations: reads.filter((read) => read.ok).length,
    supported,
  };
}

/**
 * The one vault backup to read from `folder` (verify, restore): the folder itself, or its only
 * vault subfolder, or the one named by `vaultId`. Several and none named: INVALID_INPUT, listing.
 */
export function pickVaultBackup(folder: string, vaultId?: string): BackupLayout {
  const found = findVaultBackups(folder);
  if (found.length === 0)
    throw new SakshyaError('NOT_A_BACKUP', `no Sakshya backup in ${path.resolve(folder)}`);
  const chosen =
    vaultId === undefined
      ? found.length === 1
        ? found[0]
        : undefined
      : found.find((item) => item.vaultId === vaultId);
  if (chosen === undefined) {
    if (vaultId !== undefined)
      throw new SakshyaError('NOT_A_BACKUP', `no backup of vault ${vaultId} in ${folder}`);
    throw new SakshyaError(
      'INVALID_INPUT',
      `this folder holds the backups of ${String(found.length)} vaults (${found.map((item) => item.vaultId).join(', ')}); say which`,
    );
  }
  const layout = describeBackupLayout(chosen.folder);
  refuseLinkedFolders(layout, chosen.folder !== path.resolve(folder));
  const marker = readMarker(layout);
  if (marker.version > BACKUP_FORMAT_VERSION) throw new SakshyaError('BACKUP_TOO_NEW');
  return layout;
}

/** Where a backup of vault `vaultId` goes when she chose `folder`; refuses other vaults' folders. */
export function resolveBackupTarget(
  folder: string,
  vaultId: string,
  vaultRoot: string,
): { chosen: string; layout: BackupLayout } {
  const resolved = path.resolve(folder);
  if (isInside(resolved, vaultRoot) || isInside(vaultRoot, path.join(resolved, vaultId)))
    throw new SakshyaError('INVALID_INPUT', 'a backup cannot go inside the vault it copies');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch (error) {
    throw new SakshyaError('NOT_WRITABLE', `${resolved} is not there (is the drive plugged in?)`, {
      cause: error,
    });
  }
  if (!stat.isDirectory()) throw new SakshyaError('NOT_WRITABLE', `${resolved} is not a folder`);
  if (fs.existsSync(path.join(resolved, 'vault.json')))
    throw new SakshyaError('INVALID_INPUT', `${resolved} is a vault folder, not a backup folder`);
  if (hasMarker(resolved)) {
    // She picked a vault's own backup subfolder: fine if it is this vault's.
    const marker = readMarker(describeBackupLayout(resolved));
    if (marker.vaultId !== vaultId)
      throw new SakshyaError('BACKUP_OF_OTHER_VAULT', `${resolved} is the backup of another vault`);
    refuseLinkedFolders(describeBackupLayout(resolved), false);
    return { chosen: path.dirname(resolved), layout: describeBackupLayout(resolved) };
  }
  const root = path.join(resolved, vaultId);
  refuseLinkedFolders(describeBackupLayout(root), true);
  if (hasMarker(root)) {
    if (readMarker(describeBackupLayout(root)).vaultId !== vaultId)
      throw new SakshyaError('BACKUP_OF_OTHER_VAULT', `${root} is the backup of another vault`);
  } else if (listNames(root).some((name) => classifyForeignName(name) === null)) {
    throw new SakshyaError('NOT_A_BACKUP', `${root} holds files that are not a Sakshya backup`);
  }
  return { chosen: resolved, layout: describeBackupLayout(root) };
}

interface LockRecord {
  pid: number;
  host: string;
  startedAt: number;
  /** Tells this lock from any later one, so a run knows whether it still holds the folder. */
  token?: string;
}

/**
 * A running backup touches its lock every LOCK_HEARTBEAT_MS. A lock not touched for a while is
 * left by a backup that is gone (killed, the computer switched off, the drive pulled), and may be
 * cleared: on this computer once its process is gone, or after LOCK_IDLE_MS if its process id now
 * belongs to another program; one from another computer (a synced folder) after
 * OTHER_HOST_IDLE_MS, longer because clocks on two computers differ and sync clients carry changes
 * late. (It used to be 12 h, whoever left it.)
 */
export const LOCK_HEARTBEAT_MS = 30 * 1000;
export const LOCK_IDLE_MS = 10 * 60 * 1000;
export const OTHER_HOST_IDLE_MS = 60 * 60 * 1000;

export interface BackupLock {
  release(): void;
  /** Throws VAULT_IN_USE if the lock was cleared and taken by another backup meanwhile. */
  assertHeld(): void;
}

/** Only one backup writes into a vault's backup folder at a time (the app and the CLI, say). */
export function acquireBackupLock(layout: BackupLayout): BackupLock {
  fs.mkdirSync(layout.temp, { recursive: true, mode: 0o700 });
  // Again, now that the folders exist: the run clears tmp/ next (backup-run.ts, openJournal).
  refuseLinkedFolders(layout, false);
  const record: LockRecord = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: Date.now(),
    token: crypto.randomBytes(8).toString('hex'),
  };
  const text = JSON.stringify(record);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(layout.lock, text, { flag: 'wx', mode: 0o600 });
      return holdLock(layout.lock, text);
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error;
      if (!lockIsStale(layout.lock)) break;
      fs.rmSync(layout.lock, { force: true });
    }
  }
  throw new SakshyaError('VAULT_IN_USE', 'another backup is writing into this folder right now');
}

function holdLock(file: string, text: string): BackupLock {
  const held = (): boolean => {
    try {
      return readLockText(file) === text;
    } catch {
      return false;
    }
  };
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      if (held()) fs.utimesSync(file, now, now);
    } catch {
      // The drive went away: the copy itself will say so.
    }
  }, LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  return {
    release() {
      clearInterval(heartbeat);
      if (held()) fs.rmSync(file, { force: true });
    },
    assertHeld() {
      if (!held())
        throw new SakshyaError(
          'VAULT_IN_USE',
          'another backup took over this folder while this one ran; this one was not published, the other is intact',
        );
    },
  };
}

/** A lock's text; null when it is not a plain file of a lock's size (a pipe would hang the run). */
function readLockText(file: string): string | null {
  const read = readSmallPlainFile(file, 64 * 1024);
  return read.ok ? read.text : null;
}

/** Whether a lock was left by a backup that is no longer running (see LOCK_IDLE_MS). */
export function lockIsStale(file: string, now = Date.now()): boolean {
  let held: Partial<LockRecord>;
  let touched: number;
  try {
    held = JSON.parse(readLockText(file) ?? '') as Partial<LockRecord>;
    touched = fs.statSync(file).mtimeMs;
  } catch {
    return true;
  }
  if (typeof held.startedAt !== 'number') return true;
  const idle = now - Math.max(touched, held.startedAt);
  if (held.host !== os.hostname() || typeof held.pid !== 'number') return idle > OTHER_HOST_IDLE_MS;
  if (idle > LOCK_IDLE_MS) return true;
  try {
    process.kill(held.pid, 0);
    return false;
  } catch (error) {
    return isErrnoException(error) && error.code === 'ESRCH';
  }
}

/** Object names written by backups that never finished (their journals in tmp/). */
export function readJournals(layout: BackupLayout): Set<string> {
  const names = new Set<string>();
  for (const entry of listNames(layout.temp)) {
    if (!entry.startsWith('journal-')) continue;
    try {
      // Never a pipe or a link (backup-layout.ts readSmallPlainFile): one would hang verify.
      const read = readSmallPlainFile(path.join(layout.temp, entry), MAX_MANIFEST_BYTES);
      if (!read.ok) continue;
      for (const line of read.text.split('\n')) if (isObjectName(line)) names.add(line);
    } catch {
      // A journal that cannot be read excuses nothing.
    }
  }
  return names;
}

export interface FolderScan {
  /** Every object file found, by name. */
  objects: Map<string, string>;
  notes: BackupFinding[];
  /** Files that do not belong and are not sync litter: damage or planting. */
  unexpected: BackupFinding[];
}

/** Walks a vault's backup folder: its objects, and whatever else is there. */
export function scanBackupFolder(layout: BackupLayout, chosen: string | null): FolderScan {
  const scan: FolderScan = { objects: new Map(), notes: [], unexpected: [] };
  const foreign = (relative: string, name: string): void => {
    const kind = classifyForeignName(name);
    if (kind === null) {
      scan.unexpected.push({
        code: 'unexpected-file',
        file: relative,
        message: `${relative} is not part of the backup (added by someone or something else)`,
      });
    } else {
      scan.notes.push({
        code: kind,
        file: relative,
        message:
          kind === 'conflict-copy'
            ? `${relative} looks like a sync client's conflict copy; it is not used`
            : `${relative} was added by a sync client or the system; it is not used`,
      });
    }
  };
  if (chosen !== null) {
    for (const name of listNames(chosen))
      if (!isVaultId(name) && classifyForeignName(name) !== null) foreign(name, name);
  }
  for (const name of listNames(layout.root)) {
    if ([MARKER_NAME, 'generations', 'objects', 'tmp'].includes(name)) continue;
    foreign(name, name);
  }
  for (const name of listNames(layout.generations)) {
    if (parseGenerationFileName(name) !== null) continue;
    if (name.startsWith('.') && name.endsWith('.partial')) {
      scan.notes.push(leftover(`generations/${name}`));
      continue;
    }
    foreign(`generations/${name}`, name);
  }
  for (const name of listNames(layout.temp)) {
    if (name === 'lock') continue;
    scan.notes.push(leftover(`tmp/${name}`));
  }
  for (const prefix of listNames(layout.objects)) {
    const dir = path.join(layout.objects, prefix);
    if (!/^[0-9a-f]{2}$/.test(prefix) || !fs.statSync(dir).isDirectory()) {
      foreign(`objects/${prefix}`, prefix);
      continue;
    }
    for (const name of listNames(dir)) {
      if (isObjectName(name) && name.startsWith(prefix))
        scan.objects.set(name, path.join(dir, name));
      else foreign(`objects/${prefix}/${name}`, name);
    }
  }
  return scan;
}

function leftover(relative: string): BackupFinding {
  return {
    code: 'leftover-temp',
    file: relative,
    message: `${relative} was left by a backup that did not finish; the next backup removes it`,
  };
}

export function describeOrphan(name: string, journaled: boolean): BackupFinding {
  const file = objectLabel(name);
  return journaled
    ? {
        code: 'leftover-temp',
        file,
        message: `${file} was copied by a backup that did not finish; the next backup uses or removes it`,
      }
    : {
        code: 'unexpected-file',
        file,
        message: `${file} is not listed by any generation of this backup (added by someone else?)`,
      };
}
