// The content-addressed, encrypted evidence store. Each original is kept byte for byte as a
// standard age v1 file encrypted to the vault's X25519 recipient, named
// HMAC-SHA256(naming key, SHA-256 of the plaintext), so names reveal nothing about content.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable, Writable } from 'node:stream';
import { SakshyaError } from '../../../shared/errors';
import {
  CHUNK_SIZE,
  createDecryptStream,
  createEncryptStream,
  parseRecipient,
  PayloadSealer,
  type AgeIdentity,
} from '../age';
import { sealHeaderSync } from '../age/file-key';
import { PAYLOAD_NONCE_SIZE, SEALED_CHUNK_SIZE } from '../age/stream';
import {
  fsyncDirectory,
  isErrnoException,
  makeTempPath,
  publishTempFile,
  translateFsError,
} from '../fs/atomic-write';
import {
  allocateAligned,
  chooseTempFileFlags,
  countWritable,
  DIRECT_IO_ALIGNMENT,
  isDirectIoRefusal,
  noteDirectIoRefused,
  padFinalWrite,
} from '../fs/direct-io';
import { objectPath, type VaultLayout } from './layout';

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

const READ_CHUNK = 1 << 20;
/** 64 KiB age chunks sealed per 1 MiB read in stageFile. */
const SEAL_BATCH = 16;

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
}

/**
 * Like storeStream, but reads an open file itself and stops short of publishing: the temp file is
 * written and its fsync started on the thread pool, so a batch of files can be made durable
 * together (publishStagedBlobs). On failure (or an abort) nothing is left behind.
 *
 * Written by hand rather than as a stream pipeline to keep memory flat on big files: the file is
 * read into one reused 1 MiB buffer, hashed there, sealed chunk by chunk (age STREAM, 64 KiB) into
 * one reused output buffer and written from it. A pipeline allocates a fresh buffer for every read
 * and every sealed piece; for a 512 MiB video that garbage alone lifted peak RSS by ~110 MiB.
 * Creating and writing the temp file also go through the thread pool, so the import's other lanes
 * hash and encrypt meanwhile. The copy is written past the page cache where the system allows it
 * (see direct-io.ts); should the file system refuse that, the file is read and written again,
 * buffered.
 */
export async function stageFile(
  layout: VaultLayout,
  keys: { recipient: string; nameFor: (sha256: string) => string },
  handle: FileHandle,
  options: { onBytes?: (bytes: number) => void; signal?: AbortSignal | undefined } = {},
): Promise<StagedBlob> {
  // Bytes are reported once however many attempts read them.
  let reported = 0;
  const report = (readSoFar: number): void => {
    if (readSoFar <= reported) return;
    options.onBytes?.(readSoFar - reported);
    reported = readSoFar;
  };
  const attempt = { layout, keys, handle, signal: options.signal, report };
  const { direct } = chooseTempFileFlags(layout.temp);
  if (direct) {
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
  keys: { recipient: string; nameFor: (sha256: string) => string };
  handle: FileHandle;
  signal: AbortSignal | undefined;
  report: (readSoFar: number) => void;
}

/** Thrown by a direct attempt the file system refused; stageFile then tries buffered. */
class DirectIoRefused extends Error {}

async function stageOnce(attempt: StageAttempt, direct: boolean): Promise<StagedBlob> {
  const { layout, keys, handle, signal } = attempt;
  const temp = makeTempPath(layout.temp, 'blob');
  const hash = createHash('sha256');
  let size = 0;
  const out = await openNewTempFile(layout.temp, temp, direct);
  const buffers = takeStageBuffers();
  try {
    const { input, output } = buffers;
    const { fileKey, header } = sealHeaderSync([parseRecipient(keys.recipient)]);
    const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
    if (header.length + nonce.length > HEADER_ROOM) {
      throw new SakshyaError('INTERNAL', 'the age header is larger than expected');
    }
    header.copy(output, 0);
    nonce.copy(output, header.length);
    // Sealed bytes not yet written; with direct writes an unaligned tail waits for the next write.
    let pending = header.length + nonce.length;
    let position = 0;
    const writeOut = async (length: number): Promise<void> => {
      await writeAll(out, output.subarray(0, length), position);
      position += length;
      output.copyWithin(0, length, pending);
      pending -= length;
    };
    const sealer = new PayloadSealer(fileKey, nonce);
    let held = 0;
    for (;;) {
      if (signal?.aborted === true) throw new SakshyaError('CANCELLED');
      const { bytesRead } = await handle.read(input, held, input.length - held, size);
      if (bytesRead > 0) {
        hash.update(input.subarray(held, held + bytesRead));
        size += bytesRead;
        attempt.report(size);
      }
      const available = held + bytesRead;
      let at = 0;
      // A full chunk is sealed as non-final only once a byte after it has been read.
      while (available - at > CHUNK_SIZE) {
        pending = sealer.sealChunkInto(input.subarray(at, at + CHUNK_SIZE), false, output, pending);
        at += CHUNK_SIZE;
      }
      if (bytesRead === 0) {
        pending = sealer.sealChunkInto(input.subarray(at, available), true, output, pending);
        const length = pending;
        const padded = padFinalWrite(length, direct);
        output.fill(0, length, padded);
        pending = padded;
        await writeOut(padded);
        if (padded !== length) await out.truncate(position - padded + length);
        break;
      }
      await writeOut(countWritable(pending, direct));
      input.copyWithin(0, at, available);
      held = available - at;
    }
  } catch (error) {
    await out.close().catch(() => undefined);
    fs.rmSync(temp, { force: true });
    if (direct && isDirectIoRefusal(error)) throw new DirectIoRefused();
    throw translateFsError(error);
  } finally {
    returnStageBuffers(buffers);
  }
  const synced = syncAndClose(out);
  // Awaited later by publishStagedBlobs; until then a failure must not count as unhandled.
  synced.catch(() => undefined);
  const sha256 = hash.digest('hex');
  return { name: keys.nameFor(sha256), sha256, size, temp, synced };
}

interface StageBuffers {
  /** Room for one held-back chunk plus a full read. */
  input: Buffer;
  /** Page-aligned, for direct writes: an unwritten tail, the header, then a read's sealed chunks. */
  output: Buffer;
}

/** More than an age header for the vault's one recipient will ever need (~200 bytes). */
const HEADER_ROOM = 16 * 1024;

/**
 * stageFile's two buffers, kept for the next file. Allocated afresh for each screenshot they were
 * ~2 MiB of garbage a file, outside V8's heap, and the collections that pressure set off took
 * about a tenth of an import's main-thread time. A few are kept: one per file read at once.
 */
const spareBuffers: StageBuffers[] = [];
const MAX_SPARE_BUFFERS = 4;

function takeStageBuffers(): StageBuffers {
  return (
    spareBuffers.pop() ?? {
      input: Buffer.allocUnsafe(CHUNK_SIZE + SEAL_BATCH * CHUNK_SIZE),
      output: allocateAligned(
        DIRECT_IO_ALIGNMENT + HEADER_ROOM + (SEAL_BATCH + 1) * SEALED_CHUNK_SIZE,
      ),
    }
  );
}

function returnStageBuffers(buffers: StageBuffers): void {
  if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffers);
}

/** Creates the temp file, and the temp folder first only if it is missing (rare: tried once). */
async function openNewTempFile(folder: string, temp: string, direct: boolean): Promise<FileHandle> {
  const { flags } = direct
    ? chooseTempFileFlags(folder)
    : { flags: fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL };
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
      const fd = fs.openSync(blob.temp, 'r');
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

async function writeTempBlob(
  layout: VaultLayout,
  recipient: string,
  source: Readable,
): Promise<WrittenTemp> {
  fs.mkdirSync(layout.temp, { recursive: true });
  const temp = makeTempPath(layout.temp, 'blob');
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
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
  try {
    fs.linkSync(temp, final);
    return 'linked';
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') return 'existed';
    if (
      isErrnoException(error) &&
      (error.code === 'EPERM' || error.code === 'ENOTSUP' || error.code === 'EXDEV')
    ) {
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

export function openBlob(layout: VaultLayout, name: string, identity: AgeIdentity): Readable {
  const file = objectPath(layout, name);
  const decrypt = createDecryptStream([identity]);
  const source = fs.createReadStream(file, { highWaterMark: pickReadChunk(file) });
  source.on('error', (error) => decrypt.destroy(error));
  return source.pipe(decrypt);
}

/**
 * 1 MiB reads for big files, but no bigger than the file: a read stream allocates a buffer of its
 * full highWaterMark for every read, so a 300 KB screenshot read in 1 MiB pieces left 700 KB of
 * garbage each, and an export of 2,000 of them carried ~40 MiB more at its peak.
 */
function pickReadChunk(file: string): number {
  try {
    return Math.min(READ_CHUNK, Math.max(64 * 1024, fs.statSync(file).size));
  } catch {
    // Missing or unreadable: the stream reports that itself, as before.
    return READ_CHUNK;
  }
}

export type BlobCheck =
  | { status: 'ok'; sha256: string; size: number }
  | { status: 'missing' }
  | { status: 'unreadable'; message: string }
  | { status: 'hash-mismatch'; sha256: string; size: number };

/** Decrypts a stored file and re-hashes it against what the database recorded. */
export async function checkBlob(
  layout: VaultLayout,
  name: string,
  identity: AgeIdentity,
  expected: { sha256: string; size: number },
): Promise<BlobCheck> {
  if (!fs.existsSync(objectPath(layout, name))) return { status: 'missing' };
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      openBlob(layout, name, identity),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback();
        },
      }),
    );
  } catch (error) {
    return { status: 'unreadable', message: error instanceof Error ? error.message : 'unreadable' };
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== expected.sha256 || size !== expected.size) {
    return { status: 'hash-mismatch', sha256, size };
  }
  return { status: 'ok', sha256, size };
}

/** Every stored object name found on disk, for orphan detection. */
export function listStoredBlobNames(layout: VaultLayout): string[] {
  const names: string[] = [];
  if (!fs.existsSync(layout.objects)) return names;
  for (const a of fs.readdirSync(layout.objects)) {
    const dirA = path.join(layout.objects, a);
    if (!fs.statSync(dirA).isDirectory()) continue;
    for (const b of fs.readdirSync(dirA)) {
      const dirB = path.join(dirA, b);
      if (!fs.statSync(dirB).isDirectory()) continue;
      for (const file of fs.readdirSync(dirB)) {
        if (/^[0-9a-f]{64}\.age$/.test(file)) names.push(file.slice(0, 64));
      }
    }
  }
  return names;
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
