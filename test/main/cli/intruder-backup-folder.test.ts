// Someone who can write into the BACKUP folder (a synced Google Drive or Dropbox folder, a USB stick
// someone else can plug in) but who does not know the passphrase. Each test does only what that
// person can do: file writes, links and renames inside the backup folder. Nothing may be planted,
// rolled back or destroyed silently, and nothing outside the backup folder may be touched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir';
import { MAX_MANIFEST_BYTES } from '../../../main/core/backup/backup-layout';
import { parseJson } from '../../helpers/run-cli';
import {
  objectOfListed,
  expectRestoresAfterLoss,
  MARKER,
  addEvidence,
  initVault,
  listEvidence,
  listTree,
  sakshya,
  vaultSubfolder,
  writeEvidence,
} from '../../helpers/backup-vault';

interface RunJson {
  generation: number;
  filesCopied: number;
}

async function backup(dir: string, to: string): Promise<RunJson> {
  const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', to]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return parseJson<RunJson>(run);
}

describe('an intruder with write access to the backup folder', () => {
  it('cannot make the next backup delete files outside the backup folder by turning its tmp/ into a link', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(1));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);

    // Her other files beside the backup, and the vault itself: what a link could point at.
    const precious = makeTempDir('sakshya-precious-');
    fs.writeFileSync(path.join(precious, 'tax-return.pdf'), 'her own file');
    fs.mkdirSync(path.join(precious, 'photos'));
    fs.writeFileSync(path.join(precious, 'photos', 'family.jpg'), 'a photo');
    const vaultBefore = fs.readdirSync(dir).sort();

    for (const target of [precious, dir]) {
      fs.rmSync(path.join(sub, 'tmp'), { recursive: true, force: true });
      fs.symlinkSync(target, path.join(sub, 'tmp'));
      const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb]);
      // Nothing outside the backup folder is touched: not her files, not the vault.
      expect(fs.readdirSync(precious).sort()).toEqual(['photos', 'tax-return.pdf']);
      expect(fs.readFileSync(path.join(precious, 'photos', 'family.jpg'), 'utf8')).toBe('a photo');
      expect(fs.readdirSync(dir).sort()).toEqual(vaultBefore);
      // Refused, and it says why.
      expect(run.code, run.stdout + run.stderr).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/is a link/i);
    }
    expect(await listEvidence(dir, caseId)).toHaveLength(4);

    // The same for objects/ and generations/: a backup never writes or deletes through a link.
    fs.rmSync(path.join(sub, 'tmp'));
    for (const name of ['objects', 'generations']) {
      const real = path.join(sub, name);
      const moved = path.join(makeTempDir('sakshya-moved-'), name);
      fs.cpSync(real, moved, { recursive: true });
      fs.rmSync(real, { recursive: true });
      fs.symlinkSync(moved, real);
      const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb]);
      expect(run.code, run.stdout + run.stderr).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/is a link/i);
      const verify = await sakshya(['--json', 'backup', 'verify', usb]);
      expect(verify.code, verify.stdout + verify.stderr).not.toBe(0);
      fs.rmSync(real);
      fs.cpSync(moved, real, { recursive: true });
    }
    // Put right, the backup works again.
    await backup(dir, usb);
  });

  it('cannot hide every later backup by planting generations/99999999.json: the next backups stay visible and a restore gets the newest evidence', async () => {
    for (const planted of ['garbage', 'copy'] as const) {
      const { dir, caseId } = await initVault();
      await addEvidence(dir, caseId, writeEvidence(1));
      const usb = makeTempDir('sakshya-usb-');
      await backup(dir, usb);
      const sub = vaultSubfolder(usb);
      const first = path.join(sub, 'generations', '00000001.json');
      // Garbage, or a copy of the real manifest renumbered (its MAC no longer matches).
      const forged =
        planted === 'garbage'
          ? '{}'
          : JSON.stringify({
              ...(JSON.parse(fs.readFileSync(first, 'utf8')) as object),
              seq: 99999999,
            });
      fs.writeFileSync(path.join(sub, 'generations', '99999999.json'), forged);

      await addEvidence(dir, caseId, writeEvidence(2, 'later'));
      const before = await listEvidence(dir, caseId);
      expect(before).toHaveLength(6);
      await backup(dir, usb);
      await backup(dir, usb);
      // The backups she made after the planting are where a reader looks.
      const names = fs.readdirSync(path.join(sub, 'generations')).sort();
      expect(names).toEqual(['00000001.json', '00000002.json', '00000003.json', '99999999.json']);

      fs.rmSync(dir, { recursive: true, force: true });
      const restored = path.join(makeTempDir(), 'restored');
      // The forged copy is named and refused; with --allow-partial she gets the newest real one.
      const restore = await sakshya([
        '--vault',
        restored,
        '--json',
        'restore',
        '--from',
        usb,
        ...(planted === 'copy' ? ['--allow-partial'] : []),
      ]);
      // Restored from her newest real one, and told that a newer-looking one was not used (exit 1,
      // as for any problem found), never silently.
      expect(restore.code, restore.stdout + restore.stderr).toBe(planted === 'copy' ? 1 : 0);
      const result = parseJson<{ generation: number; missing: { code: string; file: string }[] }>(
        restore,
      );
      expect(result.generation).toBe(3);
      expect(result.missing).toEqual(
        planted === 'copy'
          ? [
              expect.objectContaining({
                code: 'manifest-forged',
                file: 'generations/99999999.json',
              }),
            ]
          : [],
      );
      expect(await listEvidence(restored, caseId)).toEqual(before);
    }
  });

  it('cannot exhaust memory with a huge planted manifest: it is named as damage, never read', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(1));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const real = fs.readFileSync(path.join(sub, 'generations', '00000001.json'), 'utf8');
    // A well-formed manifest, renumbered and padded past the limit with whitespace; a real attack
    // fills it with entries instead (430 MB of them took 1.3 GB of memory to read).
    const planted = path.join(sub, 'generations', '00000002.json');
    const fd = fs.openSync(planted, 'w');
    fs.writeSync(fd, real.replace('"seq": 1,', '"seq": 2,').trimEnd().slice(0, -1));
    const padding = Buffer.alloc(8 * 1024 * 1024, ' ');
    for (let written = 0; written <= MAX_MANIFEST_BYTES; written += padding.length)
      fs.writeSync(fd, padding);
    fs.writeSync(fd, '}\n');
    fs.closeSync(fd);

    const verify = await sakshya(['--json', 'backup', 'verify', usb]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(1);
    const report = parseJson<{ problems: { code: string; file: string | null }[] }>(verify);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ code: 'manifest-damaged', file: 'generations/00000002.json' }),
    );
    // The real generation still restores everything.
    await expectRestoresAfterLoss(dir, usb, caseId);
  });

  it('cannot make backup verify hang on an object turned into a named pipe or a link to /dev/zero', async () => {
    const { dir } = await initVault();
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(sub, 'generations', '00000001.json'), 'utf8'),
    ) as { files: { path: string; sha256: string }[] };
    const objectOf = (vaultPath: string): string => {
      const sha256 = manifest.files.find((entry) => entry.path === vaultPath)?.sha256 ?? '';
      return path.join(sub, 'objects', sha256.slice(0, 2), sha256);
    };
    const pipe = objectOf('vault.json');
    fs.rmSync(pipe);
    execFileSync('mkfifo', [pipe]);
    const endless = objectOf('sakshya.db');
    fs.rmSync(endless);
    fs.symlinkSync('/dev/zero', endless);

    // Before, verify blocked for ever opening the pipe (and read /dev/zero for ever after).
    const verify = await sakshya(['--json', 'backup', 'verify', '--with-key', usb]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(1);
    const report = parseJson<{ problems: { code: string; file: string | null }[] }>(verify);
    for (const file of [pipe, endless])
      expect(report.problems).toContainEqual(
        expect.objectContaining({
          code: 'unexpected-file',
          file: path.relative(sub, file).split(path.sep).join('/'),
        }),
      );
  }, 60_000);

  it('cannot make restore hang or fill the disk with a named pipe, a link to /dev/zero or an overlong object', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(1));
    await addEvidence(dir, caseId, writeEvidence(2));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(sub, 'generations', '00000001.json'), 'utf8'),
    ) as { files: { path: string; sha256: string; size: number }[] };
    const stored = manifest.files.filter((entry) => /^objects\/.+\.age$/.test(entry.path));
    expect(stored.length).toBeGreaterThanOrEqual(2);
    const objectOf = (sha256: string): string =>
      path.join(sub, 'objects', sha256.slice(0, 2), sha256);
    const [first, second] = stored as [(typeof stored)[number], (typeof stored)[number]];
    const pipe = objectOf(first.sha256);
    fs.rmSync(pipe);
    execFileSync('mkfifo', [pipe]);
    const endless = objectOf(second.sha256);
    fs.rmSync(endless);
    fs.symlinkSync('/dev/zero', endless);

    // Refused, each named, nothing restored: before, restore blocked for ever on the pipe.
    const refused = path.join(makeTempDir(), 'refused');
    const run = await sakshya(['--vault', refused, '--json', 'restore', '--from', usb]);
    expect(run.code, run.stdout + run.stderr).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/not a plain file/);
    expect(fs.existsSync(path.join(refused, 'vault.json'))).toBe(false);

    // Asked to restore what is intact, it does, and names the two it did not read.
    const partial = path.join(makeTempDir(), 'partial');
    const partialRun = await sakshya([
      '--vault',
      partial,
      '--json',
      'restore',
      '--from',
      usb,
      '--allow-partial',
    ]);
    expect(partialRun.code, partialRun.stdout + partialRun.stderr).toBe(1);
    const result = parseJson<{ missing: { code: string; file: string | null }[] }>(partialRun);
    for (const file of [pipe, endless])
      expect(result.missing).toContainEqual(
        expect.objectContaining({
          code: 'unexpected-file',
          file: path.relative(sub, file).split(path.sep).join('/'),
        }),
      );

    // An object made longer than the manifest lists is read no further than its listed size + 1.
    fs.rmSync(endless);
    fs.writeFileSync(endless, Buffer.alloc(second.size + 5 * 1024 * 1024));
    fs.rmSync(pipe);
    const longer = path.join(makeTempDir(), 'longer');
    const longerRun = await sakshya([
      '--vault',
      longer,
      '--json',
      'restore',
      '--from',
      usb,
      '--allow-partial',
    ]);
    expect(longerRun.code, longerRun.stdout + longerRun.stderr).toBe(1);
    expect(
      parseJson<{ missing: { code: string }[] }>(longerRun)
        .missing.map((m) => m.code)
        .sort(),
    ).toEqual(['missing', 'size-mismatch']);
  }, 90_000);

  it('cannot make restore hang with its wrapped key file turned into a named pipe or a link to /dev/zero', async () => {
    const { dir } = await initVault();
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const keyObject = objectOfListed(usb, 1, 'keys/passphrase.age');
    const saved = fs.readFileSync(keyObject);
    for (const plant of [
      (): void => {
        execFileSync('mkfifo', [keyObject]);
      },
      (): void => {
        fs.symlinkSync('/dev/zero', keyObject);
      },
    ]) {
      fs.rmSync(keyObject);
      plant();
      const target = path.join(makeTempDir(), 'restored');
      const run = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
      expect(run.code, run.stdout + run.stderr).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(
        /no generation holds a readable keys\/passphrase\.age/,
      );
      expect(fs.existsSync(target) ? fs.readdirSync(target) : []).toEqual([]);
    }
    // Put back, the same backup restores.
    fs.rmSync(keyObject);
    fs.writeFileSync(keyObject, saved);
    const target = path.join(makeTempDir(), 'restored');
    const run = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }, 90_000);

  it('cannot roll the backup back silently by deleting its newest generations', async () => {
    const { dir, caseId, recoveryKey } = await initVault();
    const usb = makeTempDir('sakshya-usb-');
    for (let i = 0; i < 3; i += 1) {
      await addEvidence(dir, caseId, writeEvidence(10 + i));
      expect((await backup(dir, usb)).generation).toBe(i + 1);
    }
    const sub = vaultSubfolder(usb);
    // The intruder deletes the two newest generations: the backup now looks like generation 1.
    for (const seq of ['00000003', '00000002'])
      fs.rmSync(path.join(sub, 'generations', `${seq}.json`));

    // Without the passphrase nothing can tell (the vault's memory is encrypted): hashes are fine.
    const plain = await sakshya(['--vault', dir, '--json', 'backup', 'verify', usb]);
    expect(plain.code, plain.stdout + plain.stderr).toBe(1);
    expect(
      parseJson<{ problems: { code: string }[] }>(plain).problems.map((p) => p.code),
    ).not.toContain('rolled-back');
    // With it, verify names the rollback calmly, with the generation that is missing.
    const verify = await sakshya(['--vault', dir, '--json', 'backup', 'verify', '--with-key', usb]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(1);
    const report = parseJson<{ problems: { code: string; message: string }[] }>(verify);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        code: 'rolled-back',
        message: expect.stringMatching(
          /^the backup is older than the last one this vault made: generation 3 is missing/,
        ) as unknown,
      }),
    );
    const human = await sakshya(['--vault', dir, 'backup', 'verify', '--with-key', usb]);
    expect(human.stdout + human.stderr).toMatch(/generation 3 is missing/);
    // With the recovery key instead of the passphrase, the same.
    const keyFile = path.join(makeTempDir(), 'recovery-key.txt');
    fs.writeFileSync(keyFile, recoveryKey);
    const byKey = await sakshya([
      ...['--vault', dir, '--json', 'backup', 'verify', '--recovery-key-file', keyFile, usb],
    ]);
    expect(byKey.code, byKey.stdout + byKey.stderr).toBe(1);
    expect(
      parseJson<{ problems: { code: string; message: string }[] }>(byKey).problems,
    ).toContainEqual(
      expect.objectContaining({
        code: 'rolled-back',
        message: expect.stringMatching(/generation 3 is missing/) as unknown,
      }),
    );

    // The next backup says so too, and never reuses the deleted numbers.
    const next = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb]);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    const run = parseJson<{ generation: number; notes: { code: string; message: string }[] }>(next);
    expect(run.generation).toBe(4);
    expect(run.notes).toContainEqual(
      expect.objectContaining({
        code: 'rolled-back',
        message: expect.stringMatching(/generation 3 is missing/) as unknown,
      }),
    );
    expect(next.stdout).toMatch(/generation 3 is missing/);
    // Up to date again: verify is clean, and the restore brings back all three.
    const after = await sakshya(['--vault', dir, '--json', 'backup', 'verify', '--with-key', usb]);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    const restored = path.join(makeTempDir(), 'restored');
    const restore = await sakshya(['--vault', restored, '--json', 'restore', '--from', usb]);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(await listEvidence(restored, caseId)).toHaveLength(
      (await listEvidence(dir, caseId)).length,
    );
  }, 120_000);

  it('cannot make a backup copy a file from outside the vault in the clear by linking settings.json or vault.json to it', async () => {
    const { dir } = await initVault();
    // Her plain WhatsApp export, lying in Downloads; someone who can write in the vault folder links
    // the vault's settings.json to it, hoping the backup (a synced folder they can read) takes it.
    const outside = path.join(makeTempDir('sakshya-downloads-'), 'WhatsApp Chat.txt');
    fs.writeFileSync(outside, `{"note": "${MARKER}"}`);
    const settings = path.join(dir, 'settings.json');
    fs.rmSync(settings, { force: true });
    fs.symlinkSync(outside, settings);
    const usb = makeTempDir('sakshya-usb-');
    await sakshya(['--vault', dir, '--json', 'backup', '--to', usb]);
    for (const file of listTree(usb))
      expect(fs.readFileSync(file).includes(Buffer.from(MARKER)), file).toBe(false);
  });
});
