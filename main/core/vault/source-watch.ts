// Watching a source file while it is stored, to tell a complete read from one of a file that was
// swapped, rewritten or removed meanwhile. The stat calls are made by whoever reads the file: a
// stage worker makes them blocking, beside the import's main thread, where three round trips
// through the thread pool per file used to cost the main thread more than anything but SQLite.
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';

/** What identifies a file and its content for this purpose: a rewrite changes size or mtime. */
export interface FileStamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** Asks a stager to check the source against what `stat` said before it was opened. */
export interface SourceWatch {
  path: string;
  expected: FileStamp;
}

/** The source as seen through its descriptor before the read, and both ways after it. */
export interface SourceAfter {
  opened: FileStamp;
  handle: FileStamp;
  /** Null when the path no longer names anything. */
  path: FileStamp | null;
}

/** The file opened is not the one `stat` described (swapped or rewritten in between). */
export class SourceChanged extends Error {}

export function stampOf(stats: FileStamp): FileStamp {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

export function isSameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Before reading: the descriptor's stamp, or SourceChanged. */
export async function checkOpened(handle: FileHandle, watch: SourceWatch): Promise<FileStamp> {
  const opened = stampOf(await handle.stat());
  if (!isSameStamp(watch.expected, opened)) throw new SourceChanged();
  return opened;
}

export function checkOpenedSync(fd: number, watch: SourceWatch): FileStamp {
  const opened = stampOf(fs.fstatSync(fd));
  if (!isSameStamp(watch.expected, opened)) throw new SourceChanged();
  return opened;
}

export async function readSourceAfter(
  handle: FileHandle,
  path: string,
  opened: FileStamp,
): Promise<SourceAfter> {
  const afterHandle = stampOf(await handle.stat());
  const afterPath = await fsp.stat(path).then(stampOf, () => null);
  return { opened, handle: afterHandle, path: afterPath };
}

export function readSourceAfterSync(fd: number, path: string, opened: FileStamp): SourceAfter {
  let afterPath: FileStamp | null;
  try {
    afterPath = stampOf(fs.statSync(path));
  } catch {
    afterPath = null;
  }
  return { opened, handle: stampOf(fs.fstatSync(fd)), path: afterPath };
}

/** What went wrong with the source during the read, if anything. */
export function describeSourceChange(
  after: SourceAfter,
  storedSize: number,
): 'vanished' | 'changed' | null {
  const { opened } = after;
  if (after.path?.dev !== opened.dev || after.path.ino !== opened.ino) return 'vanished';
  if (
    !isSameStamp(opened, after.handle) ||
    !isSameStamp(opened, after.path) ||
    storedSize !== opened.size
  )
    return 'changed';
  return null;
}
