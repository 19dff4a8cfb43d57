// Issue 16 item 4 through the real CLI: one deleted file must not destroy the vault. The intruder
// (or a careless clean-up) deletes vault.json; `init` must refuse instead of making new keys over the
// old ones, and `repair` puts vault.json back from the key files with the passphrase.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir, snapshotTree } from '../../helpers/temp-dir';

const PASS = 'lost manifest passphrase';
const ENV = { SAKSHYA_PASSPHRASE: PASS };
const PHOTO = path.resolve(import.meta.dirname, '../../fixtures/photos/Bush-dog.jpg');

async function sakshya(dir: string, args: string[], env: Record<string, string> = ENV) {
  return runSakshya(['--vault', dir, ...args], env);
}

async function vaultWithEvidence(): Promise<{ dir: string; caseId: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  expect((await sakshya(dir, ['init'])).code).toBe(0);
  const caseId = parseJson<{ id: string }>(
    await sakshya(dir, ['--json', 'case', 'create', '--title', 'Loan app']),
  ).id;
  expect((await sakshya(dir, ['add', '--case', caseId, PHOTO])).code).toBe(0);
  return { dir, caseId };
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function expectEvidenceIntact(dir: string, caseId: string): Promise<void> {
  const shown = await sakshya(dir, ['--json', 'case', 'show', caseId]);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toContain(sha256(PHOTO));
  const checked = await sakshya(dir, ['check']);
  expect(checked.code, checked.stdout).toBe(0);
}

describe('a vault whose vault.json was deleted', () => {
  it('is never overwritten by `init`: it refuses, names repair, and changes no byte', async () => {
    const { dir } = await vaultWithEvidence();
    fs.rmSync(path.join(dir, 'vault.json'));
    const before = snapshotTree(dir);
    const run = await sakshya(dir, ['--json', 'init'], {
      SAKSHYA_PASSPHRASE: 'another passphrase entirely',
    });
    expect(run.code).toBe(2);
    const error = parseJson<{ error: { code: string; message: string; detail: string } }>(
      run,
    ).error;
    expect(error.code).toBe('VAULT_NEEDS_REPAIR');
    expect(error.detail).toMatch(/keys\/.*sakshya repair/);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('is recognised from any one of keys/, objects/, sidecars/ or sakshya.db alone', async () => {
    for (const trace of ['keys', 'objects', 'sidecars', 'sakshya.db']) {
      const { dir } = await vaultWithEvidence();
      fs.rmSync(path.join(dir, 'vault.json'));
      for (const other of ['keys', 'objects', 'sidecars', 'sakshya.db', 'thumbnails']) {
        if (other !== trace) fs.rmSync(path.join(dir, other), { recursive: true, force: true });
      }
      const before = snapshotTree(dir);
      const run = await sakshya(dir, ['init']);
      expect(run.code, trace).toBe(2);
      expect(run.stderr).toMatch(/vault\.json file is missing/);
      expect(snapshotTree(dir)).toEqual(before);
    }
  });

  it('is repaired by `sakshya repair` with the passphrase, and a wrong one writes nothing', async () => {
    const { dir, caseId } = await vaultWithEvidence();
    const original = JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
      recipient: string;
    };
    fs.rmSync(path.join(dir, 'vault.json'));
    const refused = await sakshya(dir, ['case', 'list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/VAULT_NEEDS_REPAIR/);
    const wrong = await sakshya(dir, ['repair'], { SAKSHYA_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/WRONG_PASSPHRASE/);
    expect(fs.existsSync(path.join(dir, 'vault.json'))).toBe(false);
    const repaired = await sakshya(dir, ['--json', 'repair']);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(parseJson<{ recipient: string; rebuilt: boolean }>(repaired)).toMatchObject({
      recipient: original.recipient,
      rebuilt: false,
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8'))).toMatchObject({
      recipient: original.recipient,
    });
    await expectEvidenceIntact(dir, caseId);
    const again = await sakshya(dir, ['repair']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/nothing to repair/);
  });

  it('is repaired with its database rebuilt when sakshya.db was deleted too', async () => {
    const { dir, caseId } = await vaultWithEvidence();
    fs.rmSync(path.join(dir, 'vault.json'));
    fs.rmSync(path.join(dir, 'sakshya.db'));
    const repaired = await sakshya(dir, ['--json', 'repair']);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(parseJson<{ rebuilt: boolean }>(repaired).rebuilt).toBe(true);
    await expectEvidenceIntact(dir, caseId);
  });
});

describe('the key files', () => {
  it('are replaced by `passwd` only through a checked rename, and the recovery key file is never touched', async () => {
    const { dir, caseId } = await vaultWithEvidence();
    const recoveryBefore = fs.readFileSync(path.join(dir, 'keys', 'recovery.age'));
    const next = path.join(makeTempDir(), 'next.txt');
    fs.writeFileSync(next, 'the new passphrase here\n');
    const changed = await sakshya(dir, ['passwd', '--new-passphrase-file', next]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'keys')).sort()).toEqual([
      'passphrase.age',
      // The recovery file's MAC'd stamp (keys/recovery-file.ts), written when the vault was made.
      'recovery-file.json',
      'recovery.age',
    ]);
    expect(fs.readFileSync(path.join(dir, 'keys', 'recovery.age')).equals(recoveryBefore)).toBe(
      true,
    );
    expect((await sakshya(dir, ['case', 'list'])).code).toBe(2);
    const shown = await sakshya(dir, ['case', 'show', caseId], {
      SAKSHYA_PASSPHRASE: 'the new passphrase here',
    });
    expect(shown.code, shown.stderr).toBe(0);
  });
});
