// `sakshya export` and `sakshya verify` through the real CLI, on a vault made by the CLI itself.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../main/core/export/export-bundle';
import type { VerifyReport } from '../../../main/core/export/verify-bundle';
import { cliOn, parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';
import { run, unzipBundle } from '../core/export/export-vault';

const ENV = { SAKSHYA_PASSPHRASE: 'export cli passphrase' };
const PHOTOS = path.resolve(import.meta.dirname, '../../fixtures/photos');

const sakshya = cliOn(ENV);

async function makeCase(): Promise<{ dir: string; caseId: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  expect((await sakshya(dir, ['init'])).code).toBe(0);
  const created = await sakshya(dir, [
    '--json',
    'case',
    'create',
    '--title',
    'Loan app',
    '--timezone',
    'Asia/Kolkata',
  ]);
  const caseId = parseJson<{ id: string }>(created).id;
  const added = await sakshya(dir, [
    'add',
    '--case',
    caseId,
    path.join(PHOTOS, 'Bush-dog.jpg'),
    path.join(PHOTOS, 'noexif.jpg'),
  ]);
  expect(added.code, added.stderr).toBe(0);
  return { dir, caseId };
}

describe('sakshya export and verify', () => {
  it('exports a case with md5 and sha1 manifests, prints the zip SHA-256, and verifies it with no vault', async () => {
    const { dir, caseId } = await makeCase();
    const out = path.join(makeTempDir('sakshya-cli-out-'), 'case.zip');
    const exported = await sakshya(dir, [
      '--json',
      'export',
      '--case',
      caseId,
      '--out',
      out,
      '--md5',
      '--sha1',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const result = parseJson<ExportResult & { ok: boolean }>(exported);
    expect(result.files[0]?.sha256).toBe(run('sha256sum', [out]).split(' ')[0]);
    expect(result.itemCount).toBe(2);
    const human = await sakshya(dir, [
      'export',
      '--case',
      caseId,
      '--out',
      path.join(path.dirname(out), 'again.zip'),
    ]);
    expect(human.stdout).toMatch(/SHA-256 [0-9a-f]{64}/);

    // No --vault and no passphrase: verify must not need either.
    const verified = await runSakshya(['--json', 'verify', out], {});
    expect(verified.code, verified.stdout).toBe(0);
    const report = parseJson<VerifyReport>(verified);
    expect(report).toMatchObject({
      intact: true,
      signature: 'valid',
      bundleId: result.bundleId,
      fileCount: expect.any(Number) as unknown,
    });
    const bag = unzipBundle(out);
    expect(fs.existsSync(path.join(bag, 'manifest-md5.txt'))).toBe(true);
    expect(fs.existsSync(path.join(bag, 'manifest-sha1.txt'))).toBe(true);
    const intact = (await runSakshya(['verify', bag], {})).stdout;
    expect(intact).toMatch(/^Intact/);
    expect(intact).toContain('Signer: unconfirmed. The bundle is internally consistent');
    expect(intact).toContain('Ask the sender for the signing-key fingerprint by another channel');
  });

  it('exits 1 and names the problem for each kind of tampering, and 2 for unreadable input', async () => {
    const { dir, caseId } = await makeCase();
    const out = path.join(makeTempDir('sakshya-cli-out-'), 'case.zip');
    expect((await sakshya(dir, ['export', '--case', caseId, '--out', out])).code).toBe(0);

    const flipped = unzipBundle(out);
    const evidence = fs.readdirSync(path.join(flipped, 'data', 'evidence')).sort()[0] ?? '';
    const file = path.join(flipped, 'data', 'evidence', evidence);
    const bytes = fs.readFileSync(file);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    fs.writeFileSync(file, bytes);
    const flipRun = await runSakshya(['--json', 'verify', flipped], {});
    expect(flipRun.code).toBe(1);
    expect(parseJson<VerifyReport>(flipRun).problems.map((p) => [p.code, p.path])).toEqual([
      ['hash-mismatch', `data/evidence/${evidence}`],
    ]);
    const humanFlip = await runSakshya(['verify', flipped], {});
    expect(humanFlip.stdout).toContain(`PROBLEM hash-mismatch data/evidence/${evidence}`);

    const edited = unzipBundle(out);
    const manifest = path.join(edited, 'manifest-sha256.txt');
    fs.writeFileSync(
      manifest,
      fs.readFileSync(manifest, 'utf8').replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    const editRun = await runSakshya(['--json', 'verify', edited], {});
    expect(editRun.code).toBe(1);
    expect(parseJson<VerifyReport>(editRun).problems.map((p) => p.code)).toEqual([
      'tagmanifest',
      'manifest-line',
    ]);

    const signed = unzipBundle(out);
    const sig = path.join(signed, 'tagmanifest-sha256.txt.sig');
    // One character of the signature's last base64 line (inside the Ed25519 signature bytes).
    const sigLines = fs.readFileSync(sig, 'utf8').split('\n');
    const target = sigLines.length - 3;
    const line = sigLines[target] ?? '';
    sigLines[target] = `${line.startsWith('Q') ? 'R' : 'Q'}${line.slice(1)}`;
    fs.writeFileSync(sig, sigLines.join('\n'));
    const sigRun = await runSakshya(['--json', 'verify', signed], {});
    expect(sigRun.code).toBe(1);
    expect(parseJson<VerifyReport>(sigRun)).toMatchObject({
      signature: 'invalid',
      problems: [{ code: 'signature', path: 'tagmanifest-sha256.txt.sig' }],
    });

    const junk = path.join(makeTempDir(), 'junk.zip');
    fs.writeFileSync(junk, 'not a zip');
    const junkRun = await runSakshya(['--json', 'verify', junk], {});
    expect(junkRun.code).toBe(2);
    expect(JSON.parse(junkRun.stdout)).toMatchObject({
      ok: false,
      error: { code: 'BUNDLE_UNREADABLE' },
    });
  });

  it('refuses a bad part size with exit 2', async () => {
    const { dir, caseId } = await makeCase();
    const out = path.join(makeTempDir('sakshya-cli-out-'), 'case.zip');
    const bad = await sakshya(dir, [
      '--json',
      'export',
      '--case',
      caseId,
      '--out',
      out,
      '--split-mb',
      '0',
    ]);
    expect(bad.code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });
});
