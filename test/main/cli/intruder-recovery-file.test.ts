// Security review finding 5 (issue 16), as the intruder would do it: keys/recovery.age deleted, or
// replaced by the recovery file of a vault of their own (made with Sakshya, no passphrase of this
// one). The recovery key could then no longer open the vault; `sakshya check` says so by name
// while the passphrase still works.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'recovery file intruder passphrase' };

interface CheckJson {
  problems: { kind: string; subject: string; message: string }[];
}

async function check(dir: string) {
  const run = await runSakshya(['--vault', dir, '--json', 'check'], ENV);
  return { code: run.code, report: parseJson<CheckJson>(run) };
}

/** `check` fails (exit 1) naming keys/recovery.age, and only it, in words containing `words`. */
async function expectRecoveryFileNamed(dir: string, words: string): Promise<void> {
  const { code, report } = await check(dir);
  expect(code).toBe(1);
  expect(report.problems).toEqual([
    expect.objectContaining({ kind: 'recovery-key-file', subject: 'keys/recovery.age' }),
  ]);
  expect(report.problems[0]?.message).toContain(words);
}

async function makeVault(): Promise<string> {
  return (await makeVaultWithKey()).dir;
}

async function makeVaultWithKey(): Promise<{ dir: string; recoveryKey: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const run = await runSakshya(['--vault', dir, '--json', 'init'], ENV);
  expect(run.code).toBe(0);
  return { dir, recoveryKey: parseJson<{ recoveryKey: string }>(run).recoveryKey };
}

/** The database lost (as rebuild is for), then `sakshya rebuild`. */
async function loseDatabaseAndRebuild(dir: string) {
  for (const suffix of ['', '-wal', '-shm'])
    fs.rmSync(path.join(dir, `sakshya.db${suffix}`), { force: true });
  const run = await runSakshya(['--vault', dir, 'rebuild'], ENV);
  expect(run.code).toBe(0);
  return run;
}

describe('keys/recovery.age changed in the vault folder', () => {
  it('checks clean while it is the file the vault made', async () => {
    const dir = await makeVault();
    expect((await check(dir)).code).toBe(0);
  });

  it('is named by check when deleted', async () => {
    const dir = await makeVault();
    fs.rmSync(path.join(dir, 'keys', 'recovery.age'));
    await expectRecoveryFileNamed(dir, 'missing');
  });

  it('is named by check when replaced by the recovery file of another vault', async () => {
    const dir = await makeVault();
    const theirs = await makeVault();
    fs.copyFileSync(
      path.join(theirs, 'keys', 'recovery.age'),
      path.join(dir, 'keys', 'recovery.age'),
    );
    await expectRecoveryFileNamed(dir, 'not the one this vault made');
  });

  it("is not taken as this vault's by a rebuild when swapped, stamp and all, before it", async () => {
    const dir = await makeVault();
    const theirs = await makeVault();
    // Their recovery file, and their own stamp for it: made by Sakshya, but under their keys.
    for (const name of ['recovery.age', 'recovery-file.json'])
      fs.copyFileSync(path.join(theirs, 'keys', name), path.join(dir, 'keys', name));

    const rebuilt = await loseDatabaseAndRebuild(dir);
    expect(rebuilt.stdout).toContain('could not be confirmed');
    // Not recorded as hers at the next unlock either: check names it, every time.
    for (let i = 0; i < 2; i += 1) {
      await expectRecoveryFileNamed(dir, 'could not be confirmed');
    }
  });

  it('is named by repair when swapped, stamp and all, before vault.json and the database were lost', async () => {
    const dir = await makeVault();
    const theirs = await makeVault();
    for (const name of ['recovery.age', 'recovery-file.json'])
      fs.copyFileSync(path.join(theirs, 'keys', name), path.join(dir, 'keys', name));
    for (const name of ['vault.json', 'sakshya.db', 'sakshya.db-wal', 'sakshya.db-shm'])
      fs.rmSync(path.join(dir, name), { force: true });

    const repaired = await runSakshya(['--vault', dir, '--json', 'repair'], ENV);
    expect(repaired.code, repaired.stderr).toBe(0);
    const report = parseJson<{ rebuilt: boolean; recoveryFile: string | null }>(repaired);
    expect(report.rebuilt).toBe(true);
    expect(report.recoveryFile).toContain('could not be confirmed');
    await expectRecoveryFileNamed(dir, 'could not be confirmed');
  });

  it("is still known as this vault's own after a rebuild, and a swap after it is named", async () => {
    const dir = await makeVault();
    const rebuilt = await loseDatabaseAndRebuild(dir);
    expect(rebuilt.stdout).not.toContain('could not be confirmed');
    expect((await check(dir)).code).toBe(0);

    const theirs = await makeVault();
    fs.copyFileSync(
      path.join(theirs, 'keys', 'recovery.age'),
      path.join(dir, 'keys', 'recovery.age'),
    );
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems[0]?.message).toContain('not the one this vault made');
  });

  it('is confirmed again by her recovery key after a rebuild found no stamp', async () => {
    const { dir, recoveryKey } = await makeVaultWithKey();
    fs.rmSync(path.join(dir, 'keys', 'recovery-file.json'));
    await loseDatabaseAndRebuild(dir);
    expect((await check(dir)).code).toBe(1);

    const recovered = await runSakshya(['--vault', dir, 'recover'], {
      SAKSHYA_RECOVERY_KEY: recoveryKey,
      SAKSHYA_NEW_PASSPHRASE: ENV.SAKSHYA_PASSPHRASE,
    });
    expect(recovered.code).toBe(0);
    expect((await check(dir)).code).toBe(0);
  });
});
