// The age payload: STREAM over ChaCha20-Poly1305 in 64 KiB chunks. Each chunk gets its own
// native cipher call; inputs may arrive as several pieces and are fed to the cipher as they are,
// so no chunk is ever copied just to make it contiguous.
import crypto from 'node:crypto';
import { AgeError } from './errors';
import { deriveKey, TAG_SIZE } from './primitives';

export const CHUNK_SIZE = 64 * 1024;
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
export const PAYLOAD_NONCE_SIZE = 16;
const NONCE_SIZE = 12;
const LAST_FLAG_INDEX = 11;
/** The counter is 11 bytes; 6 of them already allow 2^48 chunks (16 EiB), far beyond any file. */
const COUNTER_BYTES_USED = 6;
const MAX_CHUNKS = 2 ** (8 * COUNTER_BYTES_USED);

function derivePayloadKey(fileKey: Uint8Array, payloadNonce: Uint8Array): crypto.KeyObject {
  return crypto.createSecretKey(deriveKey(fileKey, payloadNonce, 'payload'));
}

abstract class ChunkCounter {
  private readonly nonce = Buffer.alloc(NONCE_SIZE);
  private index = 0;
  private finished = false;

  protected constructor(protected readonly key: crypto.KeyObject) {}

  /** How many chunks have been processed so far. */
  get chunks(): number {
    return this.index;
  }

  get done(): boolean {
    return this.finished;
  }

  protected nextNonce(last: boolean): Buffer {
    if (this.finished) throw new AgeError('payload-invalid', 'data follows the final chunk');
    if (this.index >= MAX_CHUNKS)
      throw new AgeError('unsupported', 'the payload has too many chunks');
    this.nonce.writeUIntBE(this.index, NONCE_SIZE - 1 - COUNTER_BYTES_USED, COUNTER_BYTES_USED);
    this.nonce[LAST_FLAG_INDEX] = last ? 1 : 0;
    return this.nonce;
  }

  protected advance(last: boolean): void {
    this.index++;
    this.finished = last;
  }
}

/** Encrypts a payload chunk by chunk. Every chunk but the last must be exactly CHUNK_SIZE. */
export class PayloadSealer extends ChunkCounter {
  constructor(fileKey: Uint8Array, payloadNonce: Uint8Array) {
    super(derivePayloadKey(fileKey, payloadNonce));
  }

  /** Appends the sealed chunk (ciphertext pieces, then the tag) to `out`. */
  sealChunk(pieces: readonly Uint8Array[], last: boolean, out: Buffer[]): void {
    const cipher = this.cipherFor(last);
    for (const piece of pieces) out.push(cipher.update(piece));
    cipher.final();
    out.push(cipher.getAuthTag());
    this.advance(last);
  }

  /** Seals one chunk into `target` at `offset`; returns the offset just past it. */
  sealChunkInto(plaintext: Uint8Array, last: boolean, target: Buffer, offset: number): number {
    const cipher = this.cipherFor(last);
    let at = offset + cipher.update(plaintext).copy(target, offset);
    cipher.final();
    at += cipher.getAuthTag().copy(target, at);
    this.advance(last);
    return at;
  }

  private cipherFor(last: boolean): crypto.CipherChaCha20Poly1305 {
    return crypto.createCipheriv('chacha20-poly1305', this.key, this.nextNonce(last), {
      authTagLength: TAG_SIZE,
    });
  }
}

/** Decrypts a payload chunk by chunk; plaintext is handed out only after its tag verifies. */
export class PayloadOpener extends ChunkCounter {
  constructor(fileKey: Uint8Array, payloadNonce: Uint8Array) {
    super(derivePayloadKey(fileKey, payloadNonce));
  }

  /**
   * `pieces` hold the chunk's ciphertext without its tag. On success the plaintext pieces are
   * appended to `out`; on failure `out` is untouched and an AgeError is thrown.
   */
  openChunk(pieces: readonly Uint8Array[], tag: Uint8Array, last: boolean, out: Buffer[]): void {
    const decipher = this.decipherFor(tag, last);
    const plain = pieces.map((piece) => decipher.update(piece));
    this.verify(
      decipher,
      plain.reduce((sum, part) => sum + part.length, 0),
      last,
    );
    for (const part of plain) out.push(part);
  }

  /** Like openChunk, but writes the plaintext into `target`; returns the offset just past it. */
  openChunkInto(
    ciphertext: Uint8Array,
    tag: Uint8Array,
    last: boolean,
    target: Buffer,
    offset: number,
  ): number {
    const decipher = this.decipherFor(tag, last);
    const plain = decipher.update(ciphertext);
    this.verify(decipher, plain.length, last);
    return offset + plain.copy(target, offset);
  }

  private decipherFor(tag: Uint8Array, last: boolean): crypto.DecipherChaCha20Poly1305 {
    const decipher = crypto.createDecipheriv('chacha20-poly1305', this.key, this.nextNonce(last), {
      authTagLength: TAG_SIZE,
    });
    decipher.setAuthTag(tag);
    return decipher;
  }

  private verify(decipher: crypto.DecipherChaCha20Poly1305, length: number, last: boolean): void {
    try {
      decipher.final();
    } catch {
      throw new AgeError('payload-invalid', `payload chunk ${this.chunks} failed to authenticate`);
    }
    if (last && length === 0 && this.chunks > 0) {
      throw new AgeError('payload-invalid', 'the final chunk is empty but the payload is not');
    }
    this.advance(last);
  }
}

/** Exact size of an encrypted payload (nonce included) for a plaintext of `length` bytes. */
export function sealedPayloadSize(length: number): number {
  const chunks = Math.max(1, Math.ceil(length / CHUNK_SIZE));
  return PAYLOAD_NONCE_SIZE + length + chunks * TAG_SIZE;
}
