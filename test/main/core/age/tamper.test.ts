// Any change to an age file must be caught: single-byte flips, truncation, appended or reordered
// data. The stream API must also never hand out plaintext from a chunk that did not verify.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AgeError,
  CHUNK_SIZE,
  createDecryptStream,
  decryptBuffer,
  encryptBuffer,
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
} from '../../../../main/core/age';
import { runThrough } from './age-test-helpers';

const SEALED_CHUNK = CHUNK_SIZE + 16;
const keys = generateX25519Identity();
const recipients = [parseRecipient(keys.recipient)];
const identities = [parseIdentity(keys.identity)];

function headerLength(file: Buffer): number {
  return file.indexOf('\n', file.indexOf('\n---') + 1) + 1;
}

function flipped(file: Buffer, position: number, mask: number): Buffer {
  const copy = Buffer.from(file);
  copy[position] = (copy[position] ?? 0) ^ mask;
  return copy;
}

/** True only for the right outcome: an AgeError. Success or any other error is a finding. */
function rejectsBuffer(file: Buffer): boolean {
  try {
    decryptBuffer(file, identities);
    return false;
  } catch (error) {
    return error instanceof AgeError;
  }
}

/**
 * Decrypts through the stream and checks it failed with an AgeError having emitted only a prefix
 * of the true plaintext no longer than `maxReleased`.
 */
async function rejectsStream(file: Buffer, plain: Buffer, maxReleased: number): Promise<boolean> {
  const { output, error } = await runThrough(createDecryptStream(identities), file, 20_000);
  return (
    error instanceof AgeError &&
    output.length <= maxReleased &&
    output.equals(plain.subarray(0, output.length))
  );
}

describe('tampering with a small age file', () => {
  for (const size of [0, 1024]) {
    const plain = crypto.randomBytes(size);
    const sealed = encryptBuffer(plain, recipients);

    it(`decrypts the untouched ${size}-byte file`, () => {
      expect(decryptBuffer(sealed, identities).equals(plain)).toBe(true);
    });

    it(`rejects a change to any byte of the ${size}-byte file (buffer)`, () => {
      const accepted: string[] = [];
      for (let position = 0; position < sealed.length; position++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          if (!rejectsBuffer(flipped(sealed, position, mask))) accepted.push(`${position}^${mask}`);
        }
      }
      expect(accepted).toEqual([]);
    });

    it(`rejects a change to any byte of the ${size}-byte file (stream)`, async () => {
      const accepted: number[] = [];
      for (let position = 0; position < sealed.length; position++) {
        if (!(await rejectsStream(flipped(sealed, position, 0x01), plain, 0)))
          accepted.push(position);
      }
      expect(accepted).toEqual([]);
    });

    it(`rejects every truncation and any appended data of the ${size}-byte file`, async () => {
      const accepted: string[] = [];
      for (let length = 0; length < sealed.length; length++) {
        if (!rejectsBuffer(sealed.subarray(0, length))) accepted.push(`cut at ${length}`);
      }
      for (const extra of [1, 15, 16, 17, SEALED_CHUNK]) {
        const longer = Buffer.concat([sealed, crypto.randomBytes(extra)]);
        if (!rejectsBuffer(longer)) accepted.push(`+${extra}`);
        if (!(await rejectsStream(longer, plain, 0))) accepted.push(`stream +${extra}`);
      }
      for (const length of [
        0,
        10,
        headerLength(sealed),
        headerLength(sealed) + 16,
        sealed.length - 1,
      ]) {
        if (!(await rejectsStream(sealed.subarray(0, length), plain, 0)))
          accepted.push(`stream cut at ${length}`);
      }
      expect(accepted).toEqual([]);
    });
  }
});

describe('tampering with a multi-chunk age file', () => {
  const plain = crypto.randomBytes(3 * CHUNK_SIZE + 1000);
  const sealed = encryptBuffer(plain, recipients);
  const payloadStart = headerLength(sealed) + 16;
  const chunkStart = (index: number): number => payloadStart + index * SEALED_CHUNK;
  /** Plaintext that may legitimately be released before the chunk holding `position` fails. */
  const releasable = (position: number): number =>
    position < payloadStart ? 0 : Math.floor((position - payloadStart) / SEALED_CHUNK) * CHUNK_SIZE;

  it('is laid out as header, nonce and four sealed chunks', () => {
    expect(sealed.subarray(payloadStart - 16 - 49, payloadStart - 16).toString('latin1')).toMatch(
      /^\n--- [A-Za-z0-9+/]{43}\n$/,
    );
    expect(sealed.length).toBe(chunkStart(3) + 1000 + 16);
  });

  it('rejects changes at the header, the nonce, every chunk boundary and every tag', async () => {
    const positions = [
      0,
      30,
      payloadStart - 18,
      payloadStart - 17,
      payloadStart - 16,
      payloadStart - 1,
    ];
    for (let index = 0; index < 4; index++) {
      const start = chunkStart(index);
      const tagStart = Math.min(start + CHUNK_SIZE, sealed.length - 16);
      positions.push(start, start + 1, tagStart - 1, tagStart, tagStart + 15);
    }
    positions.push(sealed.length - 1);
    const accepted: number[] = [];
    for (const position of positions) {
      const bad = flipped(sealed, position, 0x04);
      if (!rejectsBuffer(bad) || !(await rejectsStream(bad, plain, releasable(position)))) {
        accepted.push(position);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects truncation at and between chunk boundaries, and appended data', async () => {
    const cuts = [
      payloadStart,
      chunkStart(1),
      chunkStart(2),
      chunkStart(3),
      chunkStart(1) + 100,
      sealed.length - 1,
    ];
    const accepted: string[] = [];
    for (const cut of cuts) {
      const bad = sealed.subarray(0, cut);
      if (!rejectsBuffer(bad) || !(await rejectsStream(bad, plain, plain.length)))
        accepted.push(`cut ${cut}`);
    }
    for (const extra of [1, 16, SEALED_CHUNK]) {
      const bad = Buffer.concat([sealed, Buffer.alloc(extra)]);
      if (!rejectsBuffer(bad) || !(await rejectsStream(bad, plain, 3 * CHUNK_SIZE)))
        accepted.push(`+${extra}`);
    }
    expect(accepted).toEqual([]);
  });

  it('rejects chunks that are swapped or dropped', async () => {
    const chunk = (index: number): Buffer =>
      sealed.subarray(chunkStart(index), chunkStart(index + 1));
    const head = sealed.subarray(0, payloadStart);
    const swapped = Buffer.concat([head, chunk(1), chunk(0), sealed.subarray(chunkStart(2))]);
    const dropped = Buffer.concat([head, chunk(0), sealed.subarray(chunkStart(2))]);
    for (const bad of [swapped, dropped]) {
      expect(rejectsBuffer(bad)).toBe(true);
      expect(await rejectsStream(bad, plain, CHUNK_SIZE)).toBe(true);
    }
  });
});
