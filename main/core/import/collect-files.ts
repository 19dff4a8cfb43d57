// Turns what the user dropped (files and folders) into the list of files to import. Folders are
// walked recursively in name order. Links are followed, but a folder reached a second time (a link
// loop, or the same folder dropped twice) is walked only once, by its device and inode, read as
// BigInts: NTFS file ids are 64-bit, and as Numbers (53 bits) two folders could share one. Anything
// that is not a regular file (a pipe, a socket, a device) is listed as skipped, never opened:
// opening a named pipe would wait forever for a writer.
import type { BigIntStats, Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StatedReason } from './import-types';

export type CollectedPath =
  | { kind: 'file'; path: string; size: number }
  | ({ kind: 'skipped' | 'failed'; path: string } & StatedReason);

// Files the operating system leaves in folders; only skipped when found inside a dropped folder.
const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);
const LINK_LOOP: StatedReason = {
  reasonCode: 'symlink-loop',
  reason: 'a link that loops back on itself',
};

export async function collectFiles(paths: readonly string[]): Promise<CollectedPath[]> {
  const out: CollectedPath[] = [];
  const seenFolders = new Set<string>();
  for (const given of paths) await visit(given, false, out, seenFolders);
  return out;
}

async function visit(
  file: string,
  insideFolder: boolean,
  out: CollectedPath[],
  seenFolders: Set<string>,
): Promise<void> {
  let stats: BigIntStats;
  try {
    stats = await fs.stat(file, { bigint: true });
  } catch (error) {
    out.push(await describeStatFailure(file, error));
    return;
  }
  if (stats.isDirectory()) {
    const key = `${stats.dev}:${stats.ino}`;
    if (seenFolders.has(key)) {
      out.push({
        kind: 'skipped',
        path: file,
        reasonCode: 'folder-repeated',
        reason: 'this folder was already included (a link leads back to it)',
      });
      return;
    }
    seenFolders.add(key);
    let names: string[];
    try {
      names = await fs.readdir(file);
    } catch (error) {
      const { reasonCode, reason } = describeFsError(error);
      out.push({
        kind: 'failed',
        path: file,
        reasonCode,
        reason: `the folder could not be listed: ${reason}`,
      });
      return;
    }
    names.sort();
    for (const name of names) await visit(path.join(file, name), true, out, seenFolders);
    return;
  }
  if (stats.isFile()) {
    const name = path.basename(file);
    if (insideFolder && (SYSTEM_FILES.has(name.toLowerCase()) || name.startsWith('._'))) {
      out.push({
        kind: 'skipped',
        path: file,
        reasonCode: 'system-file',
        reason: 'a file the operating system keeps for itself, not evidence',
      });
      return;
    }
    out.push({ kind: 'file', path: file, size: Number(stats.size) });
    return;
  }
  out.push({ kind: 'skipped', path: file, ...describeSpecialFile(stats) });
}

export function describeSpecialFile(stats: Stats | BigIntStats): StatedReason {
  const special = (reason: string): StatedReason => ({ reasonCode: 'special-file', reason });
  if (stats.isDirectory()) return special('is a folder');
  if (stats.isFIFO()) return special('a named pipe (FIFO), not a file');
  if (stats.isSocket()) return special('a socket, not a file');
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return special('a device, not a file');
  return special('not a regular file');
}

async function describeStatFailure(file: string, error: unknown): Promise<CollectedPath> {
  const code = readErrorCode(error);
  if (code === 'ELOOP') return { kind: 'skipped', path: file, ...LINK_LOOP };
  if (code === 'ENOENT') {
    const isLink = await fs.lstat(file).then(
      (stats) => stats.isSymbolicLink(),
      () => false,
    );
    if (isLink)
      return {
        kind: 'skipped',
        path: file,
        reasonCode: 'dangling-link',
        reason: 'a link to something that no longer exists',
      };
  }
  return { kind: 'failed', path: file, ...describeFsError(error) };
}

export function readErrorCode(error: unknown): string | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  )
    return error.code;
  return undefined;
}

/** A file-system error in plain words, without the path (which the result already names). */
export function describeFsError(error: unknown): StatedReason {
  switch (readErrorCode(error)) {
    case 'ENOENT':
      return { reasonCode: 'not-found', reason: 'file not found' };
    case 'EACCES':
    case 'EPERM':
      return { reasonCode: 'permission-denied', reason: 'permission denied' };
    case 'ELOOP':
      return LINK_LOOP;
    case 'EISDIR':
      return { reasonCode: 'special-file', reason: 'is a folder' };
    case 'ENAMETOOLONG':
      return { reasonCode: 'unreadable', reason: 'the name is too long' };
    case 'EIO':
      return {
        reasonCode: 'unreadable',
        reason: 'the disk could not be read (input/output error)',
      };
    case 'EBUSY':
      return { reasonCode: 'unreadable', reason: 'the file is in use by another program' };
    default:
      return { reasonCode: 'unreadable', reason: 'the file could not be read' };
  }
}
