// The content-addressed, encrypted evidence store. Each original is kept byte for byte as a
// standard age v1 file encrypted to the vault's X25519 recipient, named
// HMAC-SHA256(naming key, SHA-256 of the plaintext), so names reveal nothing about content.
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable, Writable } from 'node:stream';
import { SakshyaError } from '../../../shared/errors';
import { createDecryptStream, createEncryptStream, parseRecipient, type AgeIdentity } from '../age';
import { makeTempPath, publishTempFile, translateFsError } from '../fs/atomic-write';
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
    await pipeline(source, tap, createEncryptStream([parseRecipient(keys.recipient)]), createFdSink(fd));
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
  fs.closeSync(fd);
  const sha256 = hash.digest('hex');
  const name = nameBlob(keys.namingKey, sha256);
  const final = objectPath(layout, name);
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const outcome = publishTempFile(temp, final);
  return { name, sha256, size, created: outcome === 'created' };
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
  const source = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  source.on('error', (error) => decrypt.destroy(error));
  return source.pipe(decrypt);
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
