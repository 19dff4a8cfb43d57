// Chunking at and around the 64 KiB boundaries, input split at awkward places, sizes, and
// backpressure in the Transforms.
import crypto from 'node:crypto';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  AgeError,
  CHUNK_SIZE,
  createDecryptStream,
  createEncryptStream,
  decryptBuffer,
  encryptBuffer,
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
  sealedPayloadSize,
} from '../../../../main/core/age';
import { SakshyaError } from '../../../../shared/errors';
import { decryptWithStream, encryptWithStream, splitIntoPieces } from './age-test-helpers';

const keys = generateX25519Identity();
const recipients = [parseRecipient(keys.recipient)];
const identities = [parseIdentity(keys.identity)];
const SIZES = [
  0,
  1,
  CHUNK_SIZE - 1,
  CHUNK_SIZE,
  CHUNK_SIZE + 1,
  2 * CHUNK_SIZE,
  2 * CHUNK_SIZE + 17,
];

function payloadLength(file: Buffer): number {
  return file.length - (file.indexOf('\n', file.indexOf('\n---') + 1) + 1);
}

describe('the age payload stream', () => {
  for (const size of SIZES) {
    it(`round-trips ${size} bytes between the buffer and stream APIs with any input split`, async () => {
      const plain = crypto.randomBytes(size);
      const fromBuffer = encryptBuffer(plain, recipients);
      expect(payloadLength(fromBuffer)).toBe(sealedPayloadSize(size));
      for (const pieceSize of [7, 65536, 100_000]) {
        const fromStream = await encryptWithStream(plain, recipients, pieceSize);
        expect(payloadLength(fromStream)).toBe(sealedPayloadSize(size));
        expect(decryptBuffer(fromStream, identities).equals(plain)).toBe(true);
        expect((await decryptWithStream(fromBuffer, identities, pieceSize)).equals(plain)).toBe(
          true,
        );
      }
    });
  }

  it('never follows a full final chunk with an empty one', () => {
    // One full chunk: nonce, then exactly one sealed chunk of 64 KiB plus its tag.
    expect(sealedPayloadSize(CHUNK_SIZE)).toBe(16 + CHUNK_SIZE + 16);
    expect(sealedPayloadSize(0)).toBe(16 + 16);
    expect(sealedPayloadSize(CHUNK_SIZE + 1)).toBe(16 + CHUNK_SIZE + 1 + 32);
  });

  it('uses a fresh file key and nonce for every file', () => {
    const plain = Buffer.from('same input');
    expect(encryptBuffer(plain, recipients).equals(encryptBuffer(plain, recipients))).toBe(false);
  });

  it('refuses at creation to run without recipients or identities', () => {
    expect(() => createEncryptStream([])).toThrow(SakshyaError);
    expect(() => createEncryptStream([{ kind: 'x25519', publicKey: new Uint8Array(5) }])).toThrow(
      SakshyaError,
    );
    expect(() => createDecryptStream([])).toThrow(SakshyaError);
    expect(() => decryptBuffer(encryptBuffer(Buffer.from('x'), recipients), [])).toThrow(
      SakshyaError,
    );
  });

  it('fails a decrypt stream at once on input that is not an age file', async () => {
    const stream = createDecryptStream(identities);
    const failed = once(stream, 'error');
    stream.write(Buffer.from('PK\u0003\u0004 this is a zip file, not age'));
    const [error] = (await failed) as [unknown];
    expect(error).toBeInstanceOf(AgeError);
    expect((error as AgeError).reason).toBe('header-invalid');
  });

  it('holds back writes while its output is not being read (decrypt)', async () => {
    const plain = crypto.randomBytes(8 * 1024 * 1024);
    const pieces = splitIntoPieces(encryptBuffer(plain, recipients), 65536);
    await checkBackpressure(createDecryptStream(identities), pieces, plain);
  });

  it('holds back writes while its output is not being read (encrypt)', async () => {
    const plain = crypto.randomBytes(8 * 1024 * 1024);
    const stream = createEncryptStream(recipients);
    const sealed = await checkBackpressure(stream, splitIntoPieces(plain, 65536), null);
    expect(decryptBuffer(sealed, identities).equals(plain)).toBe(true);
  });
});

/**
 * Writes until the stream refuses more, checks that it buffered only a bounded amount, then
 * drains it and returns everything it produced (checked against `expected` when given).
 */
async function checkBackpressure(
  stream: NodeJS.ReadWriteStream & { readableLength: number },
  pieces: Buffer[],
  expected: Buffer | null,
): Promise<Buffer> {
  let written = 0;
  let next = 0;
  while (next < pieces.length) {
    const piece = pieces[next++]!;
    written += piece.length;
    if (!stream.write(piece)) break;
  }
  await new Promise((resolve) => setImmediate(resolve));
  expect(next).toBeLessThan(pieces.length);
  expect(written).toBeLessThan(2 * 1024 * 1024);
  expect(stream.readableLength).toBeLessThanOrEqual(1024 * 1024);
  const output: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => output.push(chunk));
  const finished = once(stream, 'end');
  for (; next < pieces.length; next++) {
    if (!stream.write(pieces[next]!)) await once(stream, 'drain');
  }
  stream.end();
  await finished;
  const all = Buffer.concat(output);
  if (expected !== null) expect(all.equals(expected)).toBe(true);
  return all;
}
