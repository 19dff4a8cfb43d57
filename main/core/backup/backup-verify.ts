// `sakshya backup verify` and "Check backup": every file every kept generation names is there with
// its size and SHA-256, nothing else is there but sync-client litter (named as notes), and, with a
// key, every manifest is authentic and the newest database snapshot opens.
import type { BackupFinding, BackupVerifyReport } from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import { hashFile, throwIfAborted } from './backup-copy';
import { describeOrphan, pickVaultBackup, readJournals, scanBackupFolder } from './backup-folder';
import {
  ESSENTIAL_PATHS,
  manifestIsAuthentic,
  NOT_PLAIN,
  objectFile,
  objectIsPlainFile,
  objectLabel,
  readManifests,
  MAX_MANIFEST_BYTES_IN_ALL,
  describeTooNew,
  readMarker,
  type BackupLayout,
  type Manifest,
  type ManifestKeys,
  type ManifestRead,
} from './backup-layout';
import type { BackupTaskOptions } from './backup-service';
import { describeRollback } from './backup-state';

/** What a key lets verify check beyond the hashes. */
export interface VerifyKeys {
  manifest: ManifestKeys;
  /** True when the file opens as this vault's encrypted database and passes SQLite's quick check. */
  opensDatabase(file: string): boolean;
}

export interface VerifyRequest extends BackupTaskOptions {
  folder: string;
  vaultId?: string | undefined;
  /**
   * The newest generation this vault remembers publishing there (its open vault's backup state),
   * or null: a newer one missing is named as a rollback. Only checked with a key.
   */
  publishedGeneration?:
    ((found: FoundBackup, backupId: string | undefined) => number | null) | undefined;
  /** Called once the backup is found; null when no key is at hand for this vault. */
  keysFor?: ((found: FoundBackup) => Promise<VerifyKeys | null> | VerifyKeys | null) | undefined;
}

export interface FoundBackup {
  layout: BackupLayout;
  vaultId: string;
  /** Parsed manifests, newest first. */
  manifests: Manifest[];
}

/** Where each object is used, for naming it in a finding. */
type Uses = Map<string, { size: number; uses: string[] }>;

export async function verifyBackup(request: VerifyRequest): Promise<BackupVerifyReport> {
  const layout = pickVaultBackup(request.folder, request.vaultId);
  const marker = readMarker(layout);
  let reads: ManifestRead[];
  try {
    reads = readManifests(layout, MAX_MANIFEST_BYTES_IN_ALL);
  } catch (error) {
    throw new SakshyaError('NOT_A_BACKUP', `${layout.root} cannot be read`, { cause: error });
  }
  if (reads[0]?.ok === false && reads[0].reason === 'too-new')
    throw new SakshyaError('BACKUP_TOO_NEW', describeTooNew(reads[0].file));
  const problems: BackupFinding[] = [];
  const manifests: Manifest[] = [];
  for (const read of reads) {
    const file = `generations/${String(read.seq).padStart(8, '0')}.json`;
    if (!read.ok) {
      problems.push({
        code: 'manifest-damaged',
        file,
        message:
          read.reason === 'not-plain'
            ? `${file} is ${NOT_PLAIN}; it was not read`
            : read.reason === 'over-budget'
              ? `${file} was not read: the newer manifests here are already too big to hold all at once (someone may have planted big ones)`
              : `${file} cannot be read as a generation manifest`,
      });
    } else if (read.manifest.vaultId !== marker.vaultId) {
      problems.push({
        code: 'manifest-damaged',
        file,
        message: `${file} belongs to another vault's backup`,
      });
    } else {
      manifests.push(read.manifest);
    }
  }
  if (manifests.length === 0)
    problems.push({
      code: 'missing',
      file: null,
      message: 'this backup holds no complete generation',
    });

  const found = { layout, vaultId: marker.vaultId, manifests };
  const keys = (await request.keysFor?.(found)) ?? null;
  const authenticated = keys === null ? null : checkAuthenticity(manifests, keys, problems);
  if (keys !== null) {
    const authentic = manifests.filter((m) => manifestIsAuthentic(keys.manifest, m));
    const newestAuthentic = authentic[0]?.seq ?? 0;
    // The folder's id (format 4) names it wherever the drive is mounted (backup-state.ts).
    const backupId = authentic.find((m) => m.backupId !== undefined)?.backupId;
    const rollback = describeRollback(
      request.publishedGeneration?.(found, backupId) ?? null,
      newestAuthentic,
    );
    if (rollback !== null) problems.push(rollback);
  }
  const uses = collectUses(manifests, problems);
  await checkObjects(layout, uses, problems, request);
  const scan = scanBackupFolder(layout, null);
  const journaled = readJournals(layout);
  const notes = [...scan.notes];
  problems.push(...scan.unexpected);
  for (const name of scan.objects.keys()) {
    if (uses.has(name)) continue;
    const finding = describeOrphan(name, journaled.has(name));
    (finding.code === 'unexpected-file' ? problems : notes).push(finding);
  }
  // With a key, the newest generation is the newest authentic one: a forged newer manifest is named
  // above, and neither its snapshot (any file the forger listed) nor its date stands for hers.
  const newest =
    (keys === null
      ? manifests[0]
      : manifests.find((manifest) => manifestIsAuthentic(keys.manifest, manifest))) ?? null;
  const snapshotOpens =
    keys === null || newest === null ? null : checkSnapshot(layout, newest, keys, problems);
  return {
    result: problems.length === 0 ? 'intact' : 'damaged',
    vaultId: marker.vaultId,
    generation: newest?.seq ?? null,
    createdAt: newest?.createdAt ?? null,
    fileCount: uses.size,
    authenticated,
    snapshotOpens,
    problems,
    notes,
  };
}

function checkAuthenticity(
  manifests: Manifest[],
  keys: VerifyKeys,
  problems: BackupFinding[],
): boolean {
  let all = true;
  for (const manifest of manifests) {
    if (manifestIsAuthentic(keys.manifest, manifest)) continue;
    all = false;
    const file = `generations/${String(manifest.seq).padStart(8, '0')}.json`;
    problems.push({
      code: 'manifest-forged',
      file,
      message: `${file} was not written by this vault (its authentication code does not match): it was changed or swapped`,
    });
  }
  return all;
}

function collectUses(manifests: Manifest[], problems: BackupFinding[]): Uses {
  const uses: Uses = new Map();
  for (const manifest of manifests) {
    for (const essential of ESSENTIAL_PATHS) {
      if (manifest.files.some((entry) => entry.path === essential)) continue;
      problems.push({
        code: 'missing',
        file: `generations/${String(manifest.seq).padStart(8, '0')}.json`,
        message: `generation ${String(manifest.seq)} does not list ${essential}`,
      });
    }
    for (const entry of manifest.files) {
      const use = `${entry.path} in generation ${String(manifest.seq)}`;
      const known = uses.get(entry.sha256);
      if (known === undefined) uses.set(entry.sha256, { size: entry.size, uses: [use] });
      else known.uses.push(use);
    }
  }
  return uses;
}

async function checkObjects(
  layout: BackupLayout,
  uses: Uses,
  problems: BackupFinding[],
  request: BackupTaskOptions,
): Promise<void> {
  const total = { files: uses.size, bytes: [...uses.values()].reduce((sum, u) => sum + u.size, 0) };
  let done = 0;
  let bytesDone = 0;
  for (const [sha256, { size, uses: usedBy }] of uses) {
    throwIfAborted(request.signal);
    const file = objectLabel(sha256);
    const what = `(${usedBy.slice(0, 3).join('; ')}${usedBy.length > 3 ? '; …' : ''})`;
    let actual: { sha256: string; size: number } | null = null;
    const plain = objectIsPlainFile(objectFile(layout, sha256));
    try {
      if (plain === true)
        actual = await hashFile(objectFile(layout, sha256), { signal: request.signal });
    } catch (error) {
      if (error instanceof SakshyaError) throw error;
    }
    if (plain === false) {
      problems.push({
        code: 'unexpected-file',
        file,
        message: `${file} ${what} is not a plain file (a link, a pipe or a device, which a backup never makes); it was not read`,
      });
    } else if (actual === null) {
      problems.push({ code: 'missing', file, message: `${file} ${what} is missing` });
    } else if (actual.size !== size) {
      problems.push({
        code: 'size-mismatch',
        file,
        message: `${file} ${what} has ${String(actual.size)} bytes, not ${String(size)}`,
      });
    } else if (actual.sha256 !== sha256) {
      problems.push({
        code: 'hash-mismatch',
        file,
        message: `${file} ${what} does not match its SHA-256`,
      });
    }
    done += 1;
    bytesDone += size;
    request.onProgress?.({ done, total: total.files, bytesDone, bytesTotal: total.bytes });
  }
}

function checkSnapshot(
  layout: BackupLayout,
  newest: Manifest,
  keys: VerifyKeys,
  problems: BackupFinding[],
): boolean {
  const entry = newest.files.find((file) => file.path === 'sakshya.db');
  if (entry === undefined) return false;
  const file = objectFile(layout, entry.sha256);
  const opens = objectIsPlainFile(file) === true && keys.opensDatabase(file);
  if (!opens) {
    problems.push({
      code: 'snapshot-unreadable',
      file: objectLabel(entry.sha256),
      message: `the database snapshot of generation ${String(newest.seq)} does not open with this vault's key`,
    });
  }
  return opens;
}
