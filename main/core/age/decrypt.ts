import { Transform, type TransformCallback } from 'node:stream';
import { decodeArmor, detectArmor } from './armor';
import { toBuffer } from './base64';
import { ByteQueue } from './byte-queue';
import { AgeError } from './errors';
import { assertIdentities, openHeader, openHeaderSync } from './file-key';
import { assertIntroPrefix, findHeaderEnd, parseHeader } from './header';
import { TAG_SIZE } from './primitives';
import { CHUNK_SIZE, PAYLOAD_NONCE_SIZE, PayloadOpener, SEALED_CHUNK_SIZE } from './stream';
import { settle, STREAM_HIGH_WATER_MARK, toChunkBuffer } from './transform-util';
import type { AgeIdentity } from './types';

/**
 * Headers are a few hundred bytes; this bound only stops a stream of junk from being buffered
 * without end while we look for a header that is not there.
 */
const MAX_HEADER_SIZE = 4 * 1024 * 1024;

export function decryptBuffer(ciphertext: Uint8Array, identities: AgeIdentity[]): Buffer {
  const input = readWholeHeader(ciphertext);
  return openPayload(
    input,
    openHeaderSync(parseHeader(input.bytes.subarray(0, input.end)), identities),
  );
}

/**
 * decryptBuffer whose scrypt work (if any) runs on the thread pool rather than blocking the
 * calling thread for the seconds it takes. The app opens every scrypt file this way.
 */
export async function decryptBufferAsync(
  ciphertext: Uint8Array,
  identities: AgeIdentity[],
): Promise<Buffer> {
  const input = readWholeHeader(ciphertext);
  const header = parseHeader(input.bytes.subarray(0, input.end));
  return openPayload(input, await openHeader(header, identities));
}

function readWholeHeader(ciphertext: Uint8Array): { bytes: Buffer; end: number } {
  let input = toBuffer(ciphertext);
  if (detectArmor(input) === 'yes') input = decodeArmor(input);
  const { end } = findHeaderEnd(input);
  if (end < 0) throw truncatedHeader(input);
  return { bytes: input, end };
}

function openPayload(input: { bytes: Buffer; end: number }, fileKey: Buffer): Buffer {
  const payload = input.bytes.subarray(input.end);
  if (payload.length < PAYLOAD_NONCE_SIZE) throw truncatedNonce();
  const opener = new PayloadOpener(fileKey, payload.subarray(0, PAYLOAD_NONCE_SIZE));
  const body = payload.subarray(PAYLOAD_NONCE_SIZE);
  const chunks = Math.max(1, Math.ceil(body.length / SEALED_CHUNK_SIZE));
  const lastSize = body.length - (chunks - 1) * SEALED_CHUNK_SIZE;
  if (lastSize < TAG_SIZE) throw truncatedPayload();
  // The buffer is only returned once every chunk has verified; a failure discards it whole.
  const output = Buffer.allocUnsafe(body.length - chunks * TAG_SIZE);
  let offset = 0;
  for (let index = 0; index < chunks; index++) {
    const at = index * SEALED_CHUNK_SIZE;
    const last = index === chunks - 1;
    const tagAt = at + (last ? lastSize : SEALED_CHUNK_SIZE) - TAG_SIZE;
    const tag = body.subarray(tagAt, tagAt + TAG_SIZE);
    offset = opener.openChunkInto(body.subarray(at, tagAt), tag, last, output, offset);
  }
  return output;
}

/**
 * age file in, plaintext out. A chunk is released only after its tag verifies, and the stream
 * fails (with an AgeError) on any forgery, truncation or trailing data, so a consumer that saw
 * 'end' has the whole authenticated plaintext. Armored input is collected whole before decoding.
 */
export function createDecryptStream(identities: AgeIdentity[]): Transform {
  assertIdentities(identities);
  return new DecryptTransform([...identities]);
}

type Phase = 'detect' | 'header' | 'armor' | 'payload';

class DecryptTransform extends Transform {
  private phase: Phase = 'detect';
  private head: Buffer = Buffer.alloc(0);
  private resumeAt = 0;
  private readonly armored: Buffer[] = [];
  private readonly pending = new ByteQueue();
  private fileKey: Buffer | undefined;
  private opener: PayloadOpener | undefined;

  constructor(private readonly identities: readonly AgeIdentity[]) {
    super({
      readableHighWaterMark: STREAM_HIGH_WATER_MARK,
      writableHighWaterMark: STREAM_HIGH_WATER_MARK,
    });
  }

  override _transform(
    chunk: unknown,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    const bytes = toChunkBuffer(chunk);
    if (this.phase === 'payload') {
      this.pending.push(bytes);
      callback(this.drainOrError(false));
    } else if (this.phase === 'armor') {
      this.armored.push(bytes);
      callback();
    } else {
      this.head = this.head.length === 0 ? bytes : Buffer.concat([this.head, bytes]);
      settle(this.readHeader(false), callback);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.phase === 'payload') callback(this.drainOrError(true));
    else settle(this.readHeader(true), callback);
  }

  private async readHeader(final: boolean): Promise<void> {
    if (this.phase === 'detect') {
      const armor = detectArmor(this.head);
      if (armor === 'unknown' && !final) return;
      this.phase = armor === 'yes' ? 'armor' : 'header';
      if (this.phase === 'armor') {
        this.armored.push(this.head);
        this.head = Buffer.alloc(0);
      }
    }
    if (this.phase === 'armor') {
      if (!final) return;
      this.head = decodeArmor(Buffer.concat(this.armored.splice(0)));
      this.phase = 'header';
    }
    assertIntroPrefix(this.head);
    const { end, resumeAt } = findHeaderEnd(this.head, this.resumeAt);
    if (end < 0) {
      if (final) throw truncatedHeader(this.head);
      if (this.head.length > MAX_HEADER_SIZE) {
        throw new AgeError('unsupported', 'the header is too large');
      }
      this.resumeAt = resumeAt;
      return;
    }
    this.fileKey = await openHeader(parseHeader(this.head.subarray(0, end)), this.identities);
    this.pending.push(this.head.subarray(end));
    this.head = Buffer.alloc(0);
    this.phase = 'payload';
    this.drain(final);
  }

  private drainOrError(final: boolean): Error | null {
    try {
      this.drain(final);
      return null;
    } catch (error) {
      return error as Error;
    }
  }

  private drain(final: boolean): void {
    const opener = this.openPayload(final);
    if (opener === undefined) return;
    const out: Buffer[] = [];
    // Only once more bytes follow is a full chunk known not to be the final one.
    while (this.pending.length > SEALED_CHUNK_SIZE) {
      const ciphertext = this.pending.take(CHUNK_SIZE);
      opener.openChunk(ciphertext, this.pending.takeContiguous(TAG_SIZE), false, out);
    }
    if (final) {
      const remaining = this.pending.length;
      if (remaining < TAG_SIZE) throw truncatedPayload();
      const ciphertext = this.pending.take(remaining - TAG_SIZE);
      opener.openChunk(ciphertext, this.pending.takeContiguous(TAG_SIZE), true, out);
    }
    for (const piece of out) this.push(piece);
  }

  private openPayload(final: boolean): PayloadOpener | undefined {
    if (this.opener !== undefined || this.fileKey === undefined) return this.opener;
    if (this.pending.length < PAYLOAD_NONCE_SIZE) {
      if (final) throw truncatedNonce();
      return undefined;
    }
    this.opener = new PayloadOpener(this.fileKey, this.pending.takeContiguous(PAYLOAD_NONCE_SIZE));
    return this.opener;
  }
}

function truncatedHeader(input: Buffer): AgeError {
  assertIntroPrefix(input);
  return new AgeError('header-invalid', 'the header is incomplete');
}

function truncatedNonce(): AgeError {
  return new AgeError('header-invalid', 'the file ends before the payload nonce');
}

function truncatedPayload(): AgeError {
  return new AgeError('payload-invalid', 'the payload is truncated or has no final chunk');
}
