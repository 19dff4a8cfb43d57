// The recovery key: 160 random bits written as 32 Crockford base32 characters in 8 groups of 4.
// Crockford's alphabet has no I, L, O or U, so a person copying it by hand cannot confuse 0/O or
// 1/I/L; we map those look-alikes back when reading it in.
import { randomBytes } from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 8;
const GROUP_SIZE = 4;
const LENGTH = GROUPS * GROUP_SIZE;

export function generateRecoveryKey(): string {
  return formatRecoveryKey(encodeBase32(randomBytes((LENGTH * 5) / 8)));
}

export function formatRecoveryKey(compact: string): string {
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += GROUP_SIZE)
    groups.push(compact.slice(i, i + GROUP_SIZE));
  return groups.join('-');
}

/** Returns the canonical compact form, or throws WRONG_RECOVERY_KEY if it cannot be a recovery key. */
export function normalizeRecoveryKey(input: string): string {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== LENGTH || !/^[0-9A-HJKMNP-TV-Z]+$/.test(compact)) {
    throw new SakshyaError(
      'WRONG_RECOVERY_KEY',
      `a recovery key has ${LENGTH} letters and digits in ${GROUPS} groups`,
    );
  }
  return compact;
}

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET.charAt((value << (5 - bits)) & 31);
  return out;
}
