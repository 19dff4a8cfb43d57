// Copying one file while hashing it, durably: read once, SHA-256 the bytes as they pass, write them
// to a temp file, fsync, and only then rename into place. Used both ways: into a backup's objects/
// (named by the hash) and out of it into a restored vault (checked against the manifest's hash).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SakshyaError } from '../../../shared/errors';
import { fsyncDirectory, isErrnoException, renameWithRetry } from '../fs/atomic-write';

const CHUNK = 1024 * 1024;

export interface CopyOptions {
  signal?: AbortSignal | undefined;
  /** Called with each chunk's length as it is written. */
  onBytes?: ((bytes: number) => void) | undefined;
  /**
   * The most bytes to read (a restore passes the manifest's size): a longer source is refused as
   * TOO_BIG after reading at most this many bytes and one more.
   */
  maxBytes?: number | undefined;
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
 * The copies below read and write synchronously, and yield to the event loop every few MiB and
 * between files: an async read and write per chunk costs a hop to libuv's thread pool each, and
 * on a busy machine those hops, not the disk, made a backup several times slower than `cp -r`.
 */
const YIELD_EVERY_MS = 25;

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
  const hash = crypto.createHash('sha256');
  const yieldNow = createYielder();
  let size = 0;
  try {
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, fs.fstatSync(fd).size)));
    for (;;) {
      throwIfAborted(options.signal);
      const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      options.onBytes?.(bytesRead);
      await yieldNow();
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: hash.digest('hex'), size };
}

const openAsync = promisify(fs.open);
const closeAsync = promisify(fs.close);
const fstatAsync = promisify(fs.fstat);
const readAsync = promisify(fs.read);
const writeAsync = promisify(fs.write);
const readWholeAsync = promisify(fs.readFile);

// O_NOFOLLOW: a link as the last part fails (ELOOP) instead of being followed. O_NONBLOCK: opening a
// named pipe returns at once instead of waiting for a writer. Neither exists on Windows (0 there);
// the fstat below still refuses anything but a plain file.
const PLAIN_OPEN_FLAGS =
  fs.constants.O_RDONLY |
  ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0) |
  ((fs.constants.O_NONBLOCK as number | undefined) ?? 0);

/** Opens a file for reading only if it is a plain file (not a link, pipe or device). */
export async function openPlainFile(file: string): Promise<{ fd: number; size: number }> {
  let fd: number;
  try {
    fd = await openAsync(file, PLAIN_OPEN_FLAGS);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ELOOP')
      throw new RefusedSourceError('not-plain', file);
    throw error;
  }
  const stat = await fstatAsync(fd).catch(async (error: unknown) => {
    await closeAsync(fd);
    throw error;
  });
  if (!stat.isFile()) {
    await closeAsync(fd);
    throw new RefusedSourceError('not-plain', file);
  }
  return { fd, size: stat.size };
}

/** Files up to this size are read whole, then hashed and written at once (see copyToTemp). */
const WHOLE_FILE_MAX = 8 * 1024 * 1024;
/** Chunks of a bigger file: one is hashed while the one before it is written. */
const BIG_CHUNK = 4 * 1024 * 1024;

/**
 * Copies `source` to a new file `temp` (which must not exist), hashing exactly the bytes written,
 * in one read. The data is written but not yet fsynced: the caller hands `fd` to a SyncBatch, which
 * fsyncs and closes it. On any failure the temp file is closed and removed. An error opening the
 * source is thrown as it is (a restore names a missing object); others go through
 * describeTargetError.
 *
 * Measured (bench/backup.ts, 2,000 screenshots and a 512 MiB file, 2-core VM under load): copying
 * and hashing one file at a time on this thread took ~4× as long as `cp -r` + `sync`; the CPU went
 * to SHA-256 and to the copy itself, one after the other, on one core. Here a small file is read
 * whole, and its SHA-256 (WebCrypto's digest runs on libuv's thread pool) is computed while it is
 * written; copyFiles below runs several such copies at once, so the pool's threads hash and copy in
 * parallel. A big file is streamed: each chunk is hashed here while the thread pool writes it.
 */
export async function copyToTemp(
  source: string,
  temp: string,
  options: CopyOptions = {},
): Promise<HashedFile & { fd: number }> {
  const { fd: input, size } = await openPlainFile(source);
  let output: number | undefined;
  try {
    if (options.maxBytes !== undefined && size > options.maxBytes)
      throw new RefusedSourceError('too-big', source);
    output = await openAsync(temp, 'wx', 0o600);
    const hashed =
      size <= WHOLE_FILE_MAX
        ? await copyWhole(input, output, options)
        : await copyStreaming(input, output, options);
    return { ...hashed, fd: output };
  } catch (error) {
    if (output !== undefined) {
      fs.closeSync(output);
      fs.rmSync(temp, { force: true });
    }
    throw describeTargetError(error);
  } finally {
    await closeAsync(input);
  }
}

async function copyWhole(input: number, output: number, options: CopyOptions): Promise<HashedFile> {
  throwIfAborted(options.signal);
  // Read to the end, whatever fstat said: the size that counts is what was read and hashed.
  const bytes =
    options.maxBytes === undefined
      ? await readWholeAsync(input)
      : await readAtMost(input, Math.min(options.maxBytes, WHOLE_FILE_MAX) + 1);
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes)
    throw new RefusedSourceError('too-big', 'source');
  const digest = crypto.subtle.digest('SHA-256', bytes);
  // Awaited below; if the write fails first, its rejection must not go unhandled.
  digest.catch(() => undefined);
  await writeAll(output, bytes);
  options.onBytes?.(bytes.length);
  return { sha256: Buffer.from(await digest).toString('hex'), size: bytes.length };
}

async function copyStreaming(
  input: number,
  output: number,
  options: CopyOptions,
): Promise<HashedFile> {
  const hash = crypto.createHash('sha256');
  const buffers = [Buffer.allocUnsafe(BIG_CHUNK), Buffer.allocUnsafe(BIG_CHUNK)];
  let size = 0;
  for (let turn = 0; ; turn += 1) {
    throwIfAborted(options.signal);
    const buffer = buffers[turn % 2] as Buffer;
    const want =
      options.maxBytes === undefined
        ? buffer.length
        : Math.min(buffer.length, options.maxBytes + 1 - size);
    const { bytesRead } = await readAsync(input, buffer, 0, want, null);
    if (bytesRead === 0) break;
    if (options.maxBytes !== undefined && size + bytesRead > options.maxBytes)
      throw new RefusedSourceError('too-big', 'source');
    const chunk = buffer.subarray(0, bytesRead);
    const written = writeAll(output, chunk);
    hash.update(chunk);
    await written;
    size += bytesRead;
    options.onBytes?.(bytesRead);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Up to `limit` bytes from the file's current position, fewer at its end. */
async function readAtMost(fd: number, limit: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(limit);
  let length = 0;
  while (length < limit) {
    const { bytesRead } = await readAsync(fd, buffer, length, limit - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, offset, bytes.length - offset, null);
    offset += bytesWritten;
  }
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
 * Written files waiting for their fsync. They are fsynced together, a batch at a time, on the
 * thread pool (a journaling file system commits concurrent fsyncs together), and only then is
 * each one's `commit` (its rename into place) run, in order. Nothing is renamed before its data is
 * on the disk.
 */
export class SyncBatch {
  private pending: { fd: number; temp: string; commit: () => void }[] = [];
  private bytes = 0;

  constructor(private readonly limits = { files: 64, bytes: 64 * 1024 * 1024 }) {}

  async add(fd: number, temp: string, size: number, commit: () => void): Promise<void> {
    this.pending.push({ fd, temp, commit });
    this.bytes += size;
    if (this.pending.length >= this.limits.files || this.bytes >= this.limits.bytes)
      await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.bytes = 0;
    try {
      await Promise.all(batch.map((item) => fsyncAsync(item.fd)));
    } catch (error) {
      for (const item of batch) discard(item);
      throw describeTargetError(error);
    }
    for (const [i, item] of batch.entries()) {
      fs.closeSync(item.fd);
      try {
        item.commit();
      } catch (error) {
        for (const rest of batch.slice(i + 1)) discard(rest);
        throw error;
      }
    }
  }

  /** Closes and removes whatever is still waiting (after a failure or a cancel). */
  abandon(): void {
    for (const item of this.pending) discard(item);
    this.pending = [];
    this.bytes = 0;
  }
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

/** fsyncs every folder a rename went into, so the renames survive a power cut too. */
export function fsyncFolders(folders: Iterable<string>): void {
  try {
    for (const folder of folders) fsyncDirectory(folder);
  } catch (error) {
    throw describeTargetError(error);
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
