// What a backup must copy, and which objects already in the backup folder it may trust by name.
import fs from 'node:fs';
import type { BackupFinding } from '../../../shared/contract/backup';
import { hashFile } from './backup-copy';
import { objectFile, objectLabel, type BackupLayout, type ManifestEntry } from './backup-layout';
import { stampOf, type VaultFile } from './vault-files';

export interface CopyPlan {
  reused: ManifestEntry[];
  toCopy: VaultFile[];
  /** Objects found changed in the backup folder since this vault wrote them: copied again. */
  repaired: BackupFinding[];
  /** Objects whose bytes are known to match their names, with their stamps now. */
  trusted: Map<string, string>;
}

/**
 * What must be copied. Stored evidence and previews never change under their names, so one the
 * last generation lists is taken as it is, if its object is there and intact. A mutable file (a
 * sidecar, a key file) whose stamp is the one the last generation recorded is unchanged since
 * then; any other is copied, and hashed as it is copied.
 *
 * An object is intact when its stamp in the backup folder is the one the last (authentic)
 * generation recorded for it. Anyone who can write in the backup folder can overwrite an object
 * with other bytes of the same size, but not without changing its change time or inode; so an
 * object whose stamp differs (or was never recorded, in a generation of format 2 or older) is
 * hashed, and copied again from the vault, over the bad one, when its bytes do not match its name.
 * A sync client that only touches an object's metadata costs a hash, once. Where a stamp can be
 * put back (NTFS), the objects in `recheck` are hashed whatever their stamps (backup-recheck.ts).
 */
export async function planCopies(
  files: VaultFile[],
  {
    previous,
    present,
    layout,
    signal,
    recheck = new Set<string>(),
  }: {
    previous: Map<string, ManifestEntry>;
    present: Set<string>;
    layout: BackupLayout;
    signal: AbortSignal | undefined;
    /** Objects hashed again even when their stamps match (backup-recheck.ts). */
    recheck?: ReadonlySet<string>;
  },
): Promise<CopyPlan> {
  const plan: CopyPlan = { reused: [], toCopy: [], repaired: [], trusted: new Map() };
  for (const file of files) {
    const before = previous.get(file.path);
    const unchanged =
      before !== undefined &&
      (file.immutable
        ? file.size === null || file.size === before.size
        : file.stamp !== null && file.stamp === before.stamp);
    const held =
      unchanged && present.has(before.sha256)
        ? await checkObject(layout, before, { trusted: plan.trusted, recheck, signal })
        : 'missing';
    if (unchanged && held === 'intact') {
      const objectStamp = plan.trusted.get(before.sha256);
      plan.reused.push(objectStamp === undefined ? before : { ...before, objectStamp });
      continue;
    }
    if (before !== undefined && (held === 'changed' || held === 'forged')) {
      const label = objectLabel(before.sha256);
      const how =
        held === 'forged'
          ? ' although its size, times and inode were put back as they were (a check of a random sample found it)'
          : '';
      plan.repaired.push({
        code: 'object-repaired',
        file: label,
        message: `${label} was changed in the backup folder since this vault wrote it${how}; it was copied again`,
      });
    }
    plan.toCopy.push(file);
  }
  return plan;
}

/** Whether an object in the backup folder still holds the bytes its name says (see planCopies). */
async function checkObject(
  layout: BackupLayout,
  entry: ManifestEntry,
  {
    trusted,
    recheck,
    signal,
  }: {
    trusted: Map<string, string>;
    recheck: ReadonlySet<string>;
    signal: AbortSignal | undefined;
  },
): Promise<'intact' | 'changed' | 'forged'> {
  if (trusted.has(entry.sha256)) return 'intact';
  const stamp = objectStampOf(layout, entry.sha256);
  if (stamp === null) return 'changed';
  const sameStamp = entry.objectStamp === stamp;
  if (!sameStamp || recheck.has(entry.sha256)) {
    // A plain file (objectStampOf) never blocks the read; anything else was named above.
    const actual = await hashFile(objectFile(layout, entry.sha256), { signal });
    if (actual.sha256 !== entry.sha256 || actual.size !== entry.size)
      return sameStamp ? 'forged' : 'changed';
  }
  trusted.set(entry.sha256, stamp);
  return 'intact';
}

/** An object's stamp in the backup folder; null when it is not there as a plain file. */
export function objectStampOf(layout: BackupLayout, sha256: string): string | null {
  try {
    const stat = fs.lstatSync(objectFile(layout, sha256), { bigint: true });
    return stat.isFile() ? stampOf(stat) : null;
  } catch {
    return null;
  }
}
