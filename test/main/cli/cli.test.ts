import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectPath } from '../../../main/core/vault/layout';
import { Vault } from '../../../main/core/vault/vault';
import { makeTempDir, snapshotTree } from '../../helpers/temp-dir';
import { parseJson, runSakshya } from '../../helpers/run-cli';

const PASS = 'correct horse battery staple';

async function initVault(): Promise<{ dir: string; recoveryKey: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const run = await runSakshya(['--vault', dir, '--json', 'init'], { SAKSHYA_PASSPHRASE: PASS });
  expect(run.code, run.stderr).toBe(0);
  return { dir, recoveryKey: parseJson<{ recoveryKey: string }>(run).recoveryKey };
}

async function createCase(dir: string, title: string): Promise<string> {
  const run = await runSakshya(['--vault', dir, '--json', 'case', 'create', '--title', title], {
    SAKSHYA_PASSPHRASE: PASS,
  });
  expect(run.code, run.stderr).toBe(0);
  return parseJson<{ id: string }>(run).id;
}

function writeSample(name: string, content: string | Buffer): string {
  const file = path.join(makeTempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

interface AddResult {
  path: string;
  status: string;
  evidenceId: string;
  sha256: string;
}

async function addFiles(dir: string, caseId: string, files: string[]): Promise<AddResult[]> {
  const run = await runSakshya(['--vault', dir, '--json', 'add', '--case', caseId, ...files], {
    SAKSHYA_PASSPHRASE: PASS,
  });
  expect(run.code, run.stderr).toBe(0);
  return parseJson<AddResult[]>(run);
}

/** The part of base64(text) that depends only on the marker, whatever bytes surround it. */
function base64Core(text: string, shift: number): Buffer {
  return Buffer.from(
    Buffer.from(text)
      .toString('base64')
      .slice(4 * Math.ceil(shift / 3), -4),
  );
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

describe('the sakshya CLI over a real vault', () => {
  it('leaves no case title or file content readable anywhere in the vault folder', async () => {
    const { dir } = await initVault();
    const titleMarker = 'MEERA-CASE-MARKER-7781';
    const contentMarker = 'THREAT-CONTENT-MARKER-9912';
    const caseId = await createCase(dir, `Loan app ${titleMarker}`);
    await addFiles(dir, caseId, [writeSample('threat.txt', `they said: ${contentMarker}\n`)]);

    const needles = [titleMarker, contentMarker].flatMap((marker) => [
      Buffer.from(marker, 'utf8'),
      Buffer.from(marker, 'utf16le'),
      // base64 of the marker at each of the three byte alignments
      ...[0, 1, 2].map((shift) => base64Core('x'.repeat(shift) + marker, shift)),
    ]);
    const files = snapshotTree(dir);
    expect(files.size).toBeGreaterThan(4);
    for (const [name, bytes] of files) {
      for (const needle of needles) {
        expect(bytes.includes(needle), `${name} contains a marker`).toBe(false);
      }
    }
    const database = files.get('sakshya.db');
    expect(database).toBeDefined();
    expect(database?.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('refuses a wrong passphrase with exit code 2, a clear message, and a byte-identical vault', async () => {
    const { dir } = await initVault();
    await createCase(dir, 'Case one');
    const before = snapshotTree(dir);
    const run = await runSakshya(['--vault', dir, 'case', 'list'], {
      SAKSHYA_PASSPHRASE: 'not the passphrase',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('passphrase is not right');
    expect(run.stderr).toContain('WRONG_PASSPHRASE');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('says clearly when there is no vault, with exit code 2', async () => {
    const run = await runSakshya(['--vault', path.join(makeTempDir(), 'none'), 'case', 'list'], {
      SAKSHYA_PASSPHRASE: PASS,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('VAULT_NOT_FOUND');
  });

  it('restores access with the recovery key, after which the old passphrase fails', async () => {
    const { dir, recoveryKey } = await initVault();
    await createCase(dir, 'Kept through recovery');
    const newPass = 'a brand new passphrase';

    const wrongKey = await runSakshya(['--vault', dir, 'recover'], {
      SAKSHYA_RECOVERY_KEY: '0000-0000-0000-0000-0000-0000-0000-0000',
      SAKSHYA_NEW_PASSPHRASE: newPass,
    });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toContain('WRONG_RECOVERY_KEY');

    const recovered = await runSakshya(['--vault', dir, 'recover'], {
      SAKSHYA_RECOVERY_KEY: recoveryKey.toLowerCase(),
      SAKSHYA_NEW_PASSPHRASE: newPass,
    });
    expect(recovered.code, recovered.stderr).toBe(0);

    const withNew = await runSakshya(['--vault', dir, '--json', 'case', 'list'], {
      SAKSHYA_PASSPHRASE: newPass,
    });
    expect(withNew.code).toBe(0);
    expect(parseJson<{ title: string }[]>(withNew).map((c) => c.title)).toEqual([
      'Kept through recovery',
    ]);
    const withOld = await runSakshya(['--vault', dir, 'case', 'list'], {
      SAKSHYA_PASSPHRASE: PASS,
    });
    expect(withOld.code).toBe(2);
    expect(withOld.stderr).toContain('WRONG_PASSPHRASE');
  });

  it('changes the passphrase with passwd', async () => {
    const { dir } = await initVault();
    const next = 'another good passphrase';
    const run = await runSakshya(['--vault', dir, 'passwd'], {
      SAKSHYA_PASSPHRASE: PASS,
      SAKSHYA_NEW_PASSPHRASE: next,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(
      (await runSakshya(['--vault', dir, 'case', 'list'], { SAKSHYA_PASSPHRASE: next })).code,
    ).toBe(0);
    expect(
      (await runSakshya(['--vault', dir, 'case', 'list'], { SAKSHYA_PASSPHRASE: PASS })).code,
    ).toBe(2);
  });

  it('reads the passphrase from --passphrase-file', async () => {
    const { dir } = await initVault();
    const file = writeSample('pass.txt', `${PASS}\n`);
    const run = await runSakshya(['--vault', dir, '--passphrase-file', file, 'case', 'list']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('stores a file shared by two cases once, as two evidence records, and reports a duplicate within a case', async () => {
    const { dir } = await initVault();
    const a = await createCase(dir, 'Case A');
    const b = await createCase(dir, 'Case B');
    const file = writeSample('shot.png', Buffer.from('same bytes in both cases'));
    const [first] = await addFiles(dir, a, [file]);
    const [again] = await addFiles(dir, a, [file]);
    const [other] = await addFiles(dir, b, [file]);
    expect(first?.status).toBe('imported');
    expect(again?.status).toBe('duplicate');
    expect(again?.evidenceId).toBe(first?.evidenceId);
    expect(other?.status).toBe('imported');
    expect(other?.evidenceId).not.toBe(first?.evidenceId);
    expect(first?.sha256).toBe(sha256sum(file));
    const objects = [...snapshotTree(path.join(dir, 'objects')).keys()];
    expect(objects).toHaveLength(1);
  });

  it('reports a zero-byte or missing file as failed without losing the others', async () => {
    const { dir } = await initVault();
    const caseId = await createCase(dir, 'Mixed batch');
    const good = writeSample('good.jpg', 'real content');
    const empty = writeSample('empty.jpg', '');
    const run = await runSakshya(
      [
        '--vault',
        dir,
        '--json',
        'add',
        '--case',
        caseId,
        empty,
        good,
        path.join(makeTempDir(), 'gone.jpg'),
      ],
      { SAKSHYA_PASSPHRASE: PASS },
    );
    expect(run.code).toBe(2);
    const results = parseJson<{ status: string; reason?: string }[]>(run);
    expect(results.map((r) => r.status)).toEqual(['failed', 'imported', 'failed']);
    expect(results[0]?.reason).toContain('empty');
    expect(results[2]?.reason).toContain('not found');
  });

  it('lets the age tool decrypt a stored file back to the original bytes with the unlocked identity', async () => {
    const { dir } = await initVault();
    const caseId = await createCase(dir, 'Interop');
    const original = writeSample(
      'photo.jpg',
      Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256)),
    );
    await addFiles(dir, caseId, [original]);
    const { layout, keys } = await Vault.unlockKeys(dir, PASS);
    const identityFile = path.join(makeTempDir(), 'identity.txt');
    fs.writeFileSync(identityFile, `${keys.identity}\n`, { mode: 0o600 });
    const vault = await Vault.open(dir, PASS);
    const evidence = vault.custody().find((e) => e.action === 'evidence.added');
    vault.lock();
    expect(evidence).toBeDefined();
    const objects = [...snapshotTree(layout.objects).keys()];
    expect(objects).toHaveLength(1);
    const decrypted = execFileSync('age', [
      '-d',
      '-i',
      identityFile,
      path.join(layout.objects, objects[0] ?? ''),
    ]);
    expect(decrypted.equals(fs.readFileSync(original))).toBe(true);
    expect(objectPath(layout, objects[0]?.split('/').pop()?.slice(0, 64) ?? '')).toBe(
      path.join(layout.objects, objects[0] ?? ''),
    );
  });

  it('passes check on an intact vault', async () => {
    const { dir } = await initVault();
    const caseId = await createCase(dir, 'Intact');
    await addFiles(dir, caseId, [writeSample('a.txt', 'one'), writeSample('b.txt', 'two')]);
    const run = await runSakshya(['--vault', dir, '--json', 'check'], { SAKSHYA_PASSPHRASE: PASS });
    expect(run.code, run.stdout).toBe(0);
    const report = parseJson<{ ok: boolean; evidenceChecked: number; custodyEntries: number }>(run);
    expect(report.ok).toBe(true);
    expect(report.evidenceChecked).toBe(2);
    // Vault created, its sidecars authenticated from the start, its generation started, case
    // created, two files added.
    expect(report.custodyEntries).toBe(6);
  });

  it('rebuilds the index from the vault files alone after the database is lost', async () => {
    const { dir } = await initVault();
    const caseId = await createCase(dir, 'Survives database loss');
    const [added] = await addFiles(dir, caseId, [writeSample('keep.jpg', 'precious evidence')]);
    fs.rmSync(path.join(dir, 'sakshya.db'));
    const broken = await runSakshya(['--vault', dir, 'case', 'list'], { SAKSHYA_PASSPHRASE: PASS });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('rebuild');

    const rebuilt = await runSakshya(['--vault', dir, '--json', 'rebuild'], {
      SAKSHYA_PASSPHRASE: PASS,
    });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(parseJson<{ cases: number; evidence: number }>(rebuilt)).toMatchObject({
      cases: 1,
      evidence: 1,
    });

    const shown = await runSakshya(['--vault', dir, '--json', 'case', 'show', caseId], {
      SAKSHYA_PASSPHRASE: PASS,
    });
    const view = parseJson<{
      title: string;
      evidence: { id: string; sha256: string; originalName: string }[];
    }>(shown);
    expect(view.title).toBe('Survives database loss');
    expect(view.evidence).toEqual([
      expect.objectContaining({
        id: added?.evidenceId,
        sha256: added?.sha256,
        originalName: 'keep.jpg',
      }),
    ]);
    expect((await runSakshya(['--vault', dir, 'check'], { SAKSHYA_PASSPHRASE: PASS })).code).toBe(
      0,
    );
  });

  it('exits 2 on an unknown command and prints help', async () => {
    const run = await runSakshya(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command');
  });

  it('documents the exit codes in --help', async () => {
    const run = await runSakshya(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 {2}an integrity problem/);
    expect(run.stdout).toMatch(/2 {2}usage error or bad input/);
  });
});
