// The plaintext of a vault key file. It is a standard age identity file: `#` lines are comments to
// age, so `age -d -i <this text> FILE.age` opens any evidence file without Sakshya. Our own two
// symmetric keys ride along in comment lines that only Sakshya reads.
import { randomBytes } from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';
import { generateX25519Identity, identityToRecipient } from '../age';

export interface VaultKeys {
  /** age X25519 identity, `AGE-SECRET-KEY-1…`, for evidence files and sidecars. */
  identity: string;
  /** Its public recipient, `age1…`. */
  recipient: string;
  /** Raw SQLCipher key for the database. */
  databaseKey: Buffer;
  /** HMAC key that turns content hashes into file names that reveal nothing. */
  namingKey: Buffer;
}

const FORMAT_LINE = '# sakshya-key-file: 1';

export function generateVaultKeys(): VaultKeys {
  const { identity, recipient } = generateX25519Identity();
  return { identity, recipient, databaseKey: randomBytes(32), namingKey: randomBytes(32) };
}

export function serializeVaultKeys(keys: VaultKeys, createdAt = new Date()): string {
  return [
    '# Sakshya vault keys. Keep this secret: it opens every evidence file in the vault.',
    '# It is an age identity file, so the standard age tool can decrypt evidence with it:',
    '#   age -d -i THIS_FILE objects/ab/cd/NAME.age > original',
    FORMAT_LINE,
    `# created: ${createdAt.toISOString()}`,
    `# public key: ${keys.recipient}`,
    `# sakshya-database-key: ${keys.databaseKey.toString('hex')}`,
    `# sakshya-naming-key: ${keys.namingKey.toString('hex')}`,
    keys.identity,
    '',
  ].join('\n');
}

export function parseVaultKeys(text: string): VaultKeys {
  const lines = text.split('\n');
  if (!lines.includes(FORMAT_LINE)) {
    throw new SakshyaError('VAULT_CORRUPT', 'the key file is not a Sakshya key file');
  }
  const identity = lines.find((line) => line.startsWith('AGE-SECRET-KEY-1'));
  const databaseKey = readHexComment(lines, 'sakshya-database-key');
  const namingKey = readHexComment(lines, 'sakshya-naming-key');
  if (identity === undefined) {
    throw new SakshyaError('VAULT_CORRUPT', 'the key file has no identity');
  }
  return { identity, recipient: identityToRecipient(identity), databaseKey, namingKey };
}

/** Best effort: overwrite key bytes so a locked vault leaves no key material in our buffers. */
export function wipeVaultKeys(keys: VaultKeys): void {
  keys.databaseKey.fill(0);
  keys.namingKey.fill(0);
}

function readHexComment(lines: string[], name: string): Buffer {
  const prefix = `# ${name}: `;
  const line = lines.find((l) => l.startsWith(prefix));
  const hex = line?.slice(prefix.length).trim() ?? '';
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new SakshyaError('VAULT_CORRUPT', `the key file has no valid ${name}`);
  }
  return Buffer.from(hex, 'hex');
}
