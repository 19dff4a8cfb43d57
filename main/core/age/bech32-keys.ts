// Text forms of X25519 keys: `age1…` recipients and `AGE-SECRET-KEY-1…` identities, both Bech32
// (not Bech32m) without the usual 90-character limit.
import crypto from 'node:crypto';
import { bech32 } from '@scure/base';
import { SakshyaError } from '../../../shared/errors';
import type { AgeIdentity, AgeRecipient } from './types';
import { importX25519Secret, X25519_KEY_SIZE } from './x25519';

const RECIPIENT_PREFIX = 'age';
const IDENTITY_PREFIX = 'age-secret-key-';

function encodeKey(prefix: string, bytes: Uint8Array): string {
  return bech32.encode(prefix, bech32.toWords(bytes), false);
}

/**
 * The key bytes, or null if `text` is not a valid Bech32 string with this prefix and a 32-byte
 * payload. `uppercase` mirrors the reference tools: identities are upper case, recipients lower.
 */
function decodeKey(text: string, prefix: string, uppercase: boolean): Uint8Array | null {
  if (text !== (uppercase ? text.toUpperCase() : text.toLowerCase())) return null;
  try {
    const decoded = bech32.decodeToBytes(text, false);
    return decoded.prefix === prefix && decoded.bytes.length === X25519_KEY_SIZE
      ? decoded.bytes
      : null;
  } catch {
    return null;
  }
}

function encodeIdentity(secretKey: Uint8Array): string {
  return encodeKey(IDENTITY_PREFIX, secretKey).toUpperCase();
}

function encodeRecipient(secretKey: Uint8Array): string {
  return encodeKey(RECIPIENT_PREFIX, importX25519Secret(secretKey).publicKey);
}

export function generateX25519Identity(): { identity: string; recipient: string } {
  const secretKey = crypto.randomBytes(X25519_KEY_SIZE);
  return { identity: encodeIdentity(secretKey), recipient: encodeRecipient(secretKey) };
}

/** One `AGE-SECRET-KEY-1…` string; surrounding whitespace is ignored. */
export function parseIdentity(text: string): AgeIdentity {
  const secretKey = decodeKey(text.trim(), IDENTITY_PREFIX, true);
  if (secretKey === null)
    throw new SakshyaError('INVALID_INPUT', 'not a valid age identity (AGE-SECRET-KEY-1…)');
  return { kind: 'x25519', secretKey };
}

/** The text of an age identity file: one identity per line; blank and `#` lines are skipped. */
export function parseIdentityFile(text: string): AgeIdentity[] {
  const identities: AgeIdentity[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    identities.push(parseIdentity(trimmed));
  }
  if (identities.length === 0)
    throw new SakshyaError('INVALID_INPUT', 'the identity file holds no identities');
  return identities;
}

/** One `age1…` string; surrounding whitespace is ignored. */
export function parseRecipient(text: string): AgeRecipient {
  const publicKey = decodeKey(text.trim(), RECIPIENT_PREFIX, false);
  if (publicKey === null)
    throw new SakshyaError('INVALID_INPUT', 'not a valid age recipient (age1…)');
  return { kind: 'x25519', publicKey };
}

export function identityToRecipient(identity: string): string {
  const parsed = parseIdentity(identity);
  if (parsed.kind !== 'x25519') throw new SakshyaError('INVALID_INPUT', 'not an X25519 identity');
  return encodeRecipient(parsed.secretKey);
}
