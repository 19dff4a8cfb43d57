// Copying one file while hashing it, durably: read once, SHA-256 the bytes as they pass, write them
// to a temp file, fsync, and only then rename into place. Used both ways: into a backup's objects/
// (named by the hash) and out of it into a restored vault (checked against the manifest's hash).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { fsyncDirectory, isErrnoException, renameWithRetry } from '../fs/atomic-write';

const CHUNK = 1024 * 1024;

export interface CopyOptions {
  signal?: AbortSignal | undefined;
  /** Called with each chunk's length as it is written. */
  onBytes?: ((bytes: number) => void) | undefined;
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

/** SHA-256 and size of a file, read once. */
export async function hashFile(file: string, options: CopyOptions = {}): Promise<HashedFile> {
  const handle = await fs.promises.open(file, 'r');
  const hash = crypto.createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let size = 0;
  try {
    for (;;) {
      throwIfAborted(options.signal);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      options.onBytes?.(bytesRead);
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Copies `source` to a new file `temp` (which must not exist), hashing what is written, and fsyncs
 * it. The caller renames it into place. On any failure the temp file is removed.
 */
export async function copyToTemp(
  source: string,
  temp: string,
  options: CopyOptions = {},
): Promise<HashedFile> {
  const input = await fs.promises.open(source, 'r');
  let output: fs.promises.FileHandle | undefined;
  const hash = crypto.createHash('sha256');
  let size = 0;
  try {
    output = await fs.promises.open(temp, 'wx', 0o600);
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      throwIfAborted(options.signal);
      const { bytesRead } = await input.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await writeAll(output, chunk);
      size += bytesRead;
      options.onBytes?.(bytesRead);
    }
    await output.sync();
    await output.close();
    output = undefined;
    return { sha256: hash.digest('hex'), size };
  } catch (error) {
    await output?.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw describeTargetError(error);
  } finally {
    await input.close();
  }
}

async function writeAll(output: fs.promises.FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await output.write(chunk, offset, chunk.length - offset, null);
    offset += bytesWritten;
  }
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

/** Runs `work` over `items` with at most `limit` at once; the first failure stops the rest. */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failed !== undefined)
    throw failed.error instanceof Error ? failed.error : new Error(String(failed.error));
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
