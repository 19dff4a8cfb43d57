import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptBuffer, parseRecipient } from '../../../../main/core/age';
import { describeSigningKey } from '../../../../main/core/keys/signing-key';
import {
  inspectSigningKey,
  loadOrCreateSigningKey,
  signingKeyFile,
} from '../../../../main/core/keys/signing-key-store';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'signing key store passphrase';

/** A key file as versions before authentication wrote it: only the PEM, sealed to the recipient. */
function writeLegacyKeyFile(vault: Vault): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  fs.mkdirSync(path.join(vault.layout.root, 'keys'), { recursive: true });
  fs.writeFileSync(
    signingKeyFile(vault.layout.root),
    encryptBuffer(Buffer.from(pem), [parseRecipient(vault.recipient)]),
  );
  return describeSigningKey(createPrivateKey(pem)).fingerprint;
}

describe('the signing key store', () => {
  it('pins the new key in the custody log and seals it with this vault’s MAC', async () => {
    const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), PASS, {
      scryptLogN: 10,
    });
    const key = loadOrCreateSigningKey(vault);
    expect(
      vault.custody('vault').find((e) => e.action === 'signing-key.created')?.details,
    ).toMatchObject({
      fingerprint: key.fingerprint,
    });
    const identity = path.join(makeTempDir(), 'id.txt');
    fs.writeFileSync(identity, vault.revealIdentity());
    const text = execFileSync('age', ['-d', '-i', identity, signingKeyFile(vault.layout.root)], {
      encoding: 'utf8',
    });
    expect(text).toMatch(
      /^# sakshya-signing-key: 2\n# sakshya-signing-key-mac: [0-9a-f]{64}\n-----BEGIN PRIVATE KEY-----/,
    );
    expect(inspectSigningKey(vault)).toEqual({ status: 'ok', fingerprint: key.fingerprint });
    vault.lock();
  });

  it('upgrades a key file from before authentication when the custody log pinned that very key', async () => {
    const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), PASS, {
      scryptLogN: 10,
    });
    const fingerprint = writeLegacyKeyFile(vault);
    vault.record('signing-key.created', 'vault', { fingerprint, type: 'ssh-ed25519' });
    expect(loadOrCreateSigningKey(vault).fingerprint).toBe(fingerprint);
    expect(vault.custody('vault').map((e) => e.action)).toContain('signing-key.authenticated');
    // Sealed again with the MAC: it no longer needs the pin to be believed, and keeps working.
    expect(inspectSigningKey(vault)).toEqual({ status: 'ok', fingerprint });
    vault.lock();
  });

  it('refuses a key file without a MAC when nothing pinned it, and never signs with it', async () => {
    const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), PASS, {
      scryptLogN: 10,
    });
    const fingerprint = writeLegacyKeyFile(vault);
    expect(inspectSigningKey(vault)).toEqual({
      status: 'unauthenticated',
      fingerprint,
      pinned: null,
    });
    expect(() => loadOrCreateSigningKey(vault)).toThrow(/not made by this vault/);
    expect(vault.custody('vault').map((e) => e.action)).not.toContain('signing-key.pinned');
    vault.lock();
  });
});
