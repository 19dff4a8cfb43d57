import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifySshsig } from '../../../../main/core/keys/signing-key';
import {
  loadOrCreateSigningKey,
  signingKeyFile,
} from '../../../../main/core/keys/signing-key-store';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const PASS = 'signing key test passphrase';

function sshVerify(dir: string, publicKeyLine: string, message: Buffer, signature: string): number {
  fs.writeFileSync(path.join(dir, 'allowed_signers'), `sakshya ${publicKeyLine}\n`);
  fs.writeFileSync(path.join(dir, 'msg.sig'), signature);
  const result = spawnSync(
    'ssh-keygen',
    ['-Y', 'verify', '-f', 'allowed_signers', '-I', 'sakshya', '-n', 'file', '-s', 'msg.sig'],
    {
      cwd: dir,
      input: message,
    },
  );
  return result.status ?? -1;
}

describe('the vault signing key', () => {
  it('is made once, kept encrypted to the vault, and the same after reopening', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    const { vault } = await Vault.create(dir, PASS, { scryptLogN: 10 });
    const first = loadOrCreateSigningKey(vault);
    const again = loadOrCreateSigningKey(vault);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const sealed = fs.readFileSync(signingKeyFile(dir));
    expect(sealed.toString('latin1')).toMatch(/^age-encryption\.org\/v1\n/);
    expect(sealed.toString('latin1')).not.toContain('PRIVATE KEY');
    // The standard age tool opens it with the vault identity: nothing Sakshya-only is needed.
    const identityFile = path.join(makeTempDir(), 'identity.txt');
    fs.writeFileSync(identityFile, vault.revealIdentity());
    const pem = execFileSync('age', ['-d', '-i', identityFile, signingKeyFile(dir)], {
      encoding: 'utf8',
    });
    expect(pem).toContain('BEGIN PRIVATE KEY');
    expect(vault.custody('vault').filter((e) => e.action === 'signing-key.created')).toHaveLength(
      1,
    );
    vault.lock();
    const reopened = await Vault.open(dir, PASS);
    expect(loadOrCreateSigningKey(reopened).fingerprint).toBe(first.fingerprint);
    reopened.lock();
  });

  it('makes SSHSIG signatures that ssh-keygen accepts, with the fingerprint ssh-keygen -l prints', async () => {
    const dir = makeTempDir();
    const { vault } = await Vault.create(path.join(dir, 'vault'), PASS, { scryptLogN: 10 });
    const key = loadOrCreateSigningKey(vault);
    vault.lock();
    const message = Buffer.from('0123abcd  bagit.txt\n', 'utf8');
    const signature = key.sign(message);
    expect(signature).toMatch(
      /^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----\n$/,
    );
    expect(sshVerify(dir, key.publicKeyLine, message, signature)).toBe(0);
    expect(
      sshVerify(dir, key.publicKeyLine, Buffer.from('0123abcd  bagit.txT\n'), signature),
    ).not.toBe(0);
    fs.writeFileSync(path.join(dir, 'key.pub'), `${key.publicKeyLine}\n`);
    expect(
      execFileSync('ssh-keygen', ['-l', '-f', path.join(dir, 'key.pub')], { encoding: 'utf8' }),
    ).toContain(key.fingerprint);
    expect(verifySshsig(signature, message, key.publicKeyLine)).toEqual({
      valid: true,
      fingerprint: key.fingerprint,
    });
    expect(verifySshsig(signature, Buffer.from('other'), key.publicKeyLine).valid).toBe(false);
  });

  it('accepts a signature ssh-keygen made, and refuses one by another key or a damaged one', async () => {
    const dir = makeTempDir();
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'other',
      '-f',
      path.join(dir, 'id'),
    ]);
    const message = Buffer.from('signed by OpenSSH itself\n');
    fs.writeFileSync(path.join(dir, 'm.txt'), message);
    execFileSync('ssh-keygen', [
      '-Y',
      'sign',
      '-f',
      path.join(dir, 'id'),
      '-n',
      'file',
      path.join(dir, 'm.txt'),
    ]);
    const signature = fs.readFileSync(path.join(dir, 'm.txt.sig'), 'utf8');
    const publicKey = fs.readFileSync(path.join(dir, 'id.pub'), 'utf8');
    expect(verifySshsig(signature, message, publicKey).valid).toBe(true);
    const { vault } = await Vault.create(path.join(dir, 'vault'), PASS, { scryptLogN: 10 });
    const ours = loadOrCreateSigningKey(vault);
    vault.lock();
    expect(verifySshsig(signature, message, ours.publicKeyLine)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('different key') as unknown,
    });
    expect(verifySshsig(damageArmor(signature), message, publicKey).valid).toBe(false);
    expect(verifySshsig('not a signature', message, publicKey).valid).toBe(false);
  });
});

/**
 * Changes one base64 character in the middle of the first body line, always to a different one.
 * (Changing the last character before the END line can land in base64's unused padding bits and
 * change nothing, which made an earlier version of this test pass a good signature by chance.)
 */
function damageArmor(armored: string): string {
  const lines = armored.split('\n');
  const index = lines.findIndex((line) => line !== '' && !line.startsWith('-----'));
  const line = lines[index] ?? '';
  const at = Math.floor(line.length / 2);
  const swapped = line[at] === 'A' ? 'B' : 'A';
  lines[index] = `${line.slice(0, at)}${swapped}${line.slice(at + 1)}`;
  return lines.join('\n');
}
