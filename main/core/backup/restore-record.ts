// What a restore records in the vault it made, in the staging folder before anything is moved
// into place (backup-restore.ts): the custody entry, which backup it came from, and its database
// accepted as current. Done there so that a vault in its folder has always had them written.
import path from 'node:path';
import type { BackupFinding } from '../../../shared/contract/backup';
import { EvidenceRepository } from '../db/repositories/evidence';
import type { VaultKeys } from '../keys/key-file';
import { Vault } from '../vault/vault';
import { objectLabel, WRAPPED_KEY_PATHS, type Manifest } from './backup-layout';
import type { RestoreOutcome } from './backup-service';
import { rememberPublishedGeneration, writeBackupState } from './backup-state';

export const RESTORED_FROM_BACKUP = 'vault.restored-from-backup';

/** What the restore knows of itself, for the records. */
export interface RestoreRecord {
  vaultFolder: string;
  vaultId: string;
  manifest: Manifest;
  missing: BackupFinding[];
  secret: string;
  folder: string;
  backupRoot: string;
}

/** The restore recorded in the staged vault, opened with a copy of the keys (lock wipes them). */
export async function recordRestore(
  staging: string,
  keys: VaultKeys,
  restored: RestoreRecord,
): Promise<Omit<RestoreOutcome, 'vault'>> {
  const copy = {
    ...keys,
    databaseKey: Buffer.from(keys.databaseKey),
    namingKey: Buffer.from(keys.namingKey),
  };
  const vault = await Vault.openWithUnwrappedKeys(staging, copy);
  try {
    return finishRestore(vault, restored);
  } finally {
    vault.lock();
  }
}

function finishRestore(vault: Vault, restored: RestoreRecord): Omit<RestoreOutcome, 'vault'> {
  const { missing, unrestored } = nameMissingEvidence(vault, restored.manifest, restored.missing);
  rememberRestoredBackup(vault, restored);
  rememberPublishedGeneration(
    vault,
    restored.backupRoot,
    restored.manifest.seq,
    restored.manifest.backupId,
  );
  vault.record(RESTORED_FROM_BACKUP, 'vault', {
    vaultId: restored.vaultId,
    generation: restored.manifest.seq,
    backedUpAt: restored.manifest.createdAt,
    openedWith: restored.secret,
    missing: missing.length,
  });
  vault.acceptDatabase('restored from a backup');
  return {
    vaultFolder: restored.vaultFolder,
    vaultId: restored.vaultId,
    generation: restored.manifest.seq,
    backedUpAt: restored.manifest.createdAt,
    // Only what came back: an item whose stored file is missing is named in `missing` instead.
    evidenceCount: new EvidenceRepository(vault.db).listAll().length - unrestored,
    missing,
  };
}

/**
 * The snapshot in a backup is taken before that backup records itself, so the restored database
 * remembers the backup before it (an older time, and the old computer's folder). The restored
 * vault's state is this backup: its time, the folder it came from, and the key files it holds, so
 * that "passphrase changed since the last backup" is true only when the restore set a new one.
 */
function rememberRestoredBackup(
  vault: Vault,
  restored: { manifest: Manifest; folder: string },
): void {
  writeBackupState(vault, {
    folder: restored.folder,
    lastBackupAt: restored.manifest.createdAt,
    generation: restored.manifest.seq,
    keyFiles: WRAPPED_KEY_PATHS.map(
      (wanted) => restored.manifest.files.find((file) => file.path === wanted)?.sha256 ?? '',
    ),
  });
}

/**
 * A missing stored file is named by the evidence that needed it; `unrestored` counts those items
 * (they stay in the database, with their custody history, but their file did not come back).
 */
function nameMissingEvidence(
  vault: Vault,
  manifest: Manifest,
  problems: BackupFinding[],
): { missing: BackupFinding[]; unrestored: number } {
  if (problems.length === 0) return { missing: [], unrestored: 0 };
  const evidence = new EvidenceRepository(vault.db).listAll();
  const lost = new Set<string>();
  const missing = problems.map((problem) => {
    const entry = manifest.files.find((file) => objectLabel(file.sha256) === problem.file);
    if (!entry?.path.startsWith('objects/')) return problem;
    const blobName = path.basename(entry.path, '.age');
    const items = evidence.filter((item) => item.blobName === blobName);
    if (items.length === 0) return problem;
    for (const item of items) lost.add(item.id);
    const names = items.map((item) => `"${item.originalName}" (SHA-256 ${item.sha256})`).join(', ');
    return { ...problem, message: `${names} could not be restored: ${problem.message}` };
  });
  return { missing, unrestored: lost.size };
}
