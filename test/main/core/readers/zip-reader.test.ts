import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import {
  readZipSafely,
  type ZipEntryStream,
  type ZipLimits,
} from '../../../../main/core/readers/zip-reader';
import { listFiles, makeTempDir } from '../../../helpers/temp-dir';
import { craftZip, type CraftEntry } from '../import/craft-files';
import { PHOTOS_DIR } from '../import/fixtures';

/**
 * A work folder holding the zip and an empty `target/` that entries are unpacked into, the way
 * the import pipeline would. Returns what was delivered and checks nothing landed outside target.
 */
async function unpack(zipBytesOrFile: Buffer | string, limits?: ZipLimits) {
  const work = makeTempDir();
  const zip = typeof zipBytesOrFile === 'string' ? zipBytesOrFile : path.join(work, 'input.zip');
  if (typeof zipBytesOrFile !== 'string') fs.writeFileSync(zip, zipBytesOrFile);
  const target = path.join(work, 'target');
  fs.mkdirSync(target);
  const before = listFiles(work);
  const delivered: string[] = [];
  const onEntry = async (entry: ZipEntryStream): Promise<void> => {
    delivered.push(entry.name);
    const out = path.join(target, entry.name);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await pipeline(entry.stream, fs.createWriteStream(out));
  };
  const outcome = await readZipSafely(zip, limits, onEntry).then(
    (summary) => ({ summary, error: null }),
    (error: unknown) => ({ summary: null, error }),
  );
  const outside = listFiles(work).filter(
    (file) => !file.startsWith(`target${path.sep}`) && !before.includes(file),
  );
  return { ...outcome, delivered, target, outside };
}

function expectRefused(outcome: Awaited<ReturnType<typeof unpack>>, reason: RegExp): void {
  expect(outcome.error).toMatchObject({ name: 'SakshyaError', code: 'INVALID_INPUT' });
  expect((outcome.error as Error).message).toMatch(reason);
  expect(outcome.delivered).toEqual([]);
  expect(listFiles(outcome.target)).toEqual([]);
  expect(outcome.outside).toEqual([]);
}

describe('readZipSafely on ordinary zips', () => {
  it('streams every file of a zip made by the zip tool, byte for byte, and skips folders', async () => {
    const source = makeTempDir();
    fs.mkdirSync(path.join(source, 'Media'));
    fs.writeFileSync(
      path.join(source, 'WhatsApp Chat with Agent.txt'),
      '12/05/24, 21:43 - Agent: pay\n',
    );
    fs.copyFileSync(
      path.join(PHOTOS_DIR, 'canon-dslr.jpg'),
      path.join(source, 'Media', 'IMG-20240512-WA0003.jpg'),
    );
    const zip = path.join(makeTempDir(), 'export.zip');
    execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: source });

    const result = await unpack(zip);
    expect(result.error).toBeNull();
    expect(result.delivered.sort()).toEqual([
      'Media/IMG-20240512-WA0003.jpg',
      'WhatsApp Chat with Agent.txt',
    ]);
    const sizes = result.delivered.map((name) => fs.statSync(path.join(source, name)).size);
    expect(result.summary).toEqual({ entries: 2, totalBytes: sizes.reduce((a, b) => a + b, 0) });
    for (const name of result.delivered) {
      expect(
        fs
          .readFileSync(path.join(result.target, name))
          .equals(fs.readFileSync(path.join(source, name))),
      ).toBe(true);
    }
    expect(result.outside).toEqual([]);
  });

  it('lets a consumer leave a stream unread without hanging', async () => {
    const zip = path.join(makeTempDir(), 'two.zip');
    fs.writeFileSync(
      zip,
      craftZip([
        { name: 'a.txt', data: Buffer.alloc(100_000, 0x61) },
        { name: 'b.txt', data: Buffer.from('b') },
      ]),
    );
    const names: string[] = [];
    const summary = await readZipSafely(zip, undefined, (entry) => {
      names.push(entry.name);
      return Promise.resolve();
    });
    expect(names).toEqual(['a.txt', 'b.txt']);
    expect(summary.entries).toBe(2);
  });
});

describe('readZipSafely refusing dangerous zips before writing anything', () => {
  const hostileNames: [string, RegExp][] = [
    ['../evil.txt', /climbs out/],
    ['Media/../../evil.txt', /climbs out/],
    ['/etc/evil.txt', /absolute/],
    ['C:/Windows/evil.txt', /absolute/],
    ['C:\\Windows\\evil.txt', /backslash/],
    ['\\\\server\\share\\evil.txt', /backslash/],
    ['..\\evil.txt', /backslash/],
    ['evil\u0000.txt', /control characters/],
  ];

  it.each(hostileNames)('refuses an entry named %j', async (name, reason) => {
    const entries: CraftEntry[] = [
      { name: 'fine.txt', data: Buffer.from('harmless') },
      { name, data: Buffer.from('evil') },
    ];
    expectRefused(await unpack(craftZip(entries)), reason);
  });

  it('refuses a symbolic link stored by zip -y', async () => {
    const source = makeTempDir();
    fs.writeFileSync(path.join(source, 'chat.txt'), 'hello');
    fs.symlinkSync('/etc/passwd', path.join(source, 'link'));
    const zip = path.join(makeTempDir(), 'link.zip');
    execFileSync('zip', ['-q', '-y', zip, 'chat.txt', 'link'], { cwd: source });
    expectRefused(await unpack(zip), /symbolic link/);
  });

  it('refuses a password-protected zip made by zip -P, saying so', async () => {
    const source = makeTempDir();
    fs.writeFileSync(path.join(source, 'chat.txt'), 'hello');
    const zip = path.join(makeTempDir(), 'locked.zip');
    execFileSync('zip', ['-q', '-P', 'secret', zip, 'chat.txt'], { cwd: source });
    expectRefused(await unpack(zip), /password-protected/);
  });

  it('refuses a zip bomb: 1 GiB of zeros squeezed into about a megabyte', async () => {
    const dir = makeTempDir();
    const zip = path.join(dir, 'bomb.zip');
    execSync('head -c 1G /dev/zero | zip -q bomb.zip -', { cwd: dir, shell: '/bin/sh' });
    expect(fs.statSync(zip).size).toBeLessThan(2 * 1024 * 1024);
    expectRefused(await unpack(zip), /zip bomb/);
  });

  it('refuses a zip whose files add up to more than the limit', async () => {
    const zip = craftZip([
      { name: 'a.bin', data: Buffer.alloc(600) },
      { name: 'b.bin', data: Buffer.alloc(600) },
    ]);
    expectRefused(await unpack(zip, { maxTotalBytes: 1000 }), /more data than allowed/);
  });

  it('refuses a zip with more entries than the limit', async () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({
      name: `f${i}.txt`,
      data: Buffer.from('x'),
    }));
    expectRefused(await unpack(craftZip(entries), { maxEntries: 4 }), /more than 4 entries/);
  });

  it('refuses two entries with the same name', async () => {
    const entries = [
      { name: 'chat.txt', data: Buffer.from('real') },
      { name: 'Chat.txt', data: Buffer.from('swapped') },
    ];
    expectRefused(await unpack(craftZip(entries)), /same name/);
  });

  it('refuses a file that is not a zip, and reports a missing one as unreadable', async () => {
    expectRefused(await unpack(Buffer.from('PK but not really a zip archive')), /not a zip/);
    await expect(
      readZipSafely(path.join(makeTempDir(), 'gone.zip'), undefined, () => Promise.resolve()),
    ).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
    });
  });
});

describe('readZipSafely checking what actually comes out', () => {
  it('stops an entry that inflates to more than its header claims', async () => {
    const zip = craftZip([
      { name: 'liar.bin', data: Buffer.alloc(2 * 1024 * 1024), declaredSize: 10 },
    ]);
    const result = await unpack(zip);
    expect(result.error).toMatchObject({ code: 'INVALID_INPUT' });
    // Whatever the consumer wrote before the stop stays inside its target folder.
    expect(result.outside).toEqual([]);
    expect(fs.statSync(path.join(result.target, 'liar.bin')).size).toBeLessThanOrEqual(10);
  });

  it('stops an entry whose checksum does not match', async () => {
    const zip = craftZip([
      { name: 'tampered.txt', data: Buffer.from('what was really sent'), declaredCrc: 0x12345678 },
    ]);
    const result = await unpack(zip);
    expect(result.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((result.error as Error).message).toMatch(/checksum/);
    expect(result.outside).toEqual([]);
  });
});
