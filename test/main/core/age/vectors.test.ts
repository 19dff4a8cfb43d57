// The official age test vectors (C2SP CCTV), run through both the buffer and the stream API.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import * as vectors from 'cctv-age';
import { describe, expect, it } from 'vitest';
import {
  AgeError,
  decryptBuffer,
  generateX25519Identity,
  parseIdentity,
  type AgeIdentity,
} from '../../../../main/core/age';
import { decryptWithStream } from './age-test-helpers';

interface Vector {
  name: string;
  expect: string;
  payloadHash: string | undefined;
  identities: AgeIdentity[];
  unsupportedIdentities: number;
  file: Buffer;
}

function readVector(name: string, raw: Uint8Array): Vector {
  const bytes = Buffer.from(raw);
  const split = bytes.indexOf('\n\n');
  const fields = bytes
    .subarray(0, split)
    .toString('utf8')
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)] as const;
    });
  const values = (key: string): string[] => fields.filter(([k]) => k === key).map(([, v]) => v);
  let file = bytes.subarray(split + 2);
  if (values('compressed')[0] === 'zlib') file = zlib.inflateSync(file);
  const identities: AgeIdentity[] = [];
  let unsupportedIdentities = 0;
  for (const text of values('identity')) {
    if (text.startsWith('AGE-SECRET-KEY-1')) identities.push(parseIdentity(text));
    else unsupportedIdentities++;
  }
  for (const passphrase of values('passphrase')) identities.push({ kind: 'scrypt', passphrase });
  return {
    name,
    expect: values('expect')[0] ?? '',
    payloadHash: values('payload')[0],
    identities,
    unsupportedIdentities,
    file,
  };
}

const all = Object.entries(vectors as Record<string, Uint8Array>)
  .map(([name, raw]) => readVector(name, raw))
  .sort((a, b) => a.name.localeCompare(b.name));
// Vectors whose only keys are post-quantum (hybrid) identities test a recipient type we do not
// implement. Vectors with no key at all (e.g. "empty") still run, with an unrelated identity.
const skipped = all.filter((v) => v.identities.length === 0 && v.unsupportedIdentities > 0);
const exercised = all.filter((v) => !skipped.includes(v));

function identitiesFor(vector: Vector): AgeIdentity[] {
  if (vector.identities.length > 0) return vector.identities;
  return [parseIdentity(generateX25519Identity().identity)];
}

const EXPECTED_REASONS: Record<string, string> = {
  'no match': 'no-identity-matched',
  'HMAC failure': 'header-mac-mismatch',
  'header failure': 'header-invalid',
  'armor failure': 'header-invalid',
  'payload failure': 'payload-invalid',
};
/** Header failures that we report more precisely, as something we decline to process. */
const UNSUPPORTED = new Set([
  'version_unsupported',
  'scrypt_work_factor_23',
  'scrypt_work_factor_overflow',
]);

function expectedReason(vector: Vector): string | undefined {
  return UNSUPPORTED.has(vector.name) ? 'unsupported' : EXPECTED_REASONS[vector.expect];
}

/** Odd-sized pieces exercise reassembly; big files get bigger ones to keep the suite quick. */
function pieceSizeFor(vector: Vector): number {
  return vector.file.length > 1024 * 1024 ? 65543 : 4099;
}

function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function reasonOf(error: unknown): string {
  return error instanceof AgeError ? error.reason : `not an AgeError: ${String(error)}`;
}

describe('the official age test vectors', () => {
  it('are exercised except for the post-quantum-only ones', () => {
    expect(all.length).toBeGreaterThanOrEqual(140);
    expect(
      skipped.every((v) => v.name.startsWith('hybrid') || v.name.startsWith('armor_hybrid')),
    ).toBe(true);
    expect(exercised.length).toBeGreaterThanOrEqual(120);
    expect(exercised.filter((v) => v.expect === 'success').length).toBeGreaterThanOrEqual(20);
  });

  for (const vector of exercised) {
    if (vector.expect === 'success') {
      it(`decrypts ${vector.name} to the expected payload`, async () => {
        const identities = identitiesFor(vector);
        expect(sha256(decryptBuffer(vector.file, identities))).toBe(vector.payloadHash);
        expect(sha256(await decryptWithStream(vector.file, identities, pieceSizeFor(vector)))).toBe(
          vector.payloadHash,
        );
      });
    } else {
      it(`rejects ${vector.name} (${vector.expect})`, async () => {
        const identities = identitiesFor(vector);
        const expected = expectedReason(vector);
        expect(expected).toBeDefined();
        let bufferError: unknown;
        try {
          decryptBuffer(vector.file, identities);
        } catch (error) {
          bufferError = error;
        }
        expect(reasonOf(bufferError)).toBe(expected);
        const streamError = await decryptWithStream(
          vector.file,
          identities,
          pieceSizeFor(vector),
        ).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(reasonOf(streamError)).toBe(expected);
      });
    }
  }
});
