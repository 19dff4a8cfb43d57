import { describe, expect, it } from 'vitest';
import {
  AgeError,
  decryptBuffer,
  encryptBuffer,
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
  type AgeIdentity,
} from '../../../../main/core/age';
import { SakshyaError } from '../../../../shared/errors';
import { decryptWithStream, encryptWithStream } from './age-test-helpers';

const passphrase = 'a long enough passphrase';
const plain = Buffer.from('the vault keys');

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof AgeError ? error.reason : `other: ${String(error)}`;
  }
  return 'no error';
}

describe('passphrase (scrypt) encryption', () => {
  it('writes a single scrypt stanza with the requested work factor', () => {
    const sealed = encryptBuffer(plain, [{ kind: 'scrypt', passphrase, logN: 10 }]);
    const lines = sealed.toString('latin1').split('\n');
    expect(lines[0]).toBe('age-encryption.org/v1');
    expect(lines[1]).toMatch(/^-> scrypt [A-Za-z0-9+/]{22} 10$/);
    expect(lines[2]).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(lines[3]).toMatch(/^--- [A-Za-z0-9+/]{43}$/);
  });

  it('decrypts with the right passphrase through both APIs', async () => {
    const identities: AgeIdentity[] = [{ kind: 'scrypt', passphrase }];
    const sealed = await encryptWithStream(plain, [{ kind: 'scrypt', passphrase, logN: 10 }]);
    expect(decryptBuffer(sealed, identities).equals(plain)).toBe(true);
    expect((await decryptWithStream(sealed, identities)).equals(plain)).toBe(true);
  });

  it('reports a wrong passphrase or a wrong kind of key as no identity matched', async () => {
    const sealed = encryptBuffer(plain, [{ kind: 'scrypt', passphrase, logN: 10 }]);
    const wrong: AgeIdentity[] = [{ kind: 'scrypt', passphrase: 'not the passphrase' }];
    expect(reasonOf(() => decryptBuffer(sealed, wrong))).toBe('no-identity-matched');
    await expect(decryptWithStream(sealed, wrong)).rejects.toMatchObject({
      reason: 'no-identity-matched',
    });
    const x25519 = [parseIdentity(generateX25519Identity().identity)];
    expect(reasonOf(() => decryptBuffer(sealed, x25519))).toBe('no-identity-matched');
    const keys = generateX25519Identity();
    const toKey = encryptBuffer(plain, [parseRecipient(keys.recipient)]);
    expect(reasonOf(() => decryptBuffer(toKey, wrong))).toBe('no-identity-matched');
    const both: AgeIdentity[] = [...wrong, parseIdentity(keys.identity)];
    expect(decryptBuffer(toKey, both).equals(plain)).toBe(true);
  });

  it('refuses a work factor above the identity maximum before doing the work', async () => {
    const sealed = encryptBuffer(plain, [{ kind: 'scrypt', passphrase, logN: 12 }]);
    const capped: AgeIdentity[] = [{ kind: 'scrypt', passphrase, maxLogN: 11 }];
    expect(reasonOf(() => decryptBuffer(sealed, capped))).toBe('unsupported');
    await expect(decryptWithStream(sealed, capped)).rejects.toMatchObject({
      reason: 'unsupported',
    });
    expect(decryptBuffer(sealed, [{ kind: 'scrypt', passphrase, maxLogN: 12 }]).equals(plain)).toBe(
      true,
    );
  });

  it('refuses to mix a passphrase with other recipients or to use a bad work factor', () => {
    const recipient = parseRecipient(generateX25519Identity().recipient);
    const bad = [
      [{ kind: 'scrypt', passphrase, logN: 10 } as const, recipient],
      [
        { kind: 'scrypt', passphrase, logN: 10 } as const,
        { kind: 'scrypt', passphrase, logN: 10 } as const,
      ],
      [{ kind: 'scrypt', passphrase, logN: 0 } as const],
      [{ kind: 'scrypt', passphrase, logN: 10.5 } as const],
      [{ kind: 'scrypt', passphrase, logN: 31 } as const],
      [],
    ];
    for (const recipients of bad)
      expect(() => encryptBuffer(plain, recipients)).toThrow(SakshyaError);
  });
});
