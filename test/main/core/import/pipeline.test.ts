import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { readMetadata } from '../../../../main/core/readers/metadata';
import { importPaths, type ImportFileResult } from '../../../../main/core/import/pipeline';
import { checkVault } from '../../../../main/core/vault/check';
import { makeTempDir } from '../../../helpers/temp-dir';
import { craftZip } from './craft-files';
import { listPhotoFixtures, PHOTOS_DIR, WHATSAPP_DIR } from './fixtures';
import { listUnrecordedBlobs, makeVault, writeRandomFile } from './import-vault';

function byName(results: ImportFileResult[]): Map<string, ImportFileResult> {
  return new Map(results.map((r) => [path.basename(r.path), r]));
}

async function expectCleanCheck(
  vault: Awaited<ReturnType<typeof makeVault>>['vault'],
): Promise<void> {
  const report = await checkVault(vault);
  expect(report.problems).toEqual([]);
  expect(report.notes).toEqual([]);
}

describe('importPaths with real photos', () => {
  it('imports every fixture photo with its real type, a capture time in the case zone, and damage as a warning', async () => {
    const { vault, caseId } = await makeVault();
    const photos = listPhotoFixtures();
    const results = await importPaths(
      vault,
      photos.map((p) => p.file),
      { caseId },
    );
    expect(results.map((r) => [path.basename(r.path), r.status])).toEqual(
      photos.map((p) => [p.name, 'imported']),
    );
    for (const [index, photo] of photos.entries()) {
      const result = results[index]!;
      expect(result.mediaType, photo.name).toMatch(/^image\//);
      expect(result.capturedAt, photo.name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/);
      const { warnings } = await readMetadata(photo.file, result.mediaType ?? '');
      expect(result.warnings, photo.name).toEqual(warnings);
      const stored = new EvidenceRepository(vault.db).require(result.evidenceId!);
      expect(stored.originalName).toBe(photo.name);
      expect(stored.capturedAtDetail).not.toBe('');
    }
    expect(
      byName(results).get('issue-exifr-41-Error_Segment_Unreachable.jpg')?.warnings,
    ).toHaveLength(1);
    await expectCleanCheck(vault);
  });
});

describe('importPaths over folders and awkward paths', () => {
  it('walks folders and ends every path as imported, skipped or failed with a plain reason', async () => {
    const { vault, caseId } = await makeVault();
    const root = makeTempDir();
    fs.mkdirSync(path.join(root, 'chats', 'deeper'), { recursive: true });
    fs.copyFileSync(
      path.join(PHOTOS_DIR, 'noexif.jpg'),
      path.join(root, 'chats', 'deeper', 'photo.jpg'),
    );
    const oddName = 'invoice\u200f\u202egpj.exe\nsecond line.txt';
    fs.writeFileSync(path.join(root, oddName), 'threat text');
    fs.writeFileSync(path.join(root, 'empty.txt'), '');
    fs.writeFileSync(path.join(root, '.DS_Store'), 'finder data');
    writeRandomFile(path.join(root, 'large.bin'), 300_000);
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    fs.symlinkSync('..', path.join(root, 'chats', 'back-to-root'));
    fs.symlinkSync('self-loop', path.join(root, 'self-loop'));
    fs.symlinkSync('nowhere', path.join(root, 'dangling'));
    const socketPath = path.join(root, 'socket');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const missing = path.join(root, 'not-there.jpg');
    try {
      const results = await importPaths(vault, [root, missing], { caseId, maxFileBytes: 200_000 });
      const found = byName(results);
      expect(found.get('photo.jpg')).toMatchObject({
        status: 'imported',
        reason: null,
        reasonCode: null,
      });
      expect(found.get(oddName)).toMatchObject({
        status: 'imported',
        path: path.join(root, oddName),
      });
      expect(found.get('empty.txt')).toMatchObject({
        status: 'skipped',
        reasonCode: 'empty-file',
        reason: 'empty file',
      });
      expect(found.get('.DS_Store')).toMatchObject({
        status: 'skipped',
        reasonCode: 'system-file',
      });
      expect(found.get('large.bin')).toMatchObject({
        status: 'skipped',
        reasonCode: 'too-large',
        reason: expect.stringMatching(/limit/) as unknown,
      });
      expect(found.get('pipe')).toMatchObject({
        status: 'skipped',
        reasonCode: 'special-file',
        reason: expect.stringMatching(/pipe/) as unknown,
      });
      expect(found.get('socket')).toMatchObject({
        status: 'skipped',
        reasonCode: 'special-file',
        reason: expect.stringMatching(/socket/) as unknown,
      });
      expect(found.get('back-to-root')).toMatchObject({
        status: 'skipped',
        reasonCode: 'folder-repeated',
        reason: expect.stringMatching(/already included/) as unknown,
      });
      expect(found.get('self-loop')).toMatchObject({
        status: 'skipped',
        reasonCode: 'symlink-loop',
        reason: expect.stringMatching(/loops/) as unknown,
      });
      expect(found.get('dangling')).toMatchObject({
        status: 'skipped',
        reasonCode: 'dangling-link',
        reason: expect.stringMatching(/no longer exists/) as unknown,
      });
      expect(found.get('not-there.jpg')).toMatchObject({
        status: 'failed',
        reasonCode: 'not-found',
        reason: 'file not found',
      });
      expect(results).toHaveLength(11);
      const odd = new EvidenceRepository(vault.db).require(found.get(oddName)?.evidenceId ?? '');
      expect(odd.originalName).toBe(oddName);
    } finally {
      server.close();
    }
    await expectCleanCheck(vault);
  });

  it.skipIf(process.getuid?.() === 0)(
    'fails an unreadable file as "permission denied" and imports the rest',
    async () => {
      const { vault, caseId } = await makeVault();
      const dir = makeTempDir();
      const locked = path.join(dir, 'locked.txt');
      fs.writeFileSync(locked, 'secret');
      fs.chmodSync(locked, 0o000);
      const readable = path.join(dir, 'readable.txt');
      fs.writeFileSync(readable, 'fine');
      const results = await importPaths(vault, [locked, readable], { caseId });
      expect(results.map((r) => [r.status, r.reasonCode, r.reason])).toEqual([
        ['failed', 'permission-denied', 'permission denied'],
        ['imported', null, null],
      ]);
    },
  );

  it('reports a second import of the same files as duplicates, and stores content shared with another case once', async () => {
    const { vault, caseId } = await makeVault();
    const otherCase = vault.createCase({ title: 'Second app' }).id;
    const dir = makeTempDir();
    const files = [
      writeRandomFile(path.join(dir, 'a.bin'), 3000),
      writeRandomFile(path.join(dir, 'b.bin'), 3000),
    ];
    const first = await importPaths(vault, files, { caseId });
    const again = await importPaths(vault, [dir], { caseId });
    expect(again.map((r) => [r.status, r.reasonCode, r.evidenceId])).toEqual(
      first.map((r) => ['duplicate', 'duplicate', r.evidenceId]),
    );
    const elsewhere = await importPaths(vault, files, { caseId: otherCase });
    expect(elsewhere.map((r) => r.status)).toEqual(['imported', 'imported']);
    expect(elsewhere.map((r) => r.sha256)).toEqual(first.map((r) => r.sha256));
    expect(
      fs
        .readdirSync(vault.layout.objects, { recursive: true })
        .filter((f) => String(f).endsWith('.age')),
    ).toHaveLength(2);
    await expectCleanCheck(vault);
  });
});

describe('importPaths with zips it will not open', () => {
  it('fails a refused zip and a password-protected zip, each with its own code', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const climbing = path.join(dir, 'climbing.zip');
    fs.writeFileSync(climbing, craftZip([{ name: '../out.txt', data: Buffer.from('escaped') }]));
    const locked = path.join(dir, 'locked.zip');
    fs.writeFileSync(
      locked,
      craftZip([{ name: 'a.txt', data: Buffer.from('secret'), flags: 0x1 }]),
    );
    const results = await importPaths(vault, [climbing, locked], { caseId });
    expect(results.map((r) => [r.status, r.reasonCode])).toEqual([
      ['failed', 'zip-refused'],
      ['failed', 'zip-encrypted'],
    ]);
    expect(results[1]?.reason).toMatch(/password-protected/);
  });

  it('marks the files of a WhatsApp zip that breaks part-way as not read', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const zip = path.join(dir, 'WhatsApp Chat with Ravi.zip');
    fs.writeFileSync(
      zip,
      craftZip([
        { name: '_chat.txt', data: Buffer.from('12/05/24, 21:43 - Ravi: hello\n') },
        { name: 'a.bin', data: Buffer.from('first attachment'), declaredCrc: 1 },
        { name: 'b.bin', data: Buffer.from('second attachment') },
      ]),
    );
    const results = await importPaths(vault, [zip], { caseId });
    expect(results.map((r) => [path.posix.basename(r.path), r.status, r.reasonCode])).toEqual([
      ['WhatsApp Chat with Ravi.zip', 'imported', null],
      ['_chat.txt', 'imported', null],
      ['a.bin', 'failed', 'zip-refused'],
      ['b.bin', 'skipped', 'zip-not-read'],
    ]);
  });
});

describe('importPaths with files read side by side', () => {
  it('records the evidence in the order of the drop, whichever file was read first', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    // Big and small files in turn, so that a small one is read before the big one dropped before
    // it; a chat in the middle is recorded at once, and must still come after the files before it.
    const files = Array.from({ length: 24 }, (_, i) =>
      writeRandomFile(
        path.join(dir, `${String(i).padStart(2, '0')}.bin`),
        i % 3 === 0 ? 3 * 1024 * 1024 : 2000 + i,
      ),
    );
    const chat = path.join(dir, 'WhatsApp Chat with Ravi.txt');
    fs.copyFileSync(path.join(WHATSAPP_DIR, 'android-ddmmyy-24h.txt'), chat);
    const dropped = [...files.slice(0, 12), chat, ...files.slice(12)];
    const results = await importPaths(vault, dropped, { caseId, commitGroup: { maxFiles: 5 } });
    expect(results.map((r) => r.path)).toEqual(dropped);
    expect(results.map((r) => r.status)).toEqual(Array(25).fill('imported'));
    expect(new EvidenceRepository(vault.db).listByCase(caseId).map((e) => e.originalName)).toEqual(
      dropped.map((file) => path.basename(file)),
    );
  });
});

describe('importPaths when things go wrong mid-way', () => {
  it('on cancel keeps the finished files and skips the rest as "cancelled"', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const files = ['1.bin', '2.bin', '3.bin'].map((name) =>
      writeRandomFile(path.join(dir, name), 2000),
    );
    const controller = new AbortController();
    // One file at a time, so "the rest" are exactly the files after the first.
    const results = await importPaths(vault, files, {
      caseId,
      signal: controller.signal,
      lanes: 1,
      onProgress: (p) => {
        if (p.done === 1) controller.abort();
      },
    });
    expect(results.map((r) => [r.status, r.reasonCode, r.reason])).toEqual([
      ['imported', null, null],
      ['skipped', 'cancelled', 'cancelled'],
      ['skipped', 'cancelled', 'cancelled'],
    ]);
    expect(new EvidenceRepository(vault.db).listByCase(caseId)).toHaveLength(1);
  });

  it('on cancel during a file drops that file and leaves no stored copy of it', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const big = writeRandomFile(path.join(dir, 'video.bin'), 6 * 1024 * 1024);
    const controller = new AbortController();
    const results = await importPaths(vault, [big], {
      caseId,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 0 && p.bytesDone > 0) controller.abort();
      },
    });
    expect(results.map((r) => [r.status, r.reasonCode, r.reason])).toEqual([
      ['skipped', 'cancelled', 'cancelled'],
    ]);
    expect(listUnrecordedBlobs(vault)).toEqual([]);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it.each([
    [
      'grows',
      (file: string) => {
        fs.appendFileSync(file, 'more bytes');
      },
      /changed while it was being read/,
    ],
    [
      'vanishes',
      (file: string) => {
        fs.rmSync(file);
      },
      /moved or deleted/,
    ],
  ])(
    'fails a file that %s while it is read, and keeps no stored copy of it',
    async (_what, meddle, reason) => {
      const { vault, caseId } = await makeVault();
      const dir = makeTempDir();
      const file = writeRandomFile(path.join(dir, 'recording.bin'), 4 * 1024 * 1024);
      const after = writeRandomFile(path.join(dir, 'z-after.bin'), 1000);
      let meddled = false;
      const results = await importPaths(vault, [file, after], {
        caseId,
        onProgress: (p) => {
          if (!meddled && p.bytesDone > 0) {
            meddled = true;
            meddle(file);
          }
        },
      });
      expect(results[0]).toMatchObject({
        status: 'failed',
        reasonCode: 'changed-while-reading',
        reason: expect.stringMatching(reason) as unknown,
        evidenceId: null,
      });
      expect(results[1]?.status).toBe('imported');
      expect(listUnrecordedBlobs(vault)).toEqual([]);
      await expectCleanCheck(vault);
    },
  );

  it('skips what is left, without throwing, when the vault locks during the import', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const files = ['1.bin', '2.bin', '3.bin'].map((name) =>
      writeRandomFile(path.join(dir, name), 2000),
    );
    // Groups of one: each file is committed before it counts as done (group-commit.test.ts covers
    // a lock that catches files still waiting in a bigger group).
    const results = await importPaths(vault, files, {
      caseId,
      commitGroup: { maxFiles: 1 },
      lanes: 1,
      onProgress: (p) => {
        if (p.done === 1) vault.lock();
      },
    });
    expect(results.map((r) => r.status)).toEqual(['imported', 'skipped', 'skipped']);
    expect(results.map((r) => r.reasonCode)).toEqual([null, 'vault-locked', 'vault-locked']);
    expect(results[1]?.reason).toMatch(/locked/);
  });
});
