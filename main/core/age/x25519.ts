// The X25519 recipient type on node:crypto. Node takes X25519 keys only as KeyObjects; raw
// 32-byte keys go in through JWK, which is about ten times faster than DER in OpenSSL 3.
import crypto from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';
import { decodeBase64Raw, encodeBase64Raw } from './base64';
import { AgeError } from './errors';
import { deriveKey, isAllZero, openFileKey, sealFileKey, WRAPPED_KEY_SIZE } from './primitives';
import type { Stanza } from './types';

export const X25519_STANZA_TYPE = 'X25519';
export const X25519_KEY_SIZE = 32;
const INFO = 'age-encryption.org/v1/X25519';
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** A parsed X25519 identity, ready for repeated key agreement. */
export interface X25519KeyPair {
  readonly privateKey: crypto.KeyObject;
  readonly publicKey: Buffer;
}

export function importX25519Secret(secretKey: Uint8Array): X25519KeyPair {
  if (secretKey.length !== X25519_KEY_SIZE) {
    throw new SakshyaError('INVALID_INPUT', 'an X25519 secret key must be 32 bytes');
  }
  return importViaJwk(secretKey) ?? importViaDer(secretKey);
}

/**
 * The fast path. Node insists that `x` be present but derives the public half from `d` itself,
 * so the real public key is read back; should a later Node behave otherwise, this returns null
 * and the DER path is used.
 */
export function importViaJwk(secretKey: Uint8Array): X25519KeyPair | null {
  try {
    const d = Buffer.from(secretKey).toString('base64url');
    const jwk = { kty: 'OKP', crv: 'X25519', d, x: '' };
    const privateKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
    const publicKey = Buffer.from(privateKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    return publicKey.length === X25519_KEY_SIZE ? { privateKey, publicKey } : null;
  } catch {
    return null;
  }
}

export function importViaDer(secretKey: Uint8Array): X25519KeyPair {
  const der = Buffer.concat([PKCS8_PREFIX, secretKey]);
  const privateKey = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(spki.length - X25519_KEY_SIZE) };
}

/**
 * Recipients' public keys as KeyObjects, by their bytes. A vault seals every stored copy and
 * sidecar to its one recipient; importing the key again for each took ~40 µs of every file. Public
 * keys only, so keeping them costs nothing in secrecy; a few at most.
 */
const publicKeys = new Map<string, crypto.KeyObject>();
const MAX_PUBLIC_KEYS = 8;

function importX25519Public(publicKey: Uint8Array, keep: boolean): crypto.KeyObject {
  const x = Buffer.from(publicKey).toString('base64url');
  let key = keep ? publicKeys.get(x) : undefined;
  if (key === undefined) {
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
    if (!keep) return key;
    if (publicKeys.size >= MAX_PUBLIC_KEYS) publicKeys.clear();
    publicKeys.set(x, key);
  }
  return key;
}

/** Null when the result is the all-zero value (a low-order point), which age must refuse. */
/** `keep`: the public key is a recipient's, worth keeping (not a file's one-time share). */
function agree(privateKey: crypto.KeyObject, publicKey: Uint8Array, keep: boolean): Buffer | null {
  let shared: Buffer;
  try {
    // OpenSSL itself refuses to return an all-zero secret, so a throw here means the same.
    shared = crypto.diffieHellman({
      privateKey,
      publicKey: importX25519Public(publicKey, keep),
    });
  } catch {
    return null;
  }
  return isAllZero(shared) ? null : shared;
}

export function wrapX25519(fileKey: Uint8Array, recipient: Uint8Array): Stanza {
  if (recipient.length !== X25519_KEY_SIZE) {
    throw new SakshyaError('INVALID_INPUT', 'an X25519 public key must be 32 bytes');
  }
  const ephemeral = importX25519Secret(crypto.randomBytes(X25519_KEY_SIZE));
  const shared = agree(ephemeral.privateKey, recipient, true);
  if (shared === null)
    throw new SakshyaError('INVALID_INPUT', 'the X25519 public key is not usable');
  const wrapKey = deriveKey(shared, Buffer.concat([ephemeral.publicKey, recipient]), INFO);
  return {
    type: X25519_STANZA_TYPE,
    args: [encodeBase64Raw(ephemeral.publicKey)],
    body: sealFileKey(wrapKey, fileKey),
  };
}

/**
 * The file key if one of the X25519 stanzas was made for this key pair, null if none was.
 * A malformed X25519 stanza is a hard error rather than "not ours", as the spec requires.
 */
export function unwrapX25519(stanzas: readonly Stanza[], identity: X25519KeyPair): Buffer | null {
  for (const stanza of stanzas) {
    if (stanza.type !== X25519_STANZA_TYPE) continue;
    const [encodedShare, ...extra] = stanza.args;
    const share =
      encodedShare === undefined || extra.length > 0 ? null : decodeBase64Raw(encodedShare);
    if (share?.length !== X25519_KEY_SIZE) {
      throw new AgeError('header-invalid', 'an X25519 stanza has a malformed ephemeral share');
    }
    if (stanza.body.length !== WRAPPED_KEY_SIZE) {
      throw new AgeError('header-invalid', 'an X25519 stanza body has the wrong length');
    }
    const shared = agree(identity.privateKey, share, false);
    if (shared === null)
      throw new AgeError('header-invalid', 'an X25519 stanza uses a low-order point');
    const wrapKey = deriveKey(shared, Buffer.concat([share, identity.publicKey]), INFO);
    const fileKey = openFileKey(wrapKey, stanza.body);
    if (fileKey !== null) return fileKey;
  }
  return null;
}
