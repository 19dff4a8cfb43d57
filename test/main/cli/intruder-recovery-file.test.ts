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

async function makeVault(): Promise<string> {
  const dir = path.join(makeTempDir(), 'vault');
  expect((await runSakshya(['--vault', dir, 'init'], ENV)).code).toBe(0);
  return dir;
}

describe('keys/recovery.age changed in the vault folder', () => {
  it('checks clean while it is the file the vault made', async () => {
    const dir = await makeVault();
    expect((await check(dir)).code).toBe(0);
  });

  it('is named by check when deleted', async () => {
    const dir = await makeVault();
    fs.rmSync(path.join(dir, 'keys', 'recovery.age'));
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'recovery-key-file', subject: 'keys/recovery.age' }),
    ]);
    expect(report.problems[0]?.message).toContain('missing');
  });

  it('is named by check when replaced by the recovery file of another vault', async () => {
    const dir = await makeVault();
    const theirs = await makeVault();
    fs.copyFileSync(
      path.join(theirs, 'keys', 'recovery.age'),
      path.join(dir, 'keys', 'recovery.age'),
    );
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'recovery-key-file', subject: 'keys/recovery.age' }),
    ]);
    expect(report.problems[0]?.message).toContain('not the one this vault made');
  });
});
