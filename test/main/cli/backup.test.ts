// `sakshya backup`, `backup verify` and `restore` through the real CLI, on real vaults, real files
// and real encrypted databases. sha256sum, age and rclone are the independent oracles.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT_VERSION } from '../../../main/core/backup/backup-layout';
import { Vault } from '../../../main/core/vault/vault';
import { makeTempDir } from '../../helpers/temp-dir';
import { canMount, mountTmpfs } from '../../helpers/tmpfs';
import { parseJson } from '../../helpers/run-cli';
import {
  MARKER,
  NAMES,
  addEvidence,
  expectCheckClean,
  initVault,
  listEvidence,
  listTree,
  sakshya,
  vaultSubfolder,
  writeEvidence,
  writeNewFiles,
} from '../../helpers/backup-vault';

interface RunJson {
  generation: number;
  filesCopied: number;
  filesAlreadyThere: number;
  keyFilesReplaced: number;
  generationsKept: number;
  vaultId: string;
}

interface ManifestJson {
  seq: number;
  files: { path: string; sha256: string; size: number }[];
}

async function backup(dir: string, to: string, extra: string[] = []): Promise<RunJson> {
  const run = await sakshya(['--vault', dir, '--json', 'backup', '--to', to, ...extra]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return parseJson<RunJson>(run);
}

function readManifests(sub: string): ManifestJson[] {
  const folder = path.join(sub, 'generations');
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as ManifestJson);
}

function objectOf(sub: string, sha256: string): string {
  return path.join(sub, 'objects', sha256.slice(0, 2), sha256);
}

describe('sakshya backup and restore', () => {
  it('restores a deleted vault with the passphrase, and again with the recovery key: check is clean and every SHA-256 is equal', async () => {
    const { dir, recoveryKey, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(5));
    const before = await listEvidence(dir, caseId);
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    fs.rmSync(dir, { recursive: true, force: true });

    const first = path.join(makeTempDir(), 'restored');
    const restore = await sakshya(['--vault', first, '--json', 'restore', '--from', usb]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(parseJson<{ evidenceCount: number }>(restore).evidenceCount).toBe(before.length);
    await expectCheckClean(first);
    expect(await listEvidence(first, caseId)).toEqual(before);

    const secrets = makeTempDir();
    fs.writeFileSync(path.join(secrets, 'key.txt'), `${recoveryKey}\n`);
    fs.writeFileSync(path.join(secrets, 'new.txt'), 'a brand new passphrase\n');
    const second = path.join(makeTempDir(), 'restored');
    const withKey = await sakshya(
      [
        '--vault',
        second,
        'restore',
        '--from',
        vaultSubfolder(usb),
        '--recovery-key-file',
        path.join(secrets, 'key.txt'),
        '--new-passphrase-file',
        path.join(secrets, 'new.txt'),
      ],
      { SAKSHYA_PASSPHRASE: '' },
    );
    expect(withKey.code, withKey.stderr).toBe(0);
    await expectCheckClean(second, 'a brand new passphrase');
    expect(await listEvidence(second, caseId, 'a brand new passphrase')).toEqual(before);
    // The custody log records the restore, and how the backup was opened.
    const vault = await Vault.open(second, 'a brand new passphrase');
    try {
      const entry = vault.custody().find((item) => item.action === 'vault.restored-from-backup');
      expect(entry?.details).toMatchObject({
        openedWith: 'recovery-key',
        generation: 1,
        missing: 0,
      });
    } finally {
      vault.lock();
    }
  });

  it('leaves no marker of the evidence (plain, UTF-16, base64) and no original file name anywhere in the backup folder', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(2));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const needles = [
      Buffer.from(MARKER),
      Buffer.from(MARKER, 'utf16le'),
      Buffer.from(Buffer.from(MARKER, 'utf16le').swap16()),
      Buffer.from(Buffer.from(`photo ${MARKER}`).toString('base64').slice(4, -4)),
      Buffer.from('XYZ Loan app'),
      ...NAMES.map((name) => Buffer.from(name)),
      ...NAMES.map((name) => Buffer.from(name, 'utf16le')),
    ];
    const files = listTree(usb);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const needle of needles) expect(bytes.includes(needle), file).toBe(false);
      for (const name of NAMES) expect(file.includes(name)).toBe(false);
      expect(file.includes('.png')).toBe(false);
    }
    // Each object's name is its SHA-256, as sha256sum computes it.
    const sub = vaultSubfolder(usb);
    for (const file of listTree(path.join(sub, 'objects')))
      expect(execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]).toBe(
        path.basename(file),
      );
  });

  it('keeps the database snapshot SQLCipher-encrypted: it is not plaintext SQLite and opens only with the vault key', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(1));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const [manifest] = readManifests(sub);
    const entry = manifest?.files.find((file) => file.path === 'sakshya.db');
    expect(entry).toBeDefined();
    const snapshot = objectOf(sub, entry?.sha256 ?? '');
    const header = fs.readFileSync(snapshot).subarray(0, 16);
    expect(header.toString('latin1')).not.toBe('SQLite format 3\0');
    const db = new BetterSqlite3(snapshot, { readonly: true });
    expect(() => db.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    db.close();
    const verify = await sakshya(['--json', 'backup', 'verify', usb, '--with-key']);
    expect(verify.code, verify.stdout).toBe(0);
    expect(parseJson<{ authenticated: boolean; snapshotOpens: boolean }>(verify)).toMatchObject({
      authenticated: true,
      snapshotOpens: true,
    });
  });

  it('copies only the new files in a second backup, and counts them', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(6));
    const usb = makeTempDir('sakshya-usb-');
    const first = await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const objectsBefore = listTree(path.join(sub, 'objects')).length;
    expect(first.filesAlreadyThere).toBe(0);

    await addEvidence(dir, caseId, writeNewFiles(3));
    const second = await backup(dir, usb);
    // 3 stored copies + their 3 sidecars + the database snapshot; nothing else was copied again.
    expect(second.filesCopied).toBe(7);
    expect(second.filesAlreadyThere).toBe(first.filesCopied - 1);
    expect(listTree(path.join(sub, 'objects')).length - objectsBefore).toBe(7);
    expect(second.generation).toBe(2);
  });

  it('names a flipped byte, a deleted object and an added file in `backup verify`, exits 1 for each and 0 when intact', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(3));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const clean = await sakshya(['backup', 'verify', usb]);
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain('The backup is intact');

    const objects = listTree(path.join(sub, 'objects'));
    const flipped = objects[0] ?? '';
    const bytes = fs.readFileSync(flipped);
    flipByte(bytes, Math.floor(bytes.length / 2));
    fs.writeFileSync(flipped, bytes);
    let run = await sakshya(['backup', 'verify', usb]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`PROBLEM hash-mismatch objects/../${path.basename(flipped)}`),
    );
    flipByte(bytes, Math.floor(bytes.length / 2));
    fs.writeFileSync(flipped, bytes);

    const deleted = objects[1] ?? '';
    const saved = fs.readFileSync(deleted);
    fs.rmSync(deleted);
    run = await sakshya(['backup', 'verify', usb]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`PROBLEM missing objects/../${path.basename(deleted)}`));
    fs.writeFileSync(deleted, saved);

    fs.writeFileSync(path.join(sub, 'objects', 'holiday.jpg'), 'planted');
    fs.writeFileSync(path.join(sub, '.DS_Store'), 'mac');
    fs.mkdirSync(path.join(usb, '.stfolder'));
    fs.writeFileSync(path.join(sub, 'generations', '00000001 (conflicted copy).json'), '{}');
    run = await sakshya(['--json', 'backup', 'verify', usb]);
    expect(run.code).toBe(1);
    const report = parseJson<{
      problems: { code: string; file: string }[];
      notes: { code: string; file: string }[];
    }>(run);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: 'unexpected-file', file: 'objects/holiday.jpg' }),
    ]);
    expect(report.notes.map((note) => [note.code, note.file]).sort()).toEqual([
      ['conflict-copy', 'generations/00000001 (conflicted copy).json'],
      ['sync-litter', '.DS_Store'],
    ]);
    fs.rmSync(path.join(sub, 'objects', 'holiday.jpg'));
    run = await sakshya(['backup', 'verify', usb]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('note sync-litter');

    const unreadable = await sakshya(['backup', 'verify', path.join(usb, 'nothing-here')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('NOT_A_BACKUP');
  });

  it('catches an intruder: a swapped manifest is refused by its MAC, a planted object is named, and restore falls back only when allowed', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(2));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    await addEvidence(dir, caseId, writeNewFiles(2));
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    // The intruder (no passphrase) drops a file from generation 2's list and renumbers it.
    const gen2 = path.join(sub, 'generations', '00000002.json');
    const forged = JSON.parse(fs.readFileSync(gen2, 'utf8')) as ManifestJson &
      Record<string, unknown>;
    forged.files = forged.files
      .filter((file) => !file.path.startsWith('objects/'))
      .concat(forged.files.filter((file) => file.path.startsWith('objects/')).slice(1));
    fs.writeFileSync(gen2, JSON.stringify(forged));
    const planted = '0'.repeat(64);
    fs.mkdirSync(path.join(sub, 'objects', '00'), { recursive: true });
    fs.writeFileSync(path.join(sub, 'objects', '00', planted), 'planted');

    const verify = await sakshya(['--json', 'backup', 'verify', usb, '--with-key']);
    expect(verify.code).toBe(1);
    const report = parseJson<{
      problems: { code: string; file: string }[];
      authenticated: boolean;
    }>(verify);
    expect(report.authenticated).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'manifest-forged', file: 'generations/00000002.json' }),
        expect.objectContaining({ code: 'unexpected-file', file: `objects/00/${planted}` }),
      ]),
    );

    const refused = path.join(makeTempDir(), 'restored');
    const run = await sakshya(['--vault', refused, 'restore', '--from', usb]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BACKUP_DAMAGED');
    expect(run.stderr).toContain('generations/00000002.json was not written by this vault');
    expect(fs.existsSync(path.join(refused, 'vault.json'))).toBe(false);

    const partial = path.join(makeTempDir(), 'restored');
    const allowed = await sakshya([
      '--vault',
      partial,
      '--json',
      'restore',
      '--from',
      usb,
      '--allow-partial',
    ]);
    // Restored from the older, real generation, and the swapped one named as not used (exit 1).
    expect(allowed.code, allowed.stderr).toBe(1);
    const result = parseJson<{ generation: number; missing: { code: string; file: string }[] }>(
      allowed,
    );
    expect(result.generation).toBe(1);
    expect(result.missing).toEqual([
      expect.objectContaining({ code: 'manifest-forged', file: 'generations/00000002.json' }),
    ]);
    expect(allowed.stdout).toContain('generations/00000002.json was not written by this vault');
    await expectCheckClean(partial);
  });

  it('after a passphrase change, the next backup replaces the key files in every kept generation: the old passphrase opens none', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(1));
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    await addEvidence(dir, caseId, writeNewFiles(1));
    await backup(dir, usb);
    const sub = vaultSubfolder(usb);
    const oldKeys = readManifests(sub).flatMap((m) =>
      m.files.filter((f) => f.path.startsWith('keys/pass')),
    );
    const secrets = makeTempDir();
    fs.writeFileSync(path.join(secrets, 'new.txt'), 'the new passphrase\n');
    const passwd = await sakshya([
      '--vault',
      dir,
      'passwd',
      '--new-passphrase-file',
      path.join(secrets, 'new.txt'),
    ]);
    expect(passwd.code, passwd.stderr).toBe(0);

    const third = await sakshya(['--vault', dir, '--json', 'backup', '--to', usb], {
      SAKSHYA_PASSPHRASE: 'the new passphrase',
    });
    expect(third.code, third.stderr).toBe(0);
    expect(parseJson<RunJson>(third).keyFilesReplaced).toBe(2);
    for (const manifest of readManifests(sub)) {
      const key = manifest.files.find((file) => file.path === 'keys/passphrase.age');
      expect(oldKeys.some((old) => old.sha256 === key?.sha256)).toBe(false);
    }
    for (const old of oldKeys) expect(fs.existsSync(objectOf(sub, old.sha256))).toBe(false);

    const withOld = await sakshya([
      '--vault',
      path.join(makeTempDir(), 'r'),
      'restore',
      '--from',
      usb,
    ]);
    expect(withOld.code).toBe(2);
    expect(withOld.stderr).toContain('WRONG_PASSPHRASE');
    const oldVerify = await sakshya(['backup', 'verify', usb, '--with-key']);
    expect(oldVerify.stderr).toContain('WRONG_PASSPHRASE');
    const restored = path.join(makeTempDir(), 'r');
    const withNew = await sakshya(['--vault', restored, 'restore', '--from', usb], {
      SAKSHYA_PASSPHRASE: 'the new passphrase',
    });
    expect(withNew.code, withNew.stderr).toBe(0);
    await expectCheckClean(restored, 'the new passphrase');
  });

  it('gives a clear error for a folder that is not a backup, another vault’s backup, a newer format and an existing vault, changing nothing', async () => {
    const a = await initVault();
    const b = await initVault();
    const usb = makeTempDir('sakshya-usb-');
    const runA = await backup(a.dir, usb);
    await backup(b.dir, usb);

    const empty = makeTempDir();
    const notBackup = await sakshya([
      '--vault',
      path.join(makeTempDir(), 'r'),
      'restore',
      '--from',
      empty,
    ]);
    expect(notBackup.code).toBe(2);
    expect(notBackup.stderr).toContain('NOT_A_BACKUP');

    // Two vaults in one folder: restore asks which; the subfolder itself also works.
    const several = await sakshya([
      '--vault',
      path.join(makeTempDir(), 'r'),
      'restore',
      '--from',
      usb,
    ]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain(runA.vaultId);
    const picked = path.join(makeTempDir(), 'r');
    const byId = await sakshya([
      '--vault',
      picked,
      'restore',
      '--from',
      usb,
      '--vault-id',
      runA.vaultId,
    ]);
    expect(byId.code, byId.stderr).toBe(0);

    const other = await sakshya([
      '--vault',
      a.dir,
      'backup',
      '--to',
      path.join(usb, fs.readdirSync(usb).find((n) => n !== runA.vaultId) ?? ''),
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('BACKUP_OF_OTHER_VAULT');

    const existing = await sakshya([
      '--vault',
      b.dir,
      'restore',
      '--from',
      usb,
      '--vault-id',
      runA.vaultId,
    ]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('VAULT_EXISTS');

    const sub = path.join(usb, runA.vaultId);
    const marker = path.join(sub, 'backup.json');
    const before = fs.readFileSync(marker, 'utf8');
    const newer = `"version": ${String(BACKUP_FORMAT_VERSION + 1)}`;
    fs.writeFileSync(marker, before.replace(`"version": ${String(BACKUP_FORMAT_VERSION)}`, newer));
    const generations = fs.readdirSync(path.join(sub, 'generations'));
    for (const args of [
      ['--vault', a.dir, 'backup', '--to', usb],
      ['backup', 'verify', sub],
      ['--vault', path.join(makeTempDir(), 'r'), 'restore', '--from', sub],
    ]) {
      const run = await sakshya(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('BACKUP_TOO_NEW');
    }
    expect(fs.readdirSync(path.join(sub, 'generations'))).toEqual(generations);
  });

  it('refuses a read-only target and a full one with clear errors, and the previous generation still restores after a full drive', async (context) => {
    if (!canMount()) {
      context.skip();
      return;
    }
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(2));
    const readOnly = mountTmpfs('size=1m,ro');
    const ro = await sakshya(['--vault', dir, 'backup', '--to', readOnly]);
    expect(ro.code).toBe(2);
    expect(ro.stderr).toContain('NOT_WRITABLE');
    expect(ro.stderr).toContain(`${readOnly} cannot be written`);

    const small = mountTmpfs('size=1200k');
    await backup(dir, small);
    await addEvidence(dir, caseId, writeNewFiles(1, 2_000_000));
    const full = await sakshya(['--vault', dir, 'backup', '--to', small]);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('DISK_FULL');
    const verify = await sakshya(['backup', 'verify', small]);
    expect(verify.code, verify.stdout).toBe(0);
    const restored = path.join(makeTempDir(), 'r');
    const run = await sakshya(['--vault', restored, 'restore', '--from', small]);
    expect(run.code, run.stderr).toBe(0);
    await expectCheckClean(restored);
  });

  it('survives an rclone round trip through a local folder remote and restores from what came back', async () => {
    const { dir, caseId } = await initVault();
    await addEvidence(dir, caseId, writeEvidence(3));
    const before = await listEvidence(dir, caseId);
    const usb = makeTempDir('sakshya-usb-');
    await backup(dir, usb);
    const remote = makeTempDir('sakshya-remote-');
    const back = makeTempDir('sakshya-back-');
    const env = { ...process.env, RCLONE_CONFIG_CLINIC_TYPE: 'local', RCLONE_CONFIG: '/dev/null' };
    const up = spawnSync('rclone', ['copy', usb, `clinic:${remote}/sakshya-backups`], { env });
    expect(up.status, up.stderr.toString()).toBe(0);
    const down = spawnSync('rclone', ['copy', `clinic:${remote}/sakshya-backups`, back], { env });
    expect(down.status, down.stderr.toString()).toBe(0);
    const verify = await sakshya(['backup', 'verify', back, '--with-key']);
    expect(verify.code, verify.stdout).toBe(0);
    const restored = path.join(makeTempDir(), 'r');
    const run = await sakshya(['--vault', restored, 'restore', '--from', back]);
    expect(run.code, run.stderr).toBe(0);
    await expectCheckClean(restored);
    expect(await listEvidence(restored, caseId)).toEqual(before);
  });
});

function flipByte(bytes: Buffer, at: number): void {
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
}
