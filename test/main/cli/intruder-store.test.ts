// Issue 16 items 2 and 6, as the intruder would do it: write access to the vault folder, the public
// recipient from vault.json and the `age` tool, no passphrase and no Sakshya code. Nothing planted
// in inbox/ or sidecars/ becomes evidence, and an older database put back is named, with the
// evidence it lacks offered back. The user's side runs through the real CLI.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../../main/core/vault/vault';
import { cliOn, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'store intruder passphrase' };

interface CheckJson {
  ok: boolean;
  problems: { kind: string; subject: string; message: string }[];
  notes: { kind: string; subject: string; message: string }[];
}

interface CaseView {
  evidence: { id: string; sha256: string; originalName: string }[];
}

const sakshya = cliOn(ENV);

async function makeVault(): Promise<{ dir: string; caseId: string; firstId: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  expect((await sakshya(dir, ['init'])).code).toBe(0);
  const created = await sakshya(dir, ['--json', 'case', 'create', '--title', 'Loan app']);
  const caseId = parseJson<{ id: string }>(created).id;
  const firstId = await addText(dir, caseId, 'first.txt', 'threat received at 10 pm');
  return { dir, caseId, firstId };
}

async function addText(dir: string, caseId: string, name: string, text: string): Promise<string> {
  const file = path.join(makeTempDir(), name);
  fs.writeFileSync(file, text);
  const added = await sakshya(dir, ['--json', 'add', '--case', caseId, file]);
  expect(added.code, added.stderr).toBe(0);
  return parseJson<{ evidenceId: string }[]>(added)[0]?.evidenceId ?? '';
}

async function listEvidence(dir: string, caseId: string): Promise<CaseView['evidence']> {
  const shown = await sakshya(dir, ['--json', 'case', 'show', caseId]);
  expect(shown.code, shown.stderr).toBe(0);
  return parseJson<CaseView>(shown).evidence;
}

async function check(dir: string): Promise<{ code: number; report: CheckJson; stderr: string }> {
  const run = await sakshya(dir, ['--json', 'check']);
  return { code: run.code, report: parseJson<CheckJson>(run), stderr: run.stderr };
}

/** What the intruder can do: seal any bytes to the public recipient with the standard age tool. */
function sealToVault(dir: string, target: string, plaintext: string | Buffer): void {
  const { recipient } = JSON.parse(fs.readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
    recipient: string;
  };
  const plain = path.join(makeTempDir(), 'plain');
  fs.writeFileSync(plain, plaintext);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(target, { force: true });
  execFileSync('age', ['-r', recipient, '-o', target, plain]);
}

/** A plausible evidence record for a planted sidecar, as the intruder would write it. */
function plantedEvidence(caseId: string, blobName: string, sha256: string): object {
  return {
    id: randomUUID(),
    caseId,
    blobName,
    originalName: 'confession.jpg',
    size: 21,
    sha256,
    mediaType: 'image/jpeg',
    capturedAt: '2024-05-12T16:13:10.000Z',
    capturedAtSource: 'exif',
    capturedAtConfidence: 'high',
    capturedAtDetail: 'planted',
    capturedAtZoneAssumed: false,
    capturedAtOriginal: null,
    warnings: [],
    importedAt: '2024-05-12T16:20:00.000Z',
    metadata: {},
    provenance: { kind: 'captured-by-me' },
    notes: '',
    tags: [],
  };
}

describe('an intruder without the passphrase', () => {
  it('cannot plant evidence through inbox/: nothing is imported at unlock, and check names the file', async () => {
    const { dir, caseId, firstId } = await makeVault();
    const id = randomUUID();
    const meta = {
      caseId,
      originalName: 'planted.jpg',
      provenance: { kind: 'captured-by-me' },
      sha256: '0'.repeat(64),
      size: 7,
      receivedAt: new Date().toISOString(),
    };
    sealToVault(dir, path.join(dir, 'inbox', `${id}.age`), 'planted');
    sealToVault(dir, path.join(dir, 'inbox', `${id}.meta.age`), JSON.stringify(meta));

    expect((await listEvidence(dir, caseId)).map((e) => e.id)).toEqual([firstId]);
    const { code, report } = await check(dir);
    expect(code).toBe(0);
    expect(report.notes.filter((n) => n.kind === 'inbox-file').map((n) => n.subject)).toEqual([
      `inbox:${id}.age`,
      `inbox:${id}.meta.age`,
    ]);
    // Still there, untouched: nothing in the vault folder is deleted on a stranger's say-so.
    expect(fs.readdirSync(path.join(dir, 'inbox')).sort()).toEqual([`${id}.age`, `${id}.meta.age`]);
  });

  it('cannot plant evidence through sidecars/ and rebuild: the sidecar and its object are refused by name', async () => {
    const { dir, caseId, firstId } = await makeVault();
    const sha256 = 'ab'.repeat(32);
    const blobName = 'cd'.repeat(32);
    sealToVault(
      dir,
      path.join(dir, 'objects', blobName.slice(0, 2), blobName.slice(2, 4), `${blobName}.age`),
      'planted picture bytes',
    );
    const withoutMac = plantedEvidence(caseId, blobName, sha256) as { id: string };
    sealToVault(
      dir,
      path.join(dir, 'sidecars', 'evidence', `${withoutMac.id}.age`),
      JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: withoutMac }),
    );
    // The authenticated format copied, with a MAC made up: it cannot be computed without the keys.
    const withMac = plantedEvidence(caseId, blobName, sha256) as { id: string };
    const body = JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: withMac });
    sealToVault(
      dir,
      path.join(dir, 'sidecars', 'evidence', `${withMac.id}.age`),
      JSON.stringify({
        format: 'sakshya-sidecar/2',
        kind: 'evidence',
        id: withMac.id,
        body,
        mac: 'ee'.repeat(32),
      }),
    );

    const named = await check(dir);
    expect(named.code).toBe(1);
    expect(named.report.problems.map((p) => [p.kind, p.subject])).toEqual(
      expect.arrayContaining([
        ['sidecar-unauthenticated', `sidecar:evidence/${withoutMac.id}`],
        ['sidecar-refused', `sidecar:evidence/${withMac.id}`],
      ]),
    );

    fs.rmSync(path.join(dir, 'sakshya.db'));
    const rebuilt = await sakshya(dir, ['--json', 'rebuild']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const report = parseJson<{ evidence: number; skipped: { subject: string; reason: string }[] }>(
      rebuilt,
    );
    expect(report.evidence).toBe(1);
    expect(report.skipped.map((s) => s.subject).sort()).toEqual(
      [`sidecar:evidence/${withoutMac.id}`, `sidecar:evidence/${withMac.id}`].sort(),
    );
    expect(report.skipped.find((s) => s.subject.endsWith(withMac.id))?.reason).toContain(
      'authentication code does not match',
    );
    expect((await listEvidence(dir, caseId)).map((e) => e.id)).toEqual([firstId]);
  });

  it('cannot pass off a real stored file under a planted sidecar that names it for other content', async () => {
    const { dir, caseId, firstId } = await makeVault();
    // Even the "accept unauthenticated" escape hatch keeps the name check: the object's name must
    // be this vault's HMAC of the content's hash, which the intruder cannot compute.
    const objects = listObjects(dir);
    const real = objects[0] ?? '';
    const planted = plantedEvidence(caseId, real, 'ab'.repeat(32)) as { id: string };
    sealToVault(
      dir,
      path.join(dir, 'sidecars', 'evidence', `${planted.id}.age`),
      JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: planted }),
    );
    fs.rmSync(path.join(dir, 'sakshya.db'));
    const rebuilt = await sakshya(dir, ['--json', 'rebuild', '--accept-unauthenticated-sidecars']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const report = parseJson<{ skipped: { subject: string; reason: string }[] }>(rebuilt);
    expect(report.skipped).toEqual([
      {
        subject: `evidence:${planted.id}`,
        reason: expect.stringContaining('not named for its content') as string,
      },
    ]);
    expect((await listEvidence(dir, caseId)).map((e) => e.id)).toEqual([firstId]);
  });

  it('names, counts and logs each sidecar that rebuild --accept-unauthenticated-sidecars accepts', async () => {
    const { dir, caseId, firstId } = await makeVault();
    // A sidecar as a Sakshya from before sidecars had a MAC wrote it: the same record, sealed
    // to the public recipient with no authentication code.
    const identity = path.join(makeTempDir(), 'identity.txt');
    const owner = await Vault.open(dir, ENV.SAKSHYA_PASSPHRASE);
    fs.writeFileSync(identity, owner.revealIdentity());
    owner.lock();
    const sidecar = path.join(dir, 'sidecars', 'evidence', `${firstId}.age`);
    const wrapped = JSON.parse(
      execFileSync('age', ['-d', '-i', identity, sidecar], { encoding: 'utf8' }),
    ) as { body: string };
    sealToVault(dir, sidecar, wrapped.body);
    fs.rmSync(path.join(dir, 'sakshya.db'));

    const rebuilt = await sakshya(dir, ['rebuild', '--accept-unauthenticated-sidecars']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('1 sidecar(s) accepted without authentication');
    expect(rebuilt.stdout).toContain(`accepted WITHOUT authentication sidecar:evidence/${firstId}`);
    const vault = await Vault.open(dir, ENV.SAKSHYA_PASSPHRASE);
    try {
      const entry = vault.custody('vault').find((e) => e.action === 'vault.rebuilt');
      expect(entry?.details).toMatchObject({
        unauthenticated: 1,
        unauthenticatedSidecars: [`sidecar:evidence/${firstId}`],
      });
      expect(vault.custody(`evidence:${firstId}`)[0]?.details).toMatchObject({
        authenticated: false,
      });
    } finally {
      vault.lock();
    }
    expect((await listEvidence(dir, caseId)).map((e) => e.id)).toEqual([firstId]);
  });

  it('cannot silently drop evidence by putting back an older database: unlock warns and brings the missing evidence back, and check names the older database until she accepts it', async () => {
    const { dir, caseId, firstId } = await makeVault();
    const snapshot = path.join(makeTempDir(), 'old.db');
    fs.copyFileSync(path.join(dir, 'sakshya.db'), snapshot);
    const laterId = await addText(dir, caseId, 'later.txt', 'the agent messaged my sister');

    fs.copyFileSync(snapshot, path.join(dir, 'sakshya.db'));
    for (const suffix of ['-wal', '-shm'])
      fs.rmSync(path.join(dir, `sakshya.db${suffix}`), { force: true });

    const { code, report, stderr } = await check(dir);
    expect(code).toBe(1);
    expect(stderr).toContain('WARNING: the database is older');
    expect(stderr).toContain('were brought back');
    expect(report.problems.map((p) => [p.kind, p.subject])).toEqual([
      ['database-older', 'sakshya.db'],
    ]);
    expect(report.notes.filter((n) => n.kind === 'evidence-brought-back')).toEqual([
      expect.objectContaining({ subject: `evidence:${laterId}` }),
    ]);
    expect((await listEvidence(dir, caseId)).map((e) => e.id).sort()).toEqual(
      [firstId, laterId].sort(),
    );
    // Still named at every unlock until she acts: a lock does not record it as current. (What
    // the unlock brought back was logged in it, so it has now left the line this vault recorded.)
    expect((await check(dir)).report.problems.map((p) => p.kind)).toEqual(['database-other']);

    const adopted = await sakshya(dir, ['--json', 'rebuild', '--adopt-orphans']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(parseJson<{ adopted: { subject: string }[] }>(adopted).adopted).toEqual([]);
    const after = await check(dir);
    expect(after.code, JSON.stringify(after.report.problems)).toBe(0);
    expect(after.report.notes.filter((n) => n.kind === 'evidence-brought-back')).toEqual([]);
  });

  it('cannot hide evidence by putting back an older copy of the database with its own generation.json: the next unlock brings it back, logs it and says so', async () => {
    const { dir, caseId, firstId } = await makeVault();
    // The intruder copies the whole vault folder while it is locked...
    const copy = path.join(makeTempDir(), 'copy');
    fs.cpSync(dir, copy, { recursive: true });
    const laterId = await addText(dir, caseId, 'later.txt', 'they sent my photo to my principal');
    // ...and later puts back the database with the generation.json that matches it.
    for (const name of ['sakshya.db', 'generation.json'])
      fs.copyFileSync(path.join(copy, name), path.join(dir, name));
    for (const suffix of ['-wal', '-shm'])
      fs.rmSync(path.join(dir, `sakshya.db${suffix}`), { force: true });

    const { code, report, stderr } = await check(dir);
    expect(stderr).toContain(`evidence:${laterId} ("later.txt")`);
    expect(report.notes.filter((n) => n.kind === 'evidence-brought-back')).toEqual([
      expect.objectContaining({ subject: `evidence:${laterId}` }),
    ]);
    // Nothing is missing once the unlock has brought it back, so the vault checks clean.
    expect(code, JSON.stringify(report.problems)).toBe(0);
    const listed = await listEvidence(dir, caseId);
    expect(listed.map((e) => e.id).sort()).toEqual([firstId, laterId].sort());
    const vault = await Vault.open(dir, ENV.SAKSHYA_PASSPHRASE);
    try {
      expect(vault.custody(`evidence:${laterId}`).map((e) => e.action)).toEqual([
        'evidence.adopted-at-unlock',
      ]);
    } finally {
      vault.lock();
    }
    const again = await check(dir);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('brought back');
  });

  it('cannot make evidence vanish by putting back an older database and deleting its stored file: check names it and exits 1', async () => {
    const { dir, caseId } = await makeVault();
    const copy = path.join(makeTempDir(), 'copy');
    fs.cpSync(dir, copy, { recursive: true });
    const before = new Set(listObjects(dir));
    const laterId = await addText(dir, caseId, 'later.txt', 'a threat at 10:40 pm');
    const added = listObjects(dir).filter((name) => !before.has(name));
    expect(added).toHaveLength(1);
    for (const name of ['sakshya.db', 'generation.json'])
      fs.copyFileSync(path.join(copy, name), path.join(dir, name));
    for (const suffix of ['-wal', '-shm'])
      fs.rmSync(path.join(dir, `sakshya.db${suffix}`), { force: true });
    const object = added[0] ?? '';
    fs.rmSync(path.join(dir, 'objects', object.slice(0, 2), object.slice(2, 4), `${object}.age`));

    const { code, report, stderr } = await check(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`evidence:${laterId}`);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'evidence-missing', subject: `evidence:${laterId}` }),
    ]);
  });

  it('cannot hide an older database by deleting or forging generation.json', async () => {
    const { dir, caseId } = await makeVault();
    const snapshot = path.join(makeTempDir(), 'old.db');
    fs.copyFileSync(path.join(dir, 'sakshya.db'), snapshot);
    await addText(dir, caseId, 'later.txt', 'a second threat');
    const generation = path.join(dir, 'generation.json');

    fs.rmSync(generation);
    const missing = await check(dir);
    expect(missing.code).toBe(1);
    expect(missing.report.problems.map((p) => p.kind)).toEqual(['generation-missing']);

    // Forged: the old database's head, with a made-up MAC.
    fs.copyFileSync(snapshot, path.join(dir, 'sakshya.db'));
    fs.writeFileSync(
      generation,
      JSON.stringify({
        format: 'sakshya-generation/1',
        seq: 1,
        head: 'ab'.repeat(32),
        writtenAt: new Date().toISOString(),
        mac: 'cd'.repeat(32),
      }),
    );
    const forged = await check(dir);
    expect(forged.code).toBe(1);
    expect(forged.report.problems.map((p) => p.kind)).toEqual(['generation-forged']);
  });

  it('cannot put back the database from before a rebuild: it is named as another database', async () => {
    const { dir } = await makeVault();
    const rebuilt = await sakshya(dir, ['--json', 'rebuild']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const aside = parseJson<{ previousDatabase: string }>(rebuilt).previousDatabase;
    fs.copyFileSync(aside, path.join(dir, 'sakshya.db'));
    const { code, report } = await check(dir);
    expect(code).toBe(1);
    // 'other' or 'older' by how long each log is (rebuild writes its own entries): named either way.
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.kind).toMatch(/^database-(other|older)$/);
  });
});

function listObjects(dir: string): string[] {
  return fs
    .readdirSync(path.join(dir, 'objects'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.age'))
    .map((name) => path.basename(name, '.age'));
}
