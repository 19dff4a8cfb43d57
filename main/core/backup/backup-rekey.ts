// A passphrase change (or recover) reaching the backup: every kept generation of hers gets the new
// wrapped key files, so the old passphrase opens none of them, including generations a run left
// unread for its manifest budget (session review, 2026-12-07). Split from backup-run.ts, whose
// writeGeneration calls replaceKeysEverywhere once the new generation is published.
import fs from 'node:fs';
import { writeFileAtomic } from '../fs/atomic-write';
import { describeTargetError } from './backup-copy';
import {
  WRAPPED_KEY_PATHS,
  generationFile,
  macManifest,
  manifestIsAuthentic,
  readManifest,
  serializeManifest,
  type BackupLayout,
  type Manifest,
  type ManifestBody,
  type ManifestEntry,
  type ManifestKeys,
  type ManifestRead,
} from './backup-layout';

/** Where a run notes the objects whose last reference it drops (backup-run.ts's journal). */
export interface KeyJournal {
  note(name: string): void;
}

export function byPath(a: ManifestEntry, b: ManifestEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export function publish(file: string, manifest: Manifest): void {
  try {
    writeFileAtomic(file, serializeManifest(manifest), 0o644);
  } catch (error) {
    throw describeTargetError(error);
  }
}

/**
 * After a passphrase change (or recover), every kept generation gets the new wrapped key files, so
 * the old passphrase opens none of them. Only the key entries change; the MAC is made again with
 * the vault's subkey, which a passphrase change leaves as it was.
 */
function replaceWrappedKeys(
  layout: BackupLayout,
  keys: ManifestKeys,
  older: Manifest[],
  current: Manifest,
  journal: KeyJournal,
): Map<number, Manifest> {
  const fresh = current.files.filter((entry) =>
    (WRAPPED_KEY_PATHS as readonly string[]).includes(entry.path),
  );
  const replaced = new Map<number, Manifest>();
  for (const manifest of older) {
    const stale = fresh.some(
      (entry) =>
        !manifest.files.some((old) => old.path === entry.path && old.sha256 === entry.sha256),
    );
    if (!stale) continue;
    // The old key files lose their last reference here; journaled so a kill leaves them known.
    for (const entry of manifest.files)
      if ((WRAPPED_KEY_PATHS as readonly string[]).includes(entry.path)) journal.note(entry.sha256);
    const files = [
      ...manifest.files.filter(
        (entry) => !(WRAPPED_KEY_PATHS as readonly string[]).includes(entry.path),
      ),
      ...fresh,
    ].sort(byPath);
    const body: ManifestBody = {
      format: manifest.format,
      version: manifest.version,
      vaultId: manifest.vaultId,
      recipient: manifest.recipient,
      seq: manifest.seq,
      createdAt: manifest.createdAt,
      keysReplacedAt: current.createdAt,
      ...(manifest.backupId === undefined ? {} : { backupId: manifest.backupId }),
      files,
    };
    const rewritten = { ...body, mac: macManifest(keys, body) };
    publish(generationFile(layout, manifest.seq), rewritten);
    replaced.set(manifest.seq, rewritten);
  }
  return replaced;
}

/** The key files the given generations name that the current one does not (an old passphrase's). */
function oldKeyFiles(manifests: readonly Manifest[], current: Manifest): Set<string> {
  const isKey = (entry: ManifestEntry): boolean =>
    (WRAPPED_KEY_PATHS as readonly string[]).includes(entry.path);
  const fresh = new Set(current.files.filter(isKey).map((entry) => entry.sha256));
  return new Set(
    manifests.flatMap((manifest) =>
      manifest.files.filter((e) => isKey(e) && !fresh.has(e.sha256)).map((e) => e.sha256),
    ),
  );
}

/**
 * Each manifest left unread for the budget, read alone (memory stays within one more manifest)
 * and its key files replaced when it is hers; their old key files are added to `oldKeys`. Run
 * when the key files changed, or when none of hers was read (then every run reads them again).
 */
function replaceKeysOfUnread(
  layout: BackupLayout,
  keys: ManifestKeys,
  known: { reads: readonly ManifestRead[]; vaultId: string; oldKeys: Set<string> },
  current: Manifest,
  journal: KeyJournal,
): number {
  let count = 0;
  for (const unread of known.reads) {
    if (unread.ok || unread.reason !== 'over-budget') continue;
    const read = readManifest(unread.file, unread.seq);
    if (!read.ok || read.manifest.vaultId !== known.vaultId) continue;
    if (!manifestIsAuthentic(keys, read.manifest)) continue;
    for (const sha256 of oldKeyFiles([read.manifest], current)) known.oldKeys.add(sha256);
    count += replaceWrappedKeys(layout, keys, [read.manifest], current, journal).size;
  }
  return count;
}

/**
 * The new key files into every generation of hers: those left unread for the budget first (a run
 * killed between the two leaves a read one naming old key files, and the next comes back), then
 * the ones read. Returns the rewritten read ones (prune reads them), how many unread ones were
 * rewritten, and the old key files' objects.
 */
export function replaceKeysEverywhere(
  layout: BackupLayout,
  keys: ManifestKeys,
  known: { reads: readonly ManifestRead[]; authentic: Manifest[]; vaultId: string },
  current: Manifest,
  journal: KeyJournal,
): { replaced: Map<number, Manifest>; unreadReplaced: number; oldKeys: Set<string> } {
  const oldKeys = oldKeyFiles(known.authentic, current);
  const unreadReplaced =
    oldKeys.size > 0 || known.authentic.length === 0
      ? replaceKeysOfUnread(
          layout,
          keys,
          { reads: known.reads, vaultId: known.vaultId, oldKeys },
          current,
          journal,
        )
      : 0;
  const replaced = replaceWrappedKeys(layout, keys, known.authentic, current, journal);
  return { replaced, unreadReplaced, oldKeys };
}

/**
 * Removes the old key files' objects, even while prune removes nothing else: only an authentic
 * generation is ever restored, and each now names the new key files; the old ones open with the
 * old passphrase.
 */
export function removeOldKeyFiles(
  oldKeys: ReadonlySet<string>,
  objects: ReadonlyMap<string, string>,
): void {
  for (const sha256 of oldKeys) {
    const file = objects.get(sha256);
    if (file !== undefined) fs.rmSync(file, { force: true });
  }
}
