// Why a remembered vault folder is not there, in words the first-run screen can use: the drive it
// was on is not plugged in, or the folder itself is gone. Written by hand: no library tells a
// removable drive that is away from a folder that was deleted, and only the first existing folder
// above the vault is needed to tell them apart.
import fs from 'node:fs';
import path from 'node:path';
import type { VaultPlaceReason } from '../../../shared/contract/vault-place';

/**
 * Where removable drives appear on each system, and how many folders down their own folder is:
 * udisks mounts at /media/<user>/<label> or /run/media/<user>/<label>; macOS at /Volumes/<label>;
 * a drive mounted by hand is often /mnt/<label>. Windows drives are letters (checked by root).
 */
export interface RemovableRoot {
  dir: string;
  depth: number;
}

export function listRemovableRoots(platform: NodeJS.Platform = process.platform): RemovableRoot[] {
  if (platform === 'darwin') return [{ dir: '/Volumes', depth: 1 }];
  if (platform === 'win32') return [];
  return [
    { dir: '/media', depth: 2 },
    { dir: '/run/media', depth: 2 },
    { dir: '/mnt', depth: 1 },
  ];
}

export interface MissingPlaceOptions {
  removableRoots?: RemovableRoot[];
  /** The path rules of the system the folder belongs to (win32 for drive letters). */
  pathApi?: path.PlatformPath;
  exists?: (folder: string) => boolean;
}

const existsOnDisk = (folder: string): boolean => fs.existsSync(folder);

/**
 * `folder` is a whole path that holds no vault. It is `drive-missing` when the drive it is on is
 * not there (its drive letter or share is gone, or its drive's folder under a removable-drive root
 * is missing); `folder-missing` when the folder is gone from a disk that is there; `no-vault` when
 * the folder is there but holds no vault.
 */
export function findWhyPlaceIsMissing(
  folder: string,
  options: MissingPlaceOptions = {},
): Exclude<VaultPlaceReason, 'invalid'> {
  const pathApi = options.pathApi ?? path;
  const exists = options.exists ?? existsOnDisk;
  if (exists(folder)) return 'no-vault';
  const root = pathApi.parse(folder).root;
  if (root !== '' && !exists(root)) return 'drive-missing';
  for (const removable of options.removableRoots ?? listRemovableRoots()) {
    const relative = pathApi.relative(removable.dir, folder);
    if (relative === '' || relative.startsWith('..') || pathApi.isAbsolute(relative)) continue;
    const parts = relative.split(pathApi.sep);
    // The drive's own folder (its mount point), or the vault folder itself if it is that folder.
    const mountPoint = pathApi.join(
      removable.dir,
      ...parts.slice(0, Math.min(removable.depth, parts.length)),
    );
    if (!exists(mountPoint)) return 'drive-missing';
    // An empty folder left behind by an unplugged drive (a mount point made by hand) is told apart
    // from a drive that is there by its device number.
    if (pathApi === path && isEmptyUnmountedFolder(mountPoint)) return 'drive-missing';
  }
  return 'folder-missing';
}

/** Empty, and on the same device as the folder above it, so no drive is mounted there. */
function isEmptyUnmountedFolder(mountPoint: string): boolean {
  try {
    if (fs.readdirSync(mountPoint).length > 0) return false;
    return fs.statSync(mountPoint).dev === fs.statSync(path.dirname(mountPoint)).dev;
  } catch {
    return false;
  }
}
