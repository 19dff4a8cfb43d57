import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateVaultKeys } from '../../../../main/core/keys/key-file';
import {
  deriveSubkey,
  macWithSubkey,
  SUBKEY_LABELS,
  verifySubkeyMac,
  type SubkeyPurpose,
} from '../../../../main/core/keys/subkeys';

const PURPOSES = Object.keys(SUBKEY_LABELS) as SubkeyPurpose[];

describe('subkeys', () => {
  it('are HKDF-SHA256 of the database and naming keys, with one label per purpose', () => {
    const keys = generateVaultKeys();
    const ikm = Buffer.concat([keys.databaseKey, keys.namingKey]);
    for (const purpose of PURPOSES) {
      // Computed independently from the published recipe, so a change to it fails here.
      const expected = Buffer.from(
        hkdfSync('sha256', ikm, Buffer.from('sakshya subkeys v1'), SUBKEY_LABELS[purpose], 32),
      );
      expect(deriveSubkey(keys, purpose).equals(expected)).toBe(true);
    }
    expect(SUBKEY_LABELS['sidecar-mac']).toBe('sakshya sidecar mac v1');
  });

  it('differ for every purpose and for every vault, and are stable for one vault', () => {
    const keys = generateVaultKeys();
    const derived = PURPOSES.map((purpose) => deriveSubkey(keys, purpose).toString('hex'));
    expect(new Set(derived).size).toBe(PURPOSES.length);
    expect(deriveSubkey(keys, 'settings-mac').toString('hex')).toBe(
      derived[PURPOSES.indexOf('settings-mac')],
    );
    const other = generateVaultKeys();
    expect(deriveSubkey(other, 'settings-mac').toString('hex')).not.toBe(
      derived[PURPOSES.indexOf('settings-mac')],
    );
  });

  it('do not depend on the public age identity, which `keys export` hands out', () => {
    const keys = generateVaultKeys();
    const sameSecretsOtherIdentity = {
      ...generateVaultKeys(),
      databaseKey: keys.databaseKey,
      namingKey: keys.namingKey,
    };
    expect(
      deriveSubkey(sameSecretsOtherIdentity, 'sidecar-mac').equals(
        deriveSubkey(keys, 'sidecar-mac'),
      ),
    ).toBe(true);
  });

  it('leave the vault keys untouched when they wipe their own scratch buffers', () => {
    const keys = generateVaultKeys();
    const before = Buffer.concat([keys.databaseKey, keys.namingKey]).toString('hex');
    macWithSubkey(keys, 'generation-mac', 'x');
    expect(Buffer.concat([keys.databaseKey, keys.namingKey]).toString('hex')).toBe(before);
  });

  it('make MACs that verify only for the same data, purpose and vault', () => {
    const keys = generateVaultKeys();
    const data = randomBytes(100);
    const mac = macWithSubkey(keys, 'sidecar-mac', data);
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(mac).toBe(
      createHmac('sha256', deriveSubkey(keys, 'sidecar-mac')).update(data).digest('hex'),
    );
    expect(verifySubkeyMac(keys, 'sidecar-mac', data, mac)).toBe(true);
    const flipped = Buffer.from(data);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(verifySubkeyMac(keys, 'sidecar-mac', flipped, mac)).toBe(false);
    expect(verifySubkeyMac(keys, 'settings-mac', data, mac)).toBe(false);
    expect(verifySubkeyMac(generateVaultKeys(), 'sidecar-mac', data, mac)).toBe(false);
  });

  it('refuse a MAC that is not 64 hex characters instead of throwing', () => {
    const keys = generateVaultKeys();
    expect(verifySubkeyMac(keys, 'settings-mac', 'x', '')).toBe(false);
    expect(verifySubkeyMac(keys, 'settings-mac', 'x', 'zz'.repeat(32))).toBe(false);
    expect(verifySubkeyMac(keys, 'settings-mac', 'x', 'ab'.repeat(16))).toBe(false);
  });
});
