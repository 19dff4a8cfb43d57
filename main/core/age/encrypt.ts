import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import { assertRecipients, sealHeader, sealHeaderSync, type SealedHeader } from './file-key';
import { settle, STREAM_HIGH_WATER_MARK, toChunkBuffer } from './transform-util';
import { CHUNK_SIZE, PAYLOAD_NONCE_SIZE, PayloadSealer, sealedPayloadSize } from './stream';
import type { AgeRecipient } from './types';

export function encryptBuffer(plaintext: Uint8Array, recipients: AgeRecipient[]): Buffer {
  return encryptBufferWith(plaintext, sealHeaderSync(recipients));
}

/**
 * encryptBuffer whose scrypt work (if any) runs on the thread pool, so the key files' seconds of
 * key derivation never block the thread that runs it. The app seals every scrypt file this way.
 */
export async function encryptBufferAsync(
  plaintext: Uint8Array,
  recipients: AgeRecipient[],
): Promise<Buffer> {
  return encryptBufferWith(plaintext, await sealHeader(recipients));
}

/**
 * encryptBuffer with a header sealed beforehand (sealHeaderSync), e.g. on another thread: the
 * header's key agreement costs far more than sealing a small payload. Each sealed header must be
 * used for one file only, as age requires a fresh file key per file.
 */
export function encryptBufferWith(plaintext: Uint8Array, sealed: SealedHeader): Buffer {
  const { fileKey, header } = sealed;
  // One output allocation, filled chunk by chunk while each sealed chunk is still in cache.
  const output = Buffer.allocUnsafe(header.length + sealedPayloadSize(plaintext.length));
  let offset = header.copy(output, 0);
  crypto.randomFillSync(output, offset, PAYLOAD_NONCE_SIZE);
  const sealer = new PayloadSealer(fileKey, output.subarray(offset, offset + PAYLOAD_NONCE_SIZE));
  offset += PAYLOAD_NONCE_SIZE;
  for (let at = 0; ; at += CHUNK_SIZE) {
    const last = at + CHUNK_SIZE >= plaintext.length;
    const end = Math.min(at + CHUNK_SIZE, plaintext.length);
    offset = sealer.sealChunkInto(plaintext.subarray(at, end), last, output, offset);
    if (last) break;
  }
  return output;
}

/** Plaintext in, age file out. Scrypt, if used, runs off the main thread. */
export function createEncryptStream(recipients: AgeRecipient[]): Transform {
  assertRecipients(recipients);
  return new EncryptTransform([...recipients]);
}

class EncryptTransform extends Transform {
  private readonly pending = new ByteQueue();
  private sealer: PayloadSealer | undefined;

  constructor(private readonly recipients: readonly AgeRecipient[]) {
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
    settle(this.consume(chunk), callback);
  }

  override _flush(callback: TransformCallback): void {
    settle(this.finish(), callback);
  }

  private async consume(chunk: unknown): Promise<void> {
    const sealer = await this.start();
    this.pending.push(toChunkBuffer(chunk));
    const out: Buffer[] = [];
    // A full chunk can only be sealed as non-final once a byte after it has arrived.
    while (this.pending.length > CHUNK_SIZE)
      sealer.sealChunk(this.pending.take(CHUNK_SIZE), false, out);
    this.pushAll(out);
  }

  private async finish(): Promise<void> {
    const sealer = await this.start();
    const out: Buffer[] = [];
    sealer.sealChunk(this.pending.take(this.pending.length), true, out);
    this.pushAll(out);
  }

  private async start(): Promise<PayloadSealer> {
    if (this.sealer !== undefined) return this.sealer;
    const { fileKey, header } = await sealHeader(this.recipients);
    const payloadNonce = crypto.randomBytes(PAYLOAD_NONCE_SIZE);
    this.sealer = new PayloadSealer(fileKey, payloadNonce);
    this.push(Buffer.concat([header, payloadNonce]));
    return this.sealer;
  }

  private pushAll(out: readonly Buffer[]): void {
    for (const piece of out) this.push(piece);
  }
}
