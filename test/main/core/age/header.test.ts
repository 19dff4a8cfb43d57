// Header encoding details that the official vectors cannot check from the decrypting side:
// stanza body wrapping, and that the reference tool accepts what we write.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AgeError,
  decryptBuffer,
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
} from '../../../../main/core/age';
import { encodeStanzaBody } from '../../../../main/core/age/base64';
import { encodeHeader, parseHeader, verifyHeaderMac } from '../../../../main/core/age/header';
import { CHUNK_SIZE, PAYLOAD_NONCE_SIZE, PayloadSealer } from '../../../../main/core/age/stream';
import type { Stanza } from '../../../../main/core/age/types';
import { wrapX25519 } from '../../../../main/core/age/x25519';
import { makeTempDir } from '../../../helpers/temp-dir';

/** An age file built by hand, so that extra ("grease") stanzas can be put in its header. */
function sealWithStanzas(plain: Buffer, recipient: Uint8Array, grease: Stanza[]): Buffer {
  const fileKey = crypto.randomBytes(16);
  const header = encodeHeader([...grease, wrapX25519(fileKey, recipient)], fileKey);
  const nonce = crypto.randomBytes(PAYLOAD_NONCE_SIZE);
  const out: Buffer[] = [header, nonce];
  const sealer = new PayloadSealer(fileKey, nonce);
  for (let at = 0; ; at += CHUNK_SIZE) {
    const last = at + CHUNK_SIZE >= plain.length;
    sealer.sealChunk([plain.subarray(at, at + CHUNK_SIZE)], last, out);
    if (last) return Buffer.concat(out);
  }
}

describe('the age header', () => {
  it('wraps stanza bodies at 64 columns and always ends them with a shorter line', () => {
    for (const size of [0, 1, 32, 47, 48, 49, 95, 96, 97]) {
      const lines = encodeStanzaBody(crypto.randomBytes(size)).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.slice(0, -1).every((line) => line.length === 64)).toBe(true);
      expect(lines.at(-1)?.length).toBeLessThan(64);
      expect(lines.at(-1)).toBe(size % 48 === 0 ? '' : lines.at(-1));
      expect(lines).toHaveLength(Math.floor(size / 48) + 1);
    }
  });

  it('parses what it encodes and checks the MAC with the file key', () => {
    const fileKey = crypto.randomBytes(16);
    const stanzas: Stanza[] = [0, 48, 100].map((size) => ({
      type: 'example.com/test',
      args: ['a', `${size}`],
      body: crypto.randomBytes(size),
    }));
    const encoded = encodeHeader(stanzas, fileKey);
    const parsed = parseHeader(encoded);
    expect(parsed.stanzas).toEqual(stanzas);
    expect(parsed.macInput.toString('latin1').endsWith('\n---')).toBe(true);
    expect(() => {
      verifyHeaderMac(parsed, fileKey);
    }).not.toThrow();
    expect(() => {
      verifyHeaderMac(parsed, crypto.randomBytes(16));
    }).toThrow(AgeError);
  });

  it('writes headers with unknown stanzas of every body shape that age and we accept', () => {
    const keys = generateX25519Identity();
    const recipient = parseRecipient(keys.recipient);
    if (recipient.kind !== 'x25519') throw new Error('expected an X25519 recipient');
    const grease: Stanza[] = [0, 48, 50, 96].map((size) => ({
      type: 'grease.example',
      args: ['!#$%&', `${size}`],
      body: crypto.randomBytes(size),
    }));
    const plain = crypto.randomBytes(5000);
    const sealed = sealWithStanzas(plain, recipient.publicKey, grease);
    expect(decryptBuffer(sealed, [parseIdentity(keys.identity)]).equals(plain)).toBe(true);
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'key.txt'), `${keys.identity}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'file.age'), sealed);
    const result = spawnSync('age', ['-d', '-i', 'key.txt', 'file.age'], { cwd: dir });
    expect(result.stderr.toString()).toBe('');
    expect(result.stdout.equals(plain)).toBe(true);
  });

  it('names an unknown format version as unsupported and anything else as invalid', () => {
    const identities = [parseIdentity(generateX25519Identity().identity)];
    const reason = (text: string): string => {
      try {
        decryptBuffer(Buffer.from(text, 'latin1'), identities);
      } catch (error) {
        return error instanceof AgeError ? error.reason : 'other';
      }
      return 'none';
    };
    expect(reason('age-encryption.org/v2\n-> X25519 abc\n\n--- x\n')).toBe('unsupported');
    expect(reason('')).toBe('header-invalid');
    expect(reason('hello')).toBe('header-invalid');
    expect(reason('age-encryption.org/v1\n')).toBe('header-invalid');
    expect(reason('age-encryption.org/v1\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n')).toBe(
      'header-invalid',
    );
  });
});
