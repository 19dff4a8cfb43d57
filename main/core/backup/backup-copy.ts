// Copying one file while hashing it, durably: read once, SHA-256 the bytes as they pass, write them
// to a temp file, fsync, and only then rename into place. Used both ways: into a backup's objects/
// (named by the hash) and out of it into a restored vault (checked against the manifest's hash).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SakshyaError } from '../../../shared/errors';
import { fsyncDirectory, isErrnoException, renameWithRetry } from '../fs/atomic-write';
import { startPhase } from './backup-phases';
import { assertTempIsTheCopy } from './copy-guards';
import { syncFileSystemOf } from './syncfs-helper';

export interface CopyOptions {
  signal?: AbortSignal | undefined;
  /** Called with each chunk's length as it is written. */
  onBytes?: ((bytes: number) => void) | undefined;
  /**
   * The most bytes to read (a restore passes the manifest's size): a longer source is refused as
   * TOO_BIG after reading at most this many bytes and one more.
   */
  maxBytes?: number | undefined;
  /** Hashes each copy (hash-threads.ts: two workers for a big run); else this thread. */
  hasher?: { hash(fd: number, options: CopyOptions): Promise<HashedFile> } | undefined;
  /** Runs a bounded copy's read, hash and write loop (copy-threads.ts: a restore's two workers). */
  copier?: BoundedCopier | undefined;
}

/** A bounded copy: at most `limit` bytes, `size` as fstat gave it, `source` for its refusals. */
export interface CopyBounds {
  limit: number;
  size: number;
  source: string;
}

/**
 * Copies the open, checked `input` into the open, new temp `output` (both opened by the caller on
 * its thread), hashing what it writes; refuses with RefusedSourceError('too-big') past the limit.
 */
export interface BoundedCopier {
  copy(
    input: number,
    output: number,
    bounds: CopyBounds,
    options: CopyOptions,
  ): Promise<HashedFile>;
}

/**
 * A source that is not read: `not-plain` (a link, a named pipe, a device: a backup or a vault
 * never holds one; a pipe would block its reader and /dev/zero never ends), or `too-big` (longer
 * than the manifest says).
 */
export class RefusedSourceError extends Error {
  constructor(
    readonly reason: 'not-plain' | 'too-big',
    file: string,
  ) {
    super(
      `${path.basename(file)}: ${reason === 'not-plain' ? 'not a plain file' : 'longer than listed'}`,
    );
    this.name = 'RefusedSourceError';
  }
}

export interface HashedFile {
  sha256: string;
  size: number;
}

/** Codes that mean the target cannot be written (a read-only drive, no permission). */
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

/** An error writing the target, in the closed list: full, read-only, or as it was. */
export function describeTargetError(error: unknown): unknown {
  if (error instanceof SakshyaError) return error;
  if (isErrnoException(error)) {
    if (error.code === 'ENOSPC' || error.code === 'EDQUOT')
      return new SakshyaError(
        'DISK_FULL',
        'the backup drive is full; the previous backup is intact',
        {
          cause: error,
        },
      );
    if (READ_ONLY_CODES.has(error.code ?? ''))
      return new SakshyaError('NOT_WRITABLE', 'the folder cannot be written (read-only?)', {
        cause: error,
      });
    if (error.code === 'ENOENT' || error.code === 'ENODEV' || error.code === 'EIO')
      return new SakshyaError(
        'NOT_WRITABLE',
        'the folder went away while writing (was the drive unplugged?); the previous backup is intact',
        { cause: error },
      );
  }
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new SakshyaError('CANCELLED');
}

/**
 * The copies below read and write synchronously, and yield to the event loop every 2 ms: an async
 * read and write per chunk costs a hop to libuv's thread pool each, and on a busy machine those
 * hops, not the disk, made a backup several times slower than `cp -r`. The yield is short because
 * the other copy lanes' finished steps wait for it: with a yield every 25 ms, hashing the 512 MiB
 * file held the three other lanes to one step each per 25 ms for most of a second.
 */
const YIELD_EVERY_MS = 2;

/** Resolves at once unless this thread has run for a while; then lets events (cancel) through. */
export function createYielder(): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = Date.now();
  };
}

/** SHA-256 and size of a file, read once. */
export async function hashFile(file: string, options: CopyOptions = {}): Promise<HashedFile> {
  const fd = fs.openSync(file, 'r');
  try {
    return await hashOpenFile(fd, options);
  } finally {
    fs.closeSync(fd);
  }
}

const HASH_CHUNK = 1024 * 1024;
/** Buffers for hashing, reused: each hash waiting on the event loop holds one; a few are kept. */
const spare: Buffer[] = [];
const SPARE_KEPT = 4;

/**
 * SHA-256 and size of an open file from its first byte, read into a reused buffer (a fresh buffer
 * per file cost 3.1 s of page faults for a 1.1 GB vault, against 0.22 s reused; copy-then-hash.ts).
 */
export async function hashOpenFile(fd: number, options: CopyOptions = {}): Promise<HashedFile> {
  const buffer = spare.pop() ?? Buffer.allocUnsafe(HASH_CHUNK);
  const hash = crypto.createHash('sha256');
  const yieldNow = createYielder();
  let size = 0;
  try {
    for (;;) {
      throwIfAborted(options.signal);
      const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, size);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      options.onBytes?.(bytesRead);
      await yieldNow();
    }
  } finally {
    if (spare.length < SPARE_KEPT) spare.push(buffer);
  }
  return { sha256: hash.digest('hex'), size };
}

// O_NOFOLLOW: a link as the last part fails (ELOOP) instead of being followed. O_NONBLOCK: opening a
// named pipe returns at once instead of waiting for a writer. Neither exists on Windows (0 there);
// the fstat below still refuses anything but a plain file.
const PLAIN_OPEN_FLAGS =
  fs.constants.O_RDONLY |
  ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0) |
  ((fs.constants.O_NONBLOCK as number | undefined) ?? 0);

/**
 * Opens a file for reading only if it is a plain file (not a link, pipe or device). Synchronous:
 * an open and an fstat take microseconds, where each hop to libuv's thread pool and back waits for
 * a pool thread and then for this thread's event loop (a timeline of a full backup showed the four
 * copy lanes spending more time in these hops than in the copies; README).
 */
export function openPlainFile(file: string): { fd: number; size: number; mode: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, PLAIN_OPEN_FLAGS);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ELOOP')
      throw new RefusedSourceError('not-plain', file);
    throw error;
  }
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw new RefusedSourceError('not-plain', file);
  }
  return { fd, size: stat.size, mode: stat.mode & 0o777 };
}

/**
 * Opens a source to copy, as openPlainFile does, refused as 'too-big' when it is longer than
 * `options.maxBytes` (a restore passes the manifest's size, so a planted huge file is never
 * copied). One place for the start of every copy (copyThenHash, which copyHashing calls).
 */
export function openCopySource(source: string, options: CopyOptions): { fd: number; size: number } {
  throwIfAborted(options.signal);
  const opened = openPlainFile(source);
  if (options.maxBytes !== undefined && opened.size > options.maxBytes) {
    fs.closeSync(opened.fd);
    throw new RefusedSourceError('too-big', source);
  }
  return opened;
}

/** How many copies run at once: libuv's thread pool has four threads unless told otherwise. */
export const COPY_CONCURRENCY = 4;

/**
 * Runs `work` over `items`, a few at a time. After the first failure nothing new starts; the ones
 * running are let finish (so their temp files are known to the batch), then the failure is thrown.
 */
export async function runPool<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  signal: AbortSignal | undefined,
  concurrency = COPY_CONCURRENCY,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        throwIfAborted(signal);
        await work(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failures.length > 0) throw failures[0];
}

const fsyncAsync = promisify(fs.fsync);

/**
 * coreutils' `sync -f DIR`: syncfs(2) of the file system that holds DIR, i.e. every dirty page and
 * inode on it written and the drive's cache flushed, once. Node has no syncfs binding. Null where
 * there is none (not Linux): each file is then fsynced.
 */
const SYNC_TOOL =
  process.platform === 'linux'
    ? (['/usr/bin/sync', '/bin/sync'].find((file) => fs.existsSync(file)) ?? null)
    : null;

const SYNCFS_MIN_FILES = 16;
/** A few folders (an incremental backup) are fsynced each, as files are. */
const SYNCFS_MIN_FOLDERS = 64;

/** Whether SyncBatch makes a batch durable with one syncfs rather than an fsync per file. */
export function usesSyncfs(): boolean {
  return SYNC_TOOL !== null && process.env.SAKSHYA_BACKUP_FSYNC_EACH !== '1';
}

/**
 * Written files waiting to be made durable. Each batch is made durable as a whole, and only then is
 * each file's `commit` (its rename into place) run, in order: nothing is renamed before its data
 * is on the disk.
 *
 * On Linux a batch is made durable by one syncfs (`sync -f` on the batch's folder), which writes
 * every dirty file of that file system and flushes the drive once. An fsync per file costs a
 * journal commit and a drive cache flush each: measured on this VM (4,028 files, 1.1 GB, under
 * load), copying then fsyncing each took 9.4 s where the same copies and one syncfs took 5.3 s,
 * and `cp -r` + `sync` 4.0 s; fdatasync of each file after the syncfs still cost ~3 s (a flush
 * each). syncfs reports write-back errors since 5.8; a file's fds are kept open meanwhile, and if
 * `sync` cannot run or fails, each file is fsynced as before. Elsewhere, an fsync per file, a batch
 * of them at once on the thread pool (a journaling file system commits concurrent fsyncs together).
 */
export class SyncBatch {
  private pending: { fd: number; temp: string; commit: () => void }[] = [];
  private bytes = 0;

  constructor(
    private readonly limits = usesSyncfs()
      ? { files: 256, bytes: 256 * 1024 * 1024 }
      : { files: 64, bytes: 64 * 1024 * 1024 },
  ) {}

  async add(fd: number, temp: string, size: number, commit: () => void): Promise<void> {
    this.pending.push({ fd, temp, commit });
    this.bytes += size;
    if (this.pending.length >= this.limits.files || this.bytes >= this.limits.bytes) {
      // The lane that filled the batch waits for it (measured: letting the copies run on while
      // a batch is synced, in batches of up to 1,024 files, made a full backup slower, 19.6-24.8 s
      // against 11.6-11.9 s in the same run under load ~28: more system time, syncs that chase
      // the copies' new writes).
      const waited = startPhase('wait');
      try {
        await this.flush();
      } finally {
        waited();
      }
    }
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    if (batch.length === 0) return;
    const syncEnded = startPhase('syncfs');
    try {
      // A few files (an incremental backup) are fsynced each: cheaper than flushing everything.
      const synced =
        batch.length >= SYNCFS_MIN_FILES &&
        (await syncFileSystem(path.dirname(batch[0]?.temp ?? '.')));
      if (!synced) await Promise.all(batch.map((item) => fsyncAsync(item.fd)));
    } catch (error) {
      for (const item of batch) discard(item);
      throw describeTargetError(error);
    } finally {
      syncEnded();
    }
    const renamed = startPhase('rename');
    for (const [i, item] of batch.entries()) {
      let open = true;
      try {
        assertTempIsTheCopy(item.fd, item.temp); // trust review N2: still the file hashed
        fs.closeSync(item.fd);
        open = false;
        item.commit();
      } catch (error) {
        if (open) discard(item);
        for (const rest of batch.slice(i + 1)) discard(rest);
        renamed();
        throw error;
      }
    }
    renamed();
  }

  /** Closes and removes whatever is still waiting (after a failure or a cancel). */
  abandon(): void {
    for (const item of this.pending) discard(item);
    this.pending = [];
    this.bytes = 0;
  }
}

/** True when the file system holding `dir` was synced; false when no syncfs could be run. */
async function syncFileSystem(dir: string): Promise<boolean> {
  if (!usesSyncfs() || SYNC_TOOL === null) return false;
  // An old coreutils without -f, or a write-back error: false, and each file's own fsync says which.
  return syncFileSystemOf(dir, SYNC_TOOL);
}

function discard(item: { fd: number; temp: string }, open = true): void {
  if (open) {
    try {
      fs.closeSync(item.fd);
    } catch {
      // Closed already.
    }
  }
  fs.rmSync(item.temp, { force: true });
}

/** Renames a complete, fsynced temp file into place, making its folder first. */
export function moveIntoPlace(temp: string, file: string, madeDirs: Set<string>): void {
  const dir = path.dirname(file);
  try {
    if (!madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      madeDirs.add(dir);
    }
    renameWithRetry(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw describeTargetError(error);
  }
}

/**
 * Makes the renames into these folders durable, so they survive a power cut too: one syncfs of
 * their file system where SyncBatch uses it (a journal commit covers every folder; an fsync per
 * folder took ~0.85 s for the 256 folders of objects/ on this VM), else an fsync per folder.
 */
export async function fsyncFolders(folders: Iterable<string>): Promise<void> {
  const list = [...folders];
  const [first] = list;
  if (first === undefined) return;
  const done = startPhase('folders');
  try {
    if (list.length >= SYNCFS_MIN_FOLDERS && (await syncFileSystem(first))) return;
    for (const folder of list) fsyncDirectory(folder);
  } catch (error) {
    throw describeTargetError(error);
  } finally {
    done();
  }
}

/** Throttles progress reports to one per interval, and always the last. */
export function createByteCounter(
  total: { files: number; bytes: number },
  report:
    | ((progress: { done: number; total: number; bytesDone: number; bytesTotal: number }) => void)
    | undefined,
): { addBytes: (bytes: number) => void; fileDone: () => void; finish: () => void } {
  let done = 0;
  let bytesDone = 0;
  let last = 0;
  const send = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    report?.({ done, total: total.files, bytesDone, bytesTotal: total.bytes });
  };
  return {
    addBytes(bytes) {
      bytesDone += bytes;
      send(false);
    },
    fileDone() {
      done += 1;
      send(false);
    },
    finish() {
      send(true);
    },
  };
}
