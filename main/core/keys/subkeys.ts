// Purpose-bound secrets derived from the unlocked vault's keys. This is the one place that derives
// them: each purpose gets its own HKDF-SHA256 label, so a MAC made for one purpose (a sidecar) can
// never be replayed as another (the signing key, a setting). Someone with write access to the vault
// folder but without the passphrase has only the public recipient, never these.
//
// The input key material is the database key and the naming key together: both live only inside
// the passphrase- and recovery-sealed key files and are never exported (unlike the age identity,
// which `sakshya keys export` hands out for interop with the age tool).
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { VaultKeys } from './key-file';

/** Every purpose a subkey is derived for, with its HKDF label. Never change a label once shipped. */
export const SUBKEY_LABELS = {
  'signing-key-mac': 'sakshya signing-key mac v1',
  'sidecar-mac': 'sakshya sidecar mac v1',
  'generation-mac': 'sakshya generation mac v1',
  'settings-mac': 'sakshya settings mac v1',
  'reminder-id': 'sakshya reminder id v1',
  'backup-manifest-mac': 'sakshya backup manifest mac v1',
  'recovery-file-mac': 'sakshya recovery-file mac v1',
} as const;

export type SubkeyPurpose = keyof typeof SUBKEY_LABELS;

/** The secret parts of the vault keys a subkey is derived from. */
export type SubkeySource = Pick<VaultKeys, 'databaseKey' | 'namingKey'>;

const SALT = Buffer.from('sakshya subkeys v1', 'utf8');
const SUBKEY_SIZE = 32;

/** A 32-byte secret for one purpose. The caller should `fill(0)` it when done, if it keeps it. */
export function deriveSubkey(keys: SubkeySource, purpose: SubkeyPurpose): Buffer {
  const label: string = SUBKEY_LABELS[purpose];
  const ikm = Buffer.concat([keys.databaseKey, keys.namingKey]);
  try {
    return Buffer.from(hkdfSync('sha256', ikm, SALT, label, SUBKEY_SIZE));
  } finally {
    ikm.fill(0);
  }
}

/** HMAC-SHA256 of `data` under the subkey for `purpose`, as 64 lowercase hex characters. */
export function macWithSubkey(
  keys: SubkeySource,
  purpose: SubkeyPurpose,
  data: Buffer | string,
): string {
  const subkey = deriveSubkey(keys, purpose);
  try {
    return createHmac('sha256', subkey).update(data).digest('hex');
  } finally {
    subkey.fill(0);
  }
}

/** True when `mac` is the subkey MAC of `data` for `purpose`; compares in constant time. */
export function verifySubkeyMac(
  keys: SubkeySource,
  purpose: SubkeyPurpose,
  data: Buffer | string,
  mac: string,
): boolean {
  if (!/^[0-9a-f]{64}$/.test(mac)) return false;
  const expected = Buffer.from(macWithSubkey(keys, purpose, data), 'hex');
  return timingSafeEqual(expected, Buffer.from(mac, 'hex'));
}
