// Issue 16 item 3 through the real CLI: someone edits an evidence file in an exported bundle,
// recomputes every manifest and re-signs it with a fresh key of their own (ssh-keygen). The bundle
// is then internally consistent, so only the fingerprint the sender gave apart from it can tell.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../../main/core/export/verify-bundle';
import { parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';
import { unzipBundle } from '../core/export/export-vault';

const ENV = { SAKSHYA_PASSPHRASE: 'forged bundle passphrase' };
const PHOTO = path.resolve(import.meta.dirname, '../../fixtures/photos/Bush-dog.jpg');

async function exportBundle(): Promise<{ zip: string; fingerprint: string; human: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const sakshya = (args: string[]) => runSakshya(['--vault', dir, ...args], ENV);
  expect((await sakshya(['init'])).code).toBe(0);
  const caseId = parseJson<{ id: string }>(
    await sakshya(['--json', 'case', 'create', '--title', 'Loan app']),
  ).id;
  expect((await sakshya(['add', '--case', caseId, PHOTO])).code).toBe(0);
  const zip = path.join(makeTempDir(), 'case.zip');
  const exported = await sakshya(['--json', 'export', '--case', caseId, '--out', zip]);
  expect(exported.code, exported.stdout).toBe(0);
  const fingerprint = parseJson<{ signingKeyFingerprint: string }>(exported).signingKeyFingerprint;
  const again = await sakshya([
    'export',
    '--case',
    caseId,
    '--out',
    path.join(makeTempDir(), 'b.zip'),
  ]);
  return { zip, fingerprint, human: again.stdout };
}

function hashFile(algorithm: string, file: string): string {
  return createHash(algorithm).update(fs.readFileSync(file)).digest('hex');
}

/** Rewrites every line of every (tag)manifest with the hash of the file as it is now. */
function recomputeManifests(bag: string, kind: 'manifest' | 'tagmanifest'): void {
  for (const name of fs.readdirSync(bag)) {
    const match = new RegExp(`^${kind}-([a-z0-9]+)\\.txt$`).exec(name);
    if (match?.[1] === undefined) continue;
    const algorithm = match[1];
    const file = path.join(bag, name);
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const listed = line.replace(/^[0-9a-f]+\s+/, '');
        return `${hashFile(algorithm, path.join(bag, listed))}  ${listed}`;
      });
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  }
}

/** What a forger does with standard tools only: edit, re-hash, re-sign with their own key. */
function forge(bag: string): string {
  const evidenceDir = path.join(bag, 'data', 'evidence');
  const [first] = fs
    .readdirSync(evidenceDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile());
  if (first === undefined) throw new Error('no evidence in the bundle');
  const target = path.join(first.parentPath, first.name);
  const bytes = fs.readFileSync(target);
  bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
  fs.writeFileSync(target, bytes);
  recomputeManifests(bag, 'manifest');
  const keyDir = makeTempDir();
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'sakshya',
    '-f',
    path.join(keyDir, 'id'),
  ]);
  const publicKey = fs.readFileSync(path.join(keyDir, 'id.pub'), 'utf8');
  const fingerprint =
    execFileSync('ssh-keygen', ['-l', '-f', path.join(keyDir, 'id.pub')], {
      encoding: 'utf8',
    }).split(' ')[1] ?? '';
  fs.writeFileSync(path.join(bag, 'signing-key.pub'), publicKey);
  const bagInfo = path.join(bag, 'bag-info.txt');
  fs.writeFileSync(
    bagInfo,
    fs
      .readFileSync(bagInfo, 'utf8')
      .replace(/^Signing-Key-Fingerprint: .*$/m, `Signing-Key-Fingerprint: ${fingerprint}`),
  );
  recomputeManifests(bag, 'tagmanifest');
  fs.rmSync(path.join(bag, 'tagmanifest-sha256.txt.sig'));
  execFileSync(
    'ssh-keygen',
    [
      '-Y',
      'sign',
      '-f',
      path.join(keyDir, 'id'),
      '-n',
      'file',
      path.join(bag, 'tagmanifest-sha256.txt'),
    ],
    { stdio: 'ignore' },
  );
  return fingerprint;
}

describe('verify and a re-signed (forged) bundle', () => {
  it('names the mismatch and exits 1 with the original fingerprint; without it, the signer is unconfirmed', async () => {
    const { zip, fingerprint } = await exportBundle();
    const genuine = await runSakshya(['--json', 'verify', zip, '--expect-key', fingerprint]);
    expect(genuine.code, genuine.stdout).toBe(0);
    expect(parseJson<VerifyReport>(genuine)).toMatchObject({
      intact: true,
      signer: 'expected',
      expectedKey: fingerprint,
    });

    const bag = unzipBundle(zip);
    const forgedKey = forge(bag);
    expect(forgedKey).toMatch(/^SHA256:/);
    expect(forgedKey).not.toBe(fingerprint);

    // Internally consistent: nothing but the expected key can tell.
    const unconfirmed = await runSakshya(['--json', 'verify', bag]);
    expect(unconfirmed.code, unconfirmed.stdout).toBe(0);
    const report = parseJson<VerifyReport>(unconfirmed);
    expect(report).toMatchObject({
      intact: true,
      signature: 'valid',
      signer: 'unconfirmed',
      signingKeyFingerprint: forgedKey,
    });
    expect(report.signerNote).toMatch(/internally consistent, but who made it is not confirmed/);

    const caught = await runSakshya(['--json', 'verify', bag, '--expect-key', fingerprint]);
    expect(caught.code).toBe(1);
    const mismatch = parseJson<VerifyReport>(caught);
    expect(mismatch).toMatchObject({ intact: false, signer: 'mismatch', expectedKey: fingerprint });
    expect(mismatch.problems).toContainEqual(
      expect.objectContaining({
        code: 'signer-mismatch',
        message: expect.stringContaining(forgedKey) as unknown,
      }),
    );
    const human = await runSakshya([
      'verify',
      bag,
      '--expect-key',
      ` ${fingerprint.replace('SHA256:', '')} `,
    ]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(
      /Signer: mismatch\. It was NOT signed with the key the sender gave you/,
    );
  });

  it('refuses a fingerprint that is not one, rather than calling it a mismatch', async () => {
    const { zip } = await exportBundle();
    const run = await runSakshya(['verify', zip, '--expect-key', 'SHA256:tooshort']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SHA256: followed by 43/);
  });

  it('prints the fingerprint at export and says to send it by another channel; the bag explains it too', async () => {
    const { zip, fingerprint, human } = await exportBundle();
    expect(human).toContain(`Signed with key ${fingerprint}`);
    expect(human).toMatch(/by another channel \(a message, a phone call,\s+the covering letter\)/);
    const bag = unzipBundle(zip);
    const readme = fs.readFileSync(path.join(bag, 'README.txt'), 'utf8');
    expect(readme).toContain(fingerprint);
    expect(readme).toMatch(/anyone who\s+changed the bundle could change it too/);
    expect(readme).toContain('--expect-key');
    const html = fs.readFileSync(path.join(bag, 'data', 'index.html'), 'utf8');
    expect(html).toMatch(/who made it is not confirmed/);
    expect(html).toMatch(/another channel/);
  });
});
