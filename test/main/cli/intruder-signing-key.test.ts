// Issue 16 item 1, as the intruder would do it: write access to the vault folder, the public
// recipient from vault.json, the `age` and `openssl` tools, no passphrase and no Sakshya code. Every
// swap of keys/signing-key.age is refused by export and named by `check`; nothing is signed with it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../../main/core/vault/vault';
import { cliOn, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'signing key intruder passphrase' };
const PHOTO = path.resolve(import.meta.dirname, '../../fixtures/photos/Bush-dog.jpg');

const sakshya = cliOn(ENV);

interface CheckJson {
  ok: boolean;
  problems: { kind: string; subject: string; message: string }[];
}

async function exportedVault(): Promise<{ dir: string; caseId: string; fingerprint: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  expect((await sakshya(dir, ['init'])).code).toBe(0);
  const created = await sakshya(dir, ['--json', 'case', 'create', '--title', 'Loan app']);
  const caseId = parseJson<{ id: string }>(created).id;
  expect((await sakshya(dir, ['add', '--case', caseId, PHOTO])).code).toBe(0);
  const exported = await sakshya(dir, [
    '--json',
    'export',
    '--case',
    caseId,
    '--out',
    path.join(dir, '..', 'first.zip'),
  ]);
  expect(exported.code, exported.stdout).toBe(0);
  const fingerprint = parseJson<{ signingKeyFingerprint: string }>(exported).signingKeyFingerprint;
  return { dir, caseId, fingerprint };
}

/** What the intruder can do: seal any text to the public recipient with the standard age tool. */
function sealToVault(dir: string, plaintext: string): void {
  const { recipient } = JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
    recipient: string;
  };
  const plain = path.join(path.dirname(dir), 'plain.txt');
  fs.writeFileSync(plain, plaintext);
  const target = path.join(dir, 'keys', 'signing-key.age');
  fs.rmSync(target);
  execFileSync('age', ['-r', recipient, '-o', target, plain]);
  fs.rmSync(plain);
}

function intruderPem(): string {
  return execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519'], { encoding: 'utf8' });
}

async function expectRefusedAndNamed(dir: string, caseId: string): Promise<void> {
  const out = path.join(dir, '..', 'second.zip');
  const exported = await sakshya(dir, ['export', '--case', caseId, '--out', out]);
  expect(exported.code).toBe(1);
  expect(exported.stderr).toMatch(/signing key/);
  expect(exported.stderr).toMatch(/will not be used|missing/);
  expect(fs.existsSync(out)).toBe(false);
  const checked = await sakshya(dir, ['--json', 'check']);
  expect(checked.code).toBe(1);
  const report = parseJson<CheckJson>(checked);
  expect(report.problems).toContainEqual(
    expect.objectContaining({ kind: 'signing-key', subject: 'keys/signing-key.age' }),
  );
}

describe('an intruder swapping the export signing key', () => {
  it('is refused when the planted key is sealed to the public recipient with age', async () => {
    const { dir, caseId } = await exportedVault();
    sealToVault(dir, intruderPem());
    await expectRefusedAndNamed(dir, caseId);
  });

  it('is refused when the planted key copies the file format with a made-up MAC', async () => {
    const { dir, caseId } = await exportedVault();
    const mac = 'ab'.repeat(32);
    sealToVault(
      dir,
      `# sakshya-signing-key: 2\n# sakshya-signing-key-mac: ${mac}\n${intruderPem()}`,
    );
    await expectRefusedAndNamed(dir, caseId);
  });

  it('is refused when the key file is replaced by garbage or deleted, and no new key is made', async () => {
    const { dir, caseId } = await exportedVault();
    fs.writeFileSync(path.join(dir, 'keys', 'signing-key.age'), 'not an age file');
    await expectRefusedAndNamed(dir, caseId);
    fs.rmSync(path.join(dir, 'keys', 'signing-key.age'));
    await expectRefusedAndNamed(dir, caseId);
    expect(fs.existsSync(path.join(dir, 'keys', 'signing-key.age'))).toBe(false);
  });

  it('is refused when the key from another vault is copied in (authentic there, not here)', async () => {
    const first = await exportedVault();
    const other = await exportedVault();
    fs.copyFileSync(
      path.join(other.dir, 'keys', 'signing-key.age'),
      path.join(first.dir, 'keys', 'signing-key.age'),
    );
    await expectRefusedAndNamed(first.dir, first.caseId);
  });

  it('is never replaced silently when deleted: export refuses with SIGNING_KEY_MISSING until she asks for a new key, which the custody log records with the key it replaces', async () => {
    const { dir, caseId, fingerprint } = await exportedVault();
    fs.rmSync(path.join(dir, 'keys', 'signing-key.age'));
    const out = path.join(dir, '..', 'second.zip');
    const refused = await sakshya(dir, ['--json', 'export', '--case', caseId, '--out', out]);
    expect(refused.code).toBe(1);
    expect(parseJson<{ error: { code: string } }>(refused).error.code).toBe('SIGNING_KEY_MISSING');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'keys', 'signing-key.age'))).toBe(false);

    const asked = await sakshya(dir, [
      'export',
      '--case',
      caseId,
      '--out',
      out,
      '--new-signing-key',
    ]);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain('This is a NEW signing key');
    const verified = await sakshya(dir, ['--json', 'verify', out, '--expect-key', fingerprint]);
    expect(verified.code).toBe(1);
    expect(parseJson<{ signer: string }>(verified).signer).toBe('mismatch');
    const vault = await Vault.open(dir, ENV.SAKSHYA_PASSPHRASE);
    try {
      const created = vault.custody('vault').filter((e) => e.action === 'signing-key.created');
      expect(created).toHaveLength(2);
      expect(created[1]?.details).toMatchObject({ replaces: fingerprint });
      expect(created[1]?.details.fingerprint).not.toBe(fingerprint);
    } finally {
      vault.lock();
    }
    expect((await sakshya(dir, ['check'])).code).toBe(0);
  });

  it('is never made silently after a rebuild that found none: the rebuilt history cannot say whether there was one', async () => {
    const { dir, caseId } = await exportedVault();
    fs.rmSync(path.join(dir, 'keys', 'signing-key.age'));
    fs.rmSync(path.join(dir, 'sakshya.db'));
    const rebuilt = await sakshya(dir, ['--json', 'rebuild']);
    expect(rebuilt.code, rebuilt.stdout).toBe(0);
    expect(parseJson<{ signingKey: string | null }>(rebuilt).signingKey).toBeNull();
    const out = path.join(dir, '..', 'after-rebuild.zip');
    const refused = await sakshya(dir, ['export', '--case', caseId, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[SIGNING_KEY_MISSING]');
    expect(fs.existsSync(out)).toBe(false);
    const asked = await sakshya(dir, [
      'export',
      '--case',
      caseId,
      '--out',
      out,
      '--new-signing-key',
    ]);
    expect(asked.code, asked.stderr).toBe(0);
  });

  it('keeps the pinned key working, and after `rebuild` pins the same authentic key again', async () => {
    const { dir, caseId, fingerprint } = await exportedVault();
    const again = await sakshya(dir, [
      '--json',
      'export',
      '--case',
      caseId,
      '--out',
      path.join(dir, '..', 'again.zip'),
    ]);
    expect(parseJson<{ signingKeyFingerprint: string }>(again).signingKeyFingerprint).toBe(
      fingerprint,
    );
    fs.rmSync(path.join(dir, 'sakshya.db'));
    const rebuilt = await sakshya(dir, ['--json', 'rebuild']);
    expect(rebuilt.code, rebuilt.stdout).toBe(0);
    expect(parseJson<{ signingKey: string | null }>(rebuilt).signingKey).toBe(fingerprint);
    const after = await sakshya(dir, [
      '--json',
      'export',
      '--case',
      caseId,
      '--out',
      path.join(dir, '..', 'after.zip'),
    ]);
    expect(after.code, after.stdout).toBe(0);
    expect(parseJson<{ signingKeyFingerprint: string }>(after).signingKeyFingerprint).toBe(
      fingerprint,
    );
    expect((await sakshya(dir, ['check'])).code).toBe(0);
  });
});
