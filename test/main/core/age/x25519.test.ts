import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptBuffer } from '../../../../main/core/age';
import { importViaDer, importViaJwk } from '../../../../main/core/age/x25519';
import { SakshyaError } from '../../../../shared/errors';

describe('X25519 keys on node:crypto', () => {
  it('derives the same public key and shared secrets through the JWK and DER imports', () => {
    for (let round = 0; round < 5; round++) {
      const secret = crypto.randomBytes(32);
      const fast = importViaJwk(secret);
      const slow = importViaDer(secret);
      expect(fast).not.toBeNull();
      expect(fast?.publicKey.equals(slow.publicKey)).toBe(true);
      const peer = crypto.generateKeyPairSync('x25519').publicKey;
      const viaFast = crypto.diffieHellman({
        privateKey: fast?.privateKey ?? slow.privateKey,
        publicKey: peer,
      });
      const viaSlow = crypto.diffieHellman({ privateKey: slow.privateKey, publicKey: peer });
      expect(viaFast.equals(viaSlow)).toBe(true);
    }
  });

  it('matches the RFC 7748 test vector for the public key', () => {
    // RFC 7748, section 6.1: Alice's private and public keys.
    const secret = Buffer.from(
      '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
      'hex',
    );
    const expected = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    expect(importViaJwk(secret)?.publicKey.toString('hex')).toBe(expected);
    expect(importViaDer(secret).publicKey.toString('hex')).toBe(expected);
  });

  it('refuses to encrypt to a low-order or malformed public key', () => {
    for (const publicKey of [new Uint8Array(32), new Uint8Array(31)]) {
      expect(() => encryptBuffer(Buffer.from('x'), [{ kind: 'x25519', publicKey }])).toThrow(
        SakshyaError,
      );
    }
  });
});
