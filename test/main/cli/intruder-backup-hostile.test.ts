// A hostile backup folder read on a new computer: someone who can write the backup folder (a synced
// folder, a shared USB drive), without the passphrase, plants pipes, links and extra folders where
// the backup's own small files are. Verify, restore and the list of backups must neither hang nor
// read through a link, nor let a planted folder hide hers; a refused restore leaves nothing behind.
// All through the real CLI on real folders (restore review R1 to R8).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';
import {
  objectOfListed,
  expectRestoresAfterLoss,
  addEvidence,
  initVault,
  listEvidence,
  sakshya,
  vaultSubfolder,
  writeEvidence,
} from '../../helpers/backup-vault';

interface Finding {
  code: string;
  file: string | null;
  message: string;
}

const writers: ChildProcess[] = [];

/**
 * A named pipe at `file`, and a process that keeps writing `bytes` into it for whoever opens it.
 * Before the fixes each reader blocked in open() until a writer came: this writer lets such a
 * reader go on (so the old code finishes, reading `bytes`, instead of hanging the test for ever).
 * Now nothing opens the pipe to read it, and the writer waits until afterEach ends it.
 */
function plantPipe(file: string, bytes: string | null = null): void {
  fs.rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
  const source = bytes ?? '/dev/null';
  const writer = spawn(
    'sh',
    ['-c', 'while :; do cat "$1" > "$2" || exit 0; done', 'sh', source, file],
    {
      stdio: 'ignore',
    },
  );
  writers.push(writer);
}

afterEach(() => {
  for (const writer of writers.splice(0)) writer.kill('SIGKILL');
});

async function backedUpVault(): Promise<{
  dir: string;
  caseId: string;
  usb: string;
  sub: string;
}> {
  const { dir, caseId } = await initVault();
  await addEvidence(dir, caseId, writeEvidence(1));
  const usb = makeTempDir('sakshya-usb-');
  const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { dir, caseId, usb, sub: vaultSubfolder(usb) };
}

describe('a hostile backup folder read on a new computer', () => {
  it('cannot hang verify or restore with named pipes as a generation manifest or a journal, nor have a manifest read through a link', async () => {
    const { dir, caseId, usb, sub } = await backedUpVault();
    plantPipe(path.join(sub, 'generations', '00000002.json'));
    plantPipe(path.join(sub, 'tmp', 'journal-planted'));
    // The real manifest moved out of the folder, a link to it left in its place.
    const first = path.join(sub, 'generations', '00000001.json');
    const elsewhere = path.join(makeTempDir('sakshya-elsewhere-'), '00000001.json');
    fs.copyFileSync(first, elsewhere);
    fs.rmSync(first);
    fs.symlinkSync(elsewhere, first);

    const verify = await sakshya(['--json', 'backup', 'verify', usb]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(1);
    const problems = parseJson<{ problems: Finding[] }>(verify).problems;
    for (const file of ['generations/00000001.json', 'generations/00000002.json'])
      expect(problems).toContainEqual(
        expect.objectContaining({
          code: 'manifest-damaged',
          file,
          message: expect.stringMatching(/is not a plain file .*; it was not read/) as string,
        }),
      );

    // The link put back as the real file, the pipes still there: she gets everything back.
    fs.rmSync(first);
    fs.copyFileSync(elsewhere, first);
    await expectRestoresAfterLoss(dir, usb, caseId);
  }, 90_000);

  it('cannot hang the list of backups or a restore with a named pipe as backup.json, and the refusal says why', async () => {
    const { usb, sub } = await backedUpVault();
    plantPipe(path.join(sub, 'backup.json'));
    const target = path.join(makeTempDir(), 'restored');
    const run = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    const error = parseJson<{ error: { code: string; detail?: string } }>(run).error;
    expect(error.code).toBe('NOT_A_BACKUP');
    expect(error.detail).toMatch(/backup\.json .* is not a plain file/);
    expect(fs.existsSync(target)).toBe(false);
  }, 60_000);

  it('cannot hang `backup verify --with-key` on a new computer with the wrapped key file turned into a named pipe', async () => {
    const { dir, usb } = await backedUpVault();
    const keyObject = objectOfListed(usb, 1, 'keys/passphrase.age');
    const saved = path.join(makeTempDir('sakshya-key-'), 'passphrase.age');
    fs.copyFileSync(keyObject, saved);
    // The pipe even hands out the real key file to whoever reads it: it must still not be read.
    plantPipe(keyObject, saved);
    fs.rmSync(dir, { recursive: true, force: true });

    const verify = await sakshya(['--vault', dir, '--json', 'backup', 'verify', '--with-key', usb]);
    expect(verify.code, verify.stdout + verify.stderr).not.toBe(0);
    expect(verify.stdout + verify.stderr).toMatch(
      /no generation holds a readable keys\/passphrase\.age/,
    );

    // Put back as a plain file, the same backup verifies with her passphrase.
    fs.rmSync(keyObject);
    fs.copyFileSync(saved, keyObject);
    const again = await sakshya(['--vault', dir, '--json', 'backup', 'verify', '--with-key', usb]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(parseJson<{ authenticated: boolean }>(again).authenticated).toBe(true);
  }, 60_000);

  it('cannot hide her backup behind a planted vault subfolder, nor make her vault listed twice by a copy under another name', async () => {
    const { dir, caseId, usb, sub } = await backedUpVault();
    const before = await listEvidence(dir, caseId);
    fs.rmSync(dir, { recursive: true, force: true });
    // A subfolder named like a vault's, with a marker that is garbage.
    const garbage = path.join(usb, 'f'.repeat(32));
    fs.mkdirSync(garbage);
    fs.writeFileSync(path.join(garbage, 'backup.json'), '{}');
    // A whole copy of her backup (an older one, say) in a subfolder of another name.
    fs.cpSync(sub, path.join(usb, '0'.repeat(32)), { recursive: true });

    const restored = path.join(makeTempDir(), 'restored');
    const restore = await sakshya(['--vault', restored, '--json', 'restore', '--from', usb]);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(parseJson<{ vaultId: string }>(restore).vaultId).toBe(path.basename(sub));
    expect(await listEvidence(restored, caseId)).toEqual(before);
  }, 60_000);

  it('leaves no folder behind when a restore is refused for damage, and an empty folder she made stays empty', async () => {
    const { usb, sub } = await backedUpVault();
    const manifest = JSON.parse(
      fs.readFileSync(path.join(sub, 'generations', '00000001.json'), 'utf8'),
    ) as { files: { path: string; sha256: string }[] };
    const stored = manifest.files.find((entry) => /^objects\/.+\.age$/.test(entry.path));
    const object = path.join(
      sub,
      'objects',
      stored?.sha256.slice(0, 2) ?? '',
      stored?.sha256 ?? '',
    );
    const bytes = fs.readFileSync(object);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    fs.writeFileSync(object, bytes);

    const parent = makeTempDir();
    const fresh = path.join(parent, 'new', 'vault');
    const made = path.join(parent, 'made');
    fs.mkdirSync(made);
    for (const target of [fresh, made]) {
      const run = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(parseJson<{ error: { code: string } }>(run).error.code).toBe('BACKUP_DAMAGED');
    }
    expect(fs.existsSync(fresh)).toBe(false);
    expect(fs.readdirSync(made)).toEqual([]);
  }, 60_000);

  it('checks the snapshot of the newest authentic generation with her key, not one a forged newer manifest lists', async () => {
    const { dir, usb, sub } = await backedUpVault();
    const real = JSON.parse(
      fs.readFileSync(path.join(sub, 'generations', '00000001.json'), 'utf8'),
    ) as { createdAt: string; files: { path: string; sha256: string; size: number }[] };
    // Her generation renumbered and dated later, its snapshot swapped for a file of the forger's.
    const planted = Buffer.from('SQLite format 3\0 not hers at all');
    const sha256 = crypto.createHash('sha256').update(planted).digest('hex');
    fs.mkdirSync(path.join(sub, 'objects', sha256.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(sub, 'objects', sha256.slice(0, 2), sha256), planted);
    const forged = {
      ...real,
      seq: 2,
      createdAt: '2099-01-01T00:00:00.000Z',
      files: real.files.map((entry) =>
        entry.path === 'sakshya.db' ? { path: entry.path, sha256, size: planted.length } : entry,
      ),
    };
    fs.writeFileSync(path.join(sub, 'generations', '00000002.json'), JSON.stringify(forged));

    const verify = await sakshya(['--vault', dir, '--json', 'backup', 'verify', '--with-key', usb]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(1);
    const report = parseJson<{
      generation: number;
      createdAt: string;
      snapshotOpens: boolean;
      problems: Finding[];
    }>(verify);
    expect(report.problems.map((problem) => [problem.code, problem.file])).toEqual([
      ['manifest-forged', 'generations/00000002.json'],
    ]);
    // Her newest real generation, whose snapshot opens: the forged one's date stands for nothing.
    expect(report.generation).toBe(1);
    expect(report.createdAt).toBe(real.createdAt);
    expect(report.snapshotOpens).toBe(true);
  }, 60_000);

  it('names the file when a generation says it is of a newer format, and says someone may have put it there', async () => {
    const { dir, caseId, usb, sub } = await backedUpVault();
    const before = await listEvidence(dir, caseId);
    fs.rmSync(dir, { recursive: true, force: true });
    const planted = path.join(sub, 'generations', '99999999.json');
    fs.writeFileSync(planted, '{"version": 99}');
    const target = path.join(makeTempDir(), 'restored');
    for (const args of [
      ['--vault', target, '--json', 'restore', '--from', usb],
      ['--json', 'backup', 'verify', usb],
    ]) {
      const run = await sakshya(args);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      const error = parseJson<{ error: { code: string; detail?: string } }>(run).error;
      expect(error.code).toBe('BACKUP_TOO_NEW');
      expect(error.detail).toContain('generations/99999999.json');
      expect(error.detail).toMatch(/someone else put it there/);
    }
    expect(fs.existsSync(target)).toBe(false);
    // Once she removes it, her backup restores.
    fs.rmSync(planted);
    const restore = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(await listEvidence(target, caseId)).toEqual(before);
  }, 60_000);

  it('never replaces files of hers that carry a vault file’s name in the folder she restores into', async () => {
    const { usb } = await backedUpVault();
    for (const [name, isFolder] of [
      ['generation.json', false],
      ['thumbnails', true],
    ] as const) {
      const target = makeTempDir('sakshya-hers-');
      const mine = isFolder ? path.join(target, name, 'her-photo.jpg') : path.join(target, name);
      fs.mkdirSync(path.dirname(mine), { recursive: true });
      fs.writeFileSync(mine, 'her own file');
      const run = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      const error = parseJson<{ error: { code: string; detail?: string } }>(run).error;
      expect(error.code).toBe('NOT_WRITABLE');
      expect(error.detail).toContain(name);
      expect(fs.readFileSync(mine, 'utf8')).toBe('her own file');
      expect(fs.readdirSync(target)).toEqual([name]);
    }
  }, 60_000);

  it('names the vault whose backup her passphrase did not open, when someone put a backup of their own vault in place of hers', async () => {
    const theirs = { SAKSHYA_PASSPHRASE: 'their own passphrase, not hers' };
    const dir = path.join(makeTempDir('sakshya-theirs-'), 'vault');
    expect((await sakshya(['--vault', dir, 'init'], theirs)).code).toBe(0);
    const usb = makeTempDir('sakshya-usb-');
    const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb], theirs);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const theirId = path.basename(vaultSubfolder(usb));

    // She restores with her own passphrase: refused, and told whose backup it is.
    const target = path.join(makeTempDir(), 'restored');
    const restore = await sakshya(['--vault', target, '--json', 'restore', '--from', usb]);
    expect(restore.code, restore.stdout + restore.stderr).toBe(2);
    const error = parseJson<{ error: { code: string; detail?: string } }>(restore).error;
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(error.detail).toContain(`the backup of vault ${theirId}`);
    expect(error.detail).toMatch(/if that is not the vault you backed up, choose another folder/);
    expect(fs.existsSync(target)).toBe(false);
  }, 60_000);
});
