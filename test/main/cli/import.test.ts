import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportFileResult } from '../../../main/core/import/pipeline';
import type { CustodyEntry, Evidence } from '../../../shared/domain';
import { Vault } from '../../../main/core/vault/vault';
import { cliOn, initCliVaultWithCase, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';
import { listPhotoFixtures, PHOTOS_DIR, WHATSAPP_DIR } from '../core/import/fixtures';

const PASS = 'correct horse battery staple';
const ENV = { SAKSHYA_PASSPHRASE: PASS };
const IST = 'Asia/Kolkata';
const ROOT = path.resolve(import.meta.dirname, '../../..');
const FSIZE_CHILD = path.join(import.meta.dirname, '../../helpers/fsize-child.ts');

const sakshya = cliOn(ENV);

function initWithCase(): Promise<{ dir: string; caseId: string }> {
  return initCliVaultWithCase(ENV, IST);
}

type ExiftoolRow = Record<string, string | undefined> & { SourceFile: string };

function runExiftool(args: string[], files: string[]): Map<string, ExiftoolRow> {
  const rows = JSON.parse(
    execFileSync('exiftool', ['-j', ...args, ...files], { encoding: 'utf8' }),
  ) as ExiftoolRow[];
  return new Map(rows.map((row) => [path.basename(row.SourceFile), row]));
}

/** GNU date turns '<wall> <zone>' into an instant, independently of our code. */
function gnuDateToEpochMs(dateArgument: string): number {
  return (
    Number(execFileSync('date', ['-u', '-d', dateArgument, '+%s'], { encoding: 'utf8' }).trim()) *
    1000
  );
}

describe('sakshya import', () => {
  it('prints for every fixture photo the capture time exiftool finds, with the case offset, and check stays clean', async () => {
    const { dir, caseId } = await initWithCase();
    // Capture times are the subject here; reading the photos' text (read-text.test.ts) would only
    // add a minute of OCR on a shared CPU.
    const run = await sakshya(dir, ['--json', 'import', '--no-text', '--case', caseId, PHOTOS_DIR]);
    expect(run.code, run.stderr).toBe(0);
    const results = new Map(
      parseJson<ImportFileResult[]>(run).map((r) => [path.basename(r.path), r]),
    );

    const photos = listPhotoFixtures();
    const files = photos.map((p) => p.file);
    const tags = [
      '-DateTimeOriginal',
      '-OffsetTimeOriginal',
      '-CreateDate',
      '-OffsetTimeDigitized',
    ];
    const walls = runExiftool(['-s', ...tags, '-d', '%Y-%m-%dT%H:%M:%S'], files);
    const raws = runExiftool(['-s', '-n', ...tags], files);
    let dated = 0;
    for (const { name } of photos) {
      const result = results.get(name);
      expect(result, name).toMatchObject({
        status: 'imported',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      });
      const wall = walls.get(name);
      const raw = raws.get(name);
      const field =
        wall?.DateTimeOriginal !== undefined
          ? 'DateTimeOriginal'
          : wall?.CreateDate !== undefined
            ? 'CreateDate'
            : null;
      if (field === null) continue;
      dated += 1;
      const localTime = wall?.[field] ?? '';
      const zone =
        /(Z|[+-]\d{2}:?\d{2})$/.exec(String(raw?.[field]))?.[1] ??
        (field === 'DateTimeOriginal' ? raw?.OffsetTimeOriginal : raw?.OffsetTimeDigitized);
      const expected = zone
        ? gnuDateToEpochMs(`${localTime}${zone === 'Z' ? '+00:00' : zone}`)
        : gnuDateToEpochMs(`TZ="${IST}" ${localTime.replace('T', ' ')}`);
      expect(result?.capturedAtSource, name).toBe('exif');
      expect(result?.capturedAt, name).toMatch(/\+05:30$/);
      expect(Date.parse(result?.capturedAt ?? ''), name).toBe(expected);
      // A time recorded without a zone is shown exactly as the camera wrote it.
      if (!zone) expect(result?.capturedAt?.slice(0, 19), name).toBe(localTime);
    }
    expect(dated).toBeGreaterThan(5);

    const check = await sakshya(dir, ['--json', 'check']);
    expect(check.code).toBe(0);
    expect(parseJson<{ problems: unknown[]; evidenceChecked: number }>(check)).toMatchObject({
      problems: [],
      evidenceChecked: results.size,
    });
    // The command waits for previews, so they are all there once it exits.
    expect(fs.readdirSync(path.join(dir, 'thumbnails')).length).toBeGreaterThan(5);
  });

  it('lists a chat export with each message, and exits 2 when a file failed while keeping the rest', async () => {
    const { dir, caseId } = await initWithCase();
    const chat = path.join(WHATSAPP_DIR, 'android-ddmmyy-24h.txt');
    const missing = path.join(makeTempDir(), 'gone.jpg');
    const run = await sakshya(dir, [
      '--json',
      'import',
      '--case',
      caseId,
      '--received-from',
      'Ravi',
      '--channel',
      'WhatsApp',
      chat,
      missing,
    ]);
    expect(run.code).toBe(2);
    const [imported, failed] = parseJson<ImportFileResult[]>(run);
    expect(imported).toMatchObject({
      status: 'imported',
      capturedAtSource: 'chat-export',
      capturedAt: '2021-12-30T22:01:00+05:30',
    });
    expect(imported?.messages?.[0]).toEqual({
      time: '2019-01-01T11:25:00+05:30',
      sender: 'John Doe',
      text: 'Lorem ipsum dolor sit amet.',
    });
    expect(failed).toMatchObject({ status: 'failed', reason: 'file not found' });

    const human = await sakshya(dir, ['import', '--case', caseId, chat]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('duplicate');
    expect(human.stdout).toContain('0 imported, 1 duplicate, 0 skipped, 0 failed.');
    const monthFirst = await sakshya(dir, [
      'import',
      '--case',
      caseId,
      '--day-first',
      '--month-first',
      chat,
    ]);
    expect(monthFirst.code).toBe(2);
  });

  it("fails a video too large for the vault's drive (a real prlimit --fsize) while its writes are in flight, keeps the rest, and leaves check clean", async () => {
    const { dir, caseId } = await initWithCase();
    const sources = makeTempDir();
    const video = path.join(sources, 'VID-20240512-WA0003.mp4');
    // Past SHARED_HASH_MIN_BYTES, so a stage worker writes it ahead with a hash helper beside it.
    fs.writeFileSync(video, randomBytes(40 * 1024 * 1024));
    const note = path.join(sources, 'note.txt');
    fs.writeFileSync(note, 'He called at 10 pm again.');
    const child = spawnSync(
      'prlimit',
      [
        `--fsize=${String(24 * 1024 * 1024)}`,
        '--',
        process.execPath,
        '--import',
        'tsx',
        FSIZE_CHILD,
        '--vault',
        dir,
        '--json',
        'import',
        '--case',
        caseId,
        video,
        note,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...ENV } },
    );
    expect(child.status, child.stderr).toBe(2);
    const [failed, imported] = JSON.parse(child.stdout) as ImportFileResult[];
    expect(failed).toMatchObject({
      status: 'failed',
      reasonCode: 'too-large',
      reason: 'the file is too large for the drive the vault is on; nothing was added',
    });
    expect(imported).toMatchObject({ status: 'imported' });
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    const check = await sakshya(dir, ['--json', 'check']);
    expect(check.code, check.stdout).toBe(0);
    expect(parseJson<{ problems: unknown[]; evidenceChecked: number }>(check)).toMatchObject({
      problems: [],
      evidenceChecked: 1,
    });
  });
});

describe('sakshya evidence set-time', () => {
  it('corrects a capture time with a reason, keeps the first original, logs each change and survives a rebuild', async () => {
    const { dir, caseId } = await initWithCase();
    const photo = path.join(PHOTOS_DIR, 'canon-dslr.jpg');
    const [imported] = parseJson<ImportFileResult[]>(
      await sakshya(dir, ['--json', 'import', '--case', caseId, photo]),
    );
    const id = imported?.evidenceId ?? '';

    const first = await sakshya(dir, [
      '--json',
      'evidence',
      'set-time',
      '--evidence',
      id,
      '--at',
      '2019-10-26T18:07:24',
      '--reason',
      'camera clock was 2 hours slow',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const second = await sakshya(dir, [
      '--json',
      'evidence',
      'set-time',
      '--evidence',
      id,
      '--at',
      '2019-10-26T12:40:00Z',
      '--reason',
      'checked against the call log',
    ]);
    const corrected = parseJson<Evidence>(second);
    expect(corrected).toMatchObject({
      capturedAt: '2019-10-26T12:40:00.000Z',
      capturedAtSource: 'user',
      capturedAtZoneAssumed: false,
      capturedAtOriginal: {
        capturedAt: '2019-10-26T10:37:24.000Z',
        source: 'exif',
        confidence: 'medium',
      },
    });
    expect(corrected.capturedAtDetail).toContain('checked against the call log');

    const noReason = await sakshya(dir, [
      'evidence',
      'set-time',
      '--evidence',
      id,
      '--at',
      '2019-10-26T12:40:00Z',
    ]);
    expect(noReason.code).toBe(2);
    const badTime = await sakshya(dir, [
      'evidence',
      'set-time',
      '--evidence',
      id,
      '--at',
      'yesterday',
      '--reason',
      'x',
    ]);
    expect(badTime.code).toBe(2);

    const vault = await Vault.open(dir, PASS);
    const log: CustodyEntry[] = vault
      .custody(`evidence:${id}`)
      .filter((e) => e.action === 'evidence.time-corrected');
    vault.lock();
    expect(log.map((e) => e.details)).toEqual([
      {
        caseId,
        from: '2019-10-26T10:37:24.000Z',
        fromSource: 'exif',
        to: '2019-10-26T12:37:24.000Z',
        reason: 'camera clock was 2 hours slow',
      },
      {
        caseId,
        from: '2019-10-26T12:37:24.000Z',
        fromSource: 'user',
        to: '2019-10-26T12:40:00.000Z',
        reason: 'checked against the call log',
      },
    ]);

    expect((await sakshya(dir, ['rebuild'])).code).toBe(0);
    const show = parseJson<{ evidence: Evidence[] }>(
      await sakshya(dir, ['--json', 'case', 'show', caseId]),
    );
    expect(show.evidence[0]).toMatchObject({
      capturedAt: '2019-10-26T12:40:00.000Z',
      capturedAtOriginal: corrected.capturedAtOriginal,
    });
    expect((await sakshya(dir, ['check'])).code).toBe(0);
  });
});

describe('sakshya import of a phone call log', () => {
  it('ends with the sentence: 5 calls from them, 3 outside the hours the RBI allows', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    expect((await sakshya(dir, ['init'])).code).toBe(0);
    const created = await sakshya(dir, [
      '--json',
      'case',
      'create',
      '--title',
      'XYZ Loans',
      '--timezone',
      IST,
      '--counterparty',
      'XYZ Loans',
      '--counterparty-kind',
      'recovery-agent',
      '--number',
      '098765 43210',
    ]);
    const caseId = parseJson<{ id: string }>(created).id;
    const calls = path.join(ROOT, 'test', 'fixtures', 'android', 'calls-20240513090000.xml');
    const run = await sakshya(dir, ['import', '--case', caseId, calls]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('7 calls, 0 already here');
    expect(run.stdout).toContain('5 calls from them, 3 outside the hours the RBI allows');
    const again = await sakshya(dir, ['import', '--case', caseId, calls]);
    expect(again.stdout).toContain('0 imported, 1 duplicate, 0 skipped, 0 failed.');
  });
});
