// The content-addressed, encrypted evidence store. Each original is kept byte for byte as a
// standard age v1 file encrypted to the vault's X25519 recipient, named
// HMAC-SHA256(naming key, SHA-256 of the plaintext), so names reveal nothing about content.
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable, Writable } from 'node:stream';
import { SakshyaError } from '../../../shared/errors';
import { createEncryptStream, parseRecipient } from '../age';
import {
  fsyncDirectory,
  isErrnoException,
  makeTempPath,
  publishTempFile,
  translateFsError,
} from '../fs/atomic-write';
import { canHardLink, isLinkRefusal, noteHardLinksRefused } from '../fs/hard-links';
import {
  canWriteDirect,
  isDirectIoRefusal,
  noteDirectIoRefused,
  tempFileFlags,
} from '../fs/direct-io';
import { READ_CHUNK } from './blob-read';
import { objectPath, type VaultLayout } from './layout';
import type { SidecarSeal } from './sidecars';
import { checkOpened, readSourceAfter, type SourceAfter, type SourceWatch } from './source-watch';
import {
  makeReadReporter,
  planCopy,
  SealedCopyWriter,
  startWriteAhead,
  type ByteObserver,
} from './sealed-copy';

// Reading stored files back lives in blob-read.ts; re-exported so callers keep one import.
export {
  checkBlob,
  listStoredBlobNames,
  openBlob,
  readVerifiedBlob,
  type BlobCheck,
} from './blob-read';

export interface StoredBlob {
  name: string;
  sha256: string;
  size: number;
  /** False when identical content was already stored; the existing file was kept untouched. */
  created: boolean;
}

export function nameBlob(namingKey: Buffer, sha256Hex: string): string {
  return createHmac('sha256', namingKey).update(Buffer.from(sha256Hex, 'hex')).digest('hex');
}

/**
 * Streams `source` through SHA-256 and age encryption into a temp file, fsyncs it, then publishes
 * it under its content name. One pass over the bytes: hashing runs on the same chunks that are
 * encrypted, so large files are never held in memory.
 */
export async function storeStream(
  layout: VaultLayout,
  keys: { namingKey: Buffer; recipient: string },
  source: Readable,
): Promise<StoredBlob> {
  const written = await writeTempBlob(layout, keys.recipient, source);
  const name = nameBlob(keys.namingKey, written.sha256);
  try {
    fs.fsyncSync(written.fd);
  } catch (error) {
    fs.closeSync(written.fd);
    fs.rmSync(written.temp, { force: true });
    throw translateFsError(error);
  }
  fs.closeSync(written.fd);
  const final = objectPath(layout, name);
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const outcome = publishTempFile(written.temp, final);
  return { name, sha256: written.sha256, size: written.size, created: outcome === 'created' };
}

/**
 * An encrypted copy written to tmp/ but not yet in objects/ (see stageStream). Its fsync runs in
 * the background from the moment it is written, while the next file is hashed.
 */
export interface StagedBlob {
  name: string;
  sha256: string;
  size: number;
  temp: string;
  synced: Promise<void>;
  /** A header ready for this file's evidence sidecar, from a stage worker; taken once. */
  sidecarSeal?: SidecarSeal | undefined;
  /** How the source looked around the read, when the stager was asked to watch it. */
  after?: SourceAfter | undefined;
}

/**
 * Like storeStream, but reads an open file itself and stops short of publishing: the temp file is
 * written and its fsync started on the thread pool, so a batch of files can be made durable
 * together (publishStagedBlobs). On failure (or an abort) nothing is left behind.
 *
 * The copy is sealed by SealedCopyWriter, one reused buffer at a time. Creating and writing the
 * temp file go through the thread pool, so the import's other lanes hash and encrypt meanwhile.
 * The copy is written past the page cache where the system allows it (see direct-io.ts); should
 * the file system refuse that, the file is read and written again, buffered.
 */
export async function stageFile(
  layout: VaultLayout,
  keys: BlobKeys,
  handle: FileHandle,
  options: StageFileOptions & {
    /** Checks the source before reading (or throws SourceChanged) and stats it again after. */
    watch?: SourceWatch | undefined;
  } = {},
): Promise<StagedBlob> {
  const { watch } = options;
  if (watch === undefined) return stageWithFallback(layout, keys, handle, options);
  const opened = await checkOpened(handle, watch);
  const staged = await stageWithFallback(layout, keys, handle, options, watch.expected.size);
  try {
    return { ...staged, after: await readSourceAfter(handle, watch.path, opened) };
  } catch (error) {
    await discardStagedBlob(staged);
    throw translateFsError(error);
  }
}

export interface BlobKeys {
  recipient: string;
  nameFor: (sha256: string) => string;
}

interface StageFileOptions {
  onBytes?: (bytes: number) => void;
  signal?: AbortSignal | undefined;
  /** Sees every byte as it is read (the import's StreamProbe). */
  probe?: ByteObserver | undefined;
}

async function stageWithFallback(
  layout: VaultLayout,
  keys: BlobKeys,
  handle: FileHandle,
  options: StageFileOptions,
  /** The size the file had when stat'ed, if known: a big file is written ahead. */
  size?: number,
): Promise<StagedBlob> {
  const report = makeReadReporter(options.onBytes);
  const plan = planCopy(size, canWriteDirect(layout.temp));
  const attempt = {
    layout,
    keys,
    handle,
    signal: options.signal,
    observer: options.probe,
    report,
    outputs: plan.outputs,
  };
  if (plan.direct) {
    try {
      return await stageOnce(attempt, true);
    } catch (error) {
      if (!(error instanceof DirectIoRefused)) throw error;
      noteDirectIoRefused(layout.temp);
    }
  }
  return stageOnce(attempt, false);
}

interface StageAttempt {
  layout: VaultLayout;
  keys: BlobKeys;
  handle: FileHandle;
  signal: AbortSignal | undefined;
  observer: ByteObserver | undefined;
  report: (readSoFar: number) => void;
  /** SealedCopyWriter's output buffers: more than one lets writes run ahead of the reads. */
  outputs: number;
}

/** Thrown by a direct attempt the file system refused; stageFile then tries buffered. */
class DirectIoRefused extends Error {}

async function stageOnce(attempt: StageAttempt, direct: boolean): Promise<StagedBlob> {
  const { layout, keys, handle, signal } = attempt;
  const temp = makeTempPath(layout.temp, 'blob');
  const out = await openNewTempFile(layout.temp, temp, direct);
  let copy: SealedCopyWriter | null = null;
  const writes = startWriteAhead(attempt.outputs, direct, () => out.datasync());
  try {
    copy = new SealedCopyWriter(keys.recipient, direct, attempt.observer, undefined, {
      outputs: attempt.outputs,
    });
    for (;;) {
      if (signal?.aborted === true) throw new SakshyaError('CANCELLED');
      const target = copy.readTarget;
      const { bytesRead } = await handle.read(target, 0, target.length, copy.size);
      const step = copy.takeRead(bytesRead);
      attempt.report(copy.size);
      writes.add(writeAll(out, step.data, step.position), step.data.length);
      await writes.makeRoom();
      copy.handOff();
      if (step.done) {
        await writes.finish();
        if (step.truncateTo !== null) await out.truncate(step.truncateTo);
        break;
      }
    }
  } catch (error) {
    await writes.settle();
    await out.close().catch(() => undefined);
    fs.rmSync(temp, { force: true });
    if (direct && isDirectIoRefusal(error)) throw new DirectIoRefused();
    throw translateFsError(error);
  } finally {
    copy?.release();
  }
  const synced = syncAndClose(out);
  // Awaited later by publishStagedBlobs; until then a failure must not count as unhandled.
  synced.catch(() => undefined);
  const sha256 = copy.digest();
  let name: string;
  try {
    // The last progress report can set off a lock, and a locked vault names nothing: the copy is
    // then of no use and must not stay behind in tmp/.
    name = keys.nameFor(sha256);
  } catch (error) {
    await synced.catch(() => undefined);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return { name, sha256, size: copy.size, temp, synced };
}

/** Creates the temp file, and the temp folder first only if it is missing (rare: tried once). */
async function openNewTempFile(folder: string, temp: string, direct: boolean): Promise<FileHandle> {
  const flags = tempFileFlags(direct);
  const open = async (): Promise<FileHandle> => {
    try {
      return await fsp.open(temp, flags, 0o600);
    } catch (error) {
      if (direct && isDirectIoRefusal(error)) throw new DirectIoRefused();
      throw error;
    }
  };
  try {
    return await open();
  } catch (error) {
    if (!isErrnoException(error) || error.code !== 'ENOENT') {
      throw error instanceof DirectIoRefused ? error : translateFsError(error);
    }
  }
  fs.mkdirSync(folder, { recursive: true });
  try {
    return await open();
  } catch (error) {
    throw error instanceof DirectIoRefused ? error : translateFsError(error);
  }
}

async function writeAll(out: FileHandle, data: Buffer, position: number): Promise<void> {
  for (let at = 0; at < data.length;) {
    const { bytesWritten } = await out.write(data, at, data.length - at, position + at);
    at += bytesWritten;
  }
}

async function syncAndClose(out: FileHandle): Promise<void> {
  try {
    await out.sync();
  } catch (error) {
    await out.close().catch(() => undefined);
    throw asError(translateFsError(error));
  }
  try {
    await out.close();
  } catch (error) {
    throw asError(translateFsError(error));
  }
}

/**
 * Makes staged copies durable and publishes them, in the order that keeps a crash harmless: every
 * temp file's fsync done, then each linked under its content name, then each touched folder
 * fsynced once (in parallel, so the file system can fold them into one journal commit). Returns,
 * per staged copy, whether it created the stored file (false: identical content was already there).
 * Anything thrown leaves only temp files and unrecorded stored files, which are harmless.
 */
export async function publishStagedBlobs(
  layout: VaultLayout,
  staged: readonly StagedBlob[],
): Promise<boolean[]> {
  try {
    await Promise.all(staged.map((blob) => blob.synced));
  } catch (error) {
    for (const blob of staged) fs.rmSync(blob.temp, { force: true });
    throw error;
  }
  const created: boolean[] = [];
  const folders = new Set<string>();
  try {
    for (const blob of staged) {
      const final = objectPath(layout, blob.name);
      fs.mkdirSync(path.dirname(final), { recursive: true });
      const outcome = linkTempFile(blob.temp, final);
      created.push(outcome !== 'existed');
      if (outcome === 'linked') folders.add(path.dirname(final));
    }
    await Promise.all([...folders].map((folder) => fsyncFolder(folder)));
  } finally {
    for (const blob of staged) fs.rmSync(blob.temp, { force: true });
  }
  return created;
}

/**
 * publishStagedBlobs without waiting on the thread pool, for the moment the vault is about to lock:
 * each temp file is fsynced again here (harmless if its background fsync already ran), linked, and
 * the folder of every copy fsynced once. A copy may already have been linked by a commit this one
 * takes over (its temp file then gone); its folder is fsynced all the same, since that commit may
 * not have got that far.
 */
export function publishStagedBlobsSync(
  layout: VaultLayout,
  staged: readonly StagedBlob[],
): boolean[] {
  const created: boolean[] = [];
  const folders = new Set<string>();
  try {
    for (const blob of staged) {
      if (fs.existsSync(objectPath(layout, blob.name))) continue;
      // Opened for writing: on Windows fsync is FlushFileBuffers, which refuses a read-only handle.
      const fd = fs.openSync(blob.temp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const blob of staged) {
      const final = objectPath(layout, blob.name);
      fs.mkdirSync(path.dirname(final), { recursive: true });
      const outcome = linkTempFile(blob.temp, final);
      created.push(outcome !== 'existed');
      folders.add(path.dirname(final));
    }
    for (const folder of folders) fsyncDirectory(folder);
  } catch (error) {
    throw translateFsError(error);
  } finally {
    for (const blob of staged) fs.rmSync(blob.temp, { force: true });
  }
  return created;
}

/**
 * stageFile for bytes that have no plaintext file of their own (a zip entry, a pasted picture):
 * they stream straight into the encryptor, so the only copy ever written is the sealed one in
 * tmp/, fsynced before this resolves. On failure (or an abort) nothing is left behind.
 */
export async function stageStream(
  layout: VaultLayout,
  keys: BlobKeys,
  source: Readable,
  options: StreamTap = {},
): Promise<StagedBlob> {
  const written = await writeTempBlob(layout, keys.recipient, source, options);
  try {
    try {
      fs.fsyncSync(written.fd);
    } finally {
      fs.closeSync(written.fd);
    }
    const name = keys.nameFor(written.sha256);
    const { sha256, size, temp } = written;
    return { name, sha256, size, temp, synced: Promise.resolve() };
  } catch (error) {
    fs.rmSync(written.temp, { force: true });
    throw translateFsError(error);
  }
}

/** Drops a staged copy that will not be recorded (its import failed or was cancelled). */
export async function discardStagedBlob(blob: StagedBlob): Promise<void> {
  await blob.synced.catch(() => undefined);
  fs.rmSync(blob.temp, { force: true });
}

interface WrittenTemp {
  fd: number;
  temp: string;
  sha256: string;
  size: number;
}

interface StreamTap {
  /** Sees every byte once, in order, before it is encrypted. */
  observe?: ((bytes: Buffer) => void) | undefined;
  signal?: AbortSignal | undefined;
}

async function writeTempBlob(
  layout: VaultLayout,
  recipient: string,
  source: Readable,
  options: StreamTap = {},
): Promise<WrittenTemp> {
  fs.mkdirSync(layout.temp, { recursive: true });
  const temp = makeTempPath(layout.temp, 'blob');
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (options.signal?.aborted === true) {
        callback(new SakshyaError('CANCELLED'));
        return;
      }
      hash.update(chunk);
      size += chunk.length;
      options.observe?.(chunk);
      callback(null, chunk);
    },
  });
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    await pipeline(source, tap, createEncryptStream([parseRecipient(recipient)]), createFdSink(fd));
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
  return { fd, temp, sha256: hash.digest('hex'), size };
}

/**
 * publishTempFile without its folder fsync (the caller does that once per folder). 'linked': a
 * new directory entry that still needs its folder fsynced; 'renamed': already fsynced (file
 * systems without hard links); 'existed': identical content was already stored.
 */
function linkTempFile(temp: string, final: string): 'linked' | 'renamed' | 'existed' {
  if (fs.existsSync(final)) return 'existed';
  const folder = path.dirname(temp);
  // No hard links here (FAT32, exFAT): publishTempFile's claimed rename, fsynced as it goes.
  if (!canHardLink(folder))
    return publishTempFile(temp, final) === 'created' ? 'renamed' : 'existed';
  try {
    fs.linkSync(temp, final);
    return 'linked';
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') return 'existed';
    if (isLinkRefusal(error)) {
      noteHardLinksRefused(folder);
      return publishTempFile(temp, final) === 'created' ? 'renamed' : 'existed';
    }
    throw translateFsError(error);
  }
}

function fsyncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals the link itself.
  if (process.platform === 'win32') return Promise.resolve();
  return new Promise((resolve, reject) => {
    fs.open(folder, 'r', (openError, fd) => {
      if (openError !== null) {
        reject(openError);
        return;
      }
      fs.fsync(fd, (syncError) => {
        fs.close(fd, () => {
          if (syncError === null) resolve();
          else reject(asError(translateFsError(syncError)));
        });
      });
    });
  });
}

export function storeFile(
  layout: VaultLayout,
  keys: { namingKey: Buffer; recipient: string },
  file: string,
): Promise<StoredBlob> {
  let stream: fs.ReadStream;
  try {
    stream = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  } catch (error) {
    throw new SakshyaError('FILE_UNREADABLE', 'the file could not be opened', { cause: error });
  }
  return storeStream(layout, keys, stream);
}

/** A Writable over an already-open descriptor, so the caller can fsync before closing. */
function createFdSink(fd: number): Writable {
  return new Writable({
    writev(chunks, callback) {
      try {
        const buffers = chunks.map((c) => c.chunk as Buffer);
        let offset = 0;
        const total = buffers.reduce((n, b) => n + b.length, 0);
        while (offset < total) {
          offset += fs.writevSync(fd, offset === 0 ? buffers : sliceBuffers(buffers, offset));
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function sliceBuffers(buffers: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  let remaining = skip;
  for (const b of buffers) {
    if (remaining >= b.length) {
      remaining -= b.length;
      continue;
    }
    out.push(remaining > 0 ? b.subarray(remaining) : b);
    remaining = 0;
  }
  return out;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
