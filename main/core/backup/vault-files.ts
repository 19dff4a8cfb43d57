// Which files of a vault a backup copies, as they are. The database is not among them: it goes as
// a snapshot (backup-run.ts). Nor are tmp/, inbox/, generation.json (made again at restore, for
// the restored database) or anything that is not the vault's own (partial files start with '.').
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import type { VaultLayout } from '../vault/layout';

export interface VaultFile {
  /** Relative to the vault folder, with '/' on every system. */
  path: string;
  absolute: string;
  /** Null for an immutable file that was not looked at (see `known` in listVaultFiles). */
  size: number | null;
  /** Stored evidence and previews never change under their names (they are content names). */
  immutable: boolean;
  /**
   * A mutable file's size, modification and change times (ns) and inode: any rewrite changes it
   * (the vault rewrites by temp file and rename, a new inode; and no program can set the change
   * time back). Kept in the MAC'd manifest, so a backup need not hash an unchanged sidecar again.
   */
  stamp: string | null;
}

const TREES = [
  { dir: 'keys', immutable: false },
  { dir: 'objects', immutable: true },
  { dir: 'sidecars', immutable: false },
  { dir: 'thumbnails', immutable: true },
] as const;

/**
 * Every file to back up. An immutable file for which `known` says yes (the last generation holds it
 * under that name) is listed without a stat: its name already says what it holds.
 */
export function listVaultFiles(
  layout: VaultLayout,
  known: (relative: string) => boolean = () => false,
): VaultFile[] {
  const files: VaultFile[] = [];
  for (const name of ['vault.json', 'settings.json']) {
    const absolute = path.join(layout.root, name);
    const stat = statFile(absolute);
    if (stat !== null)
      files.push({
        path: name,
        absolute,
        size: Number(stat.size),
        immutable: false,
        stamp: stampOf(stat),
      });
  }
  for (const tree of TREES) walk(layout.root, tree.dir, tree.immutable, { into: files, known });
  // A generation without these cannot be restored, and five of them push the last good one out. A
  // vault open in the app does not read them again until the next unlock, so someone who can write
  // in its folder could delete one unnoticed; the backup refuses instead (check names it).
  const missing = REQUIRED.filter((name) => !files.some((file) => file.path === name));
  if (missing.length > 0)
    throw new SakshyaError(
      'VAULT_NEEDS_REPAIR',
      `${missing.join(' and ')} is missing from the vault, so no backup was made (the last one is intact); run \`sakshya check\``,
    );
  return files;
}

const REQUIRED = ['vault.json', 'keys/passphrase.age', 'keys/recovery.age'] as const;

export function stampOf(stat: fs.BigIntStats): string {
  return `${String(stat.size)}:${String(stat.mtimeNs)}:${String(stat.ctimeNs)}:${String(stat.ino)}`;
}

function walk(
  root: string,
  relative: string,
  immutable: boolean,
  { into, known }: { into: VaultFile[]; known: (relative: string) => boolean },
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      walk(root, child, immutable, { into, known });
    } else if (entry.isFile() && entry.name.endsWith('.age')) {
      const absolute = path.join(root, ...child.split('/'));
      if (immutable && known(child)) {
        into.push({ path: child, absolute, size: null, immutable, stamp: null });
        continue;
      }
      const stat = statFile(absolute);
      if (stat !== null)
        into.push({
          path: child,
          absolute,
          size: Number(stat.size),
          immutable,
          stamp: immutable ? null : stampOf(stat),
        });
    }
  }
}

/**
 * A plain file of the vault's own, never a link: someone who can write in the vault folder could
 * link settings.json to any file of hers (a chat export in Downloads), and the backup would carry
 * it in the clear to a synced folder they can read. lstat, so a link is not followed.
 */
function statFile(file: string): fs.BigIntStats | null {
  try {
    const stat = fs.lstatSync(file, { bigint: true });
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}
