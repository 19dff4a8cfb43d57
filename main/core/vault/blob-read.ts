// Reading the encrypted evidence store back (see blob-store.ts, which writes it and re-exports
// these): decrypting a stored file as a stream, into memory only when it is exactly the bytes
// recorded for it, re-hashing it for a vault check, and listing what is on disk.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SakshyaError } from '../../../shared/errors';
import { createDecryptStream, type AgeIdentity } from '../age';
import { isErrnoException } from '../fs/atomic-write';
import { objectPath, type VaultLayout } from './layout';

export const READ_CHUNK = 1 << 20;

export function openBlob(
  layout: VaultLayout,
  name: string,
  identity: AgeIdentity,
  /** Bytes per read of the stored file; by default 1 MiB, or the file's size if smaller. */
  readChunk?: number,
): Readable {
  const file = objectPath(layout, name);
  const decrypt = createDecryptStream([identity]);
  const source = fs.createReadStream(file, { highWaterMark: readChunk ?? pickReadChunk(file) });
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

/**
 * Decrypts a stored file into memory for showing it (viewer, previews), hashing it on the way, and
 * refuses it (INTEGRITY_FAILURE) unless it is exactly the bytes recorded for it. Anyone can seal a
 * file to the vault's public recipient, or swap two stored files, so a file that decrypts is not
 * yet the evidence it is named for.
 */
export async function readVerifiedBlob(
  layout: VaultLayout,
  name: string,
  identity: AgeIdentity,
  expected: { sha256: string; size: number },
): Promise<Buffer> {
  const changed = (): SakshyaError =>
    new SakshyaError(
      'INTEGRITY_FAILURE',
      'this stored file was changed since it was imported (it is not the bytes recorded for it); it is not shown. Run a vault check',
    );
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of openBlob(layout, name, identity)) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      // Stop as soon as it is longer than recorded: a planted file may be made huge on purpose.
      if (size > expected.size) throw changed();
      hash.update(bytes);
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'INTEGRITY_FAILURE') throw error;
    if (isErrnoException(error) && error.code === 'ENOENT') throw error;
    throw changed();
  }
  if (size !== expected.size || hash.digest('hex') !== expected.sha256) throw changed();
  return Buffer.concat(chunks, size);
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
