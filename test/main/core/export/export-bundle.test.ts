// The bundle checked with independent tools: unzip, 7z, sha256sum/md5sum/sha1sum and ssh-keygen.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportCase,
  isStoredMediaType,
  partName,
} from '../../../../main/core/export/export-bundle';
import { verifyBundle } from '../../../../main/core/export/verify-bundle';
import { makeTempDir } from '../../../helpers/temp-dir';
import { HINDI_NAME, makeExportVault, run, unzipBundle } from './export-vault';

function sha256sumOf(file: string): string {
  return run('sha256sum', [file]).split(' ')[0] ?? '';
}

function listFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => fs.statSync(path.join(dir, p)).isFile());
}

describe('exportCase', () => {
  it('writes a zip that unzip, 7z, the sum tools and ssh-keygen all accept, holding the imported bytes', async () => {
    const { vault, caseId, importedHashes } = await makeExportVault();
    const outDir = makeTempDir('sakshya-out-');
    const outFile = path.join(outDir, 'bundle.zip');
    const progress: number[] = [];
    const result = await exportCase(vault, {
      caseId,
      outFile,
      extraHashes: ['md5', 'sha1'],
      device: {
        make: 'Xiaomi',
        model: 'Redmi Note 12',
        serial: '860000000000001',
        ownership: 'Owned and used by me',
      },
      onProgress: (p) => progress.push(p.done),
    });
    expect(fs.readdirSync(outDir)).toEqual(['bundle.zip']);
    // Readable by her account only, like the vault: it holds every piece of evidence in the clear.
    expect(fs.statSync(outFile).mode & 0o777).toBe(0o600);
    expect(result.files).toEqual([
      { path: outFile, sha256: sha256sumOf(outFile), size: fs.statSync(outFile).size },
    ]);
    expect(result.itemCount).toBe(importedHashes.size);
    expect(progress.at(-1)).toBe(importedHashes.size);

    expect(run('unzip', ['-tq', outFile])).toMatch(/No errors detected/);
    expect(run('7z', ['t', outFile])).toMatch(/Everything is Ok/);

    const bag = unzipBundle(outFile);
    expect(path.basename(bag)).toMatch(/^sakshya-quickcash-loan-app-\d{4}-\d{2}-\d{2}$/);
    for (const [tool, manifest] of [
      ['sha256sum', 'manifest-sha256.txt'],
      ['md5sum', 'manifest-md5.txt'],
      ['sha1sum', 'manifest-sha1.txt'],
      ['sha256sum', 'tagmanifest-sha256.txt'],
      ['md5sum', 'tagmanifest-md5.txt'],
      ['sha1sum', 'tagmanifest-sha1.txt'],
    ] as const) {
      const output = run(tool, ['--strict', '-c', manifest], bag);
      expect(output, manifest).not.toMatch(/FAILED/);
    }
    // Every payload file is in the manifest, and nothing else.
    const listed = fs
      .readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.slice(66));
    expect(listed.sort()).toEqual(
      listFilesUnder(path.join(bag, 'data'))
        .map((p) => `data/${p}`)
        .sort(),
    );
    for (const name of [
      'report.pdf',
      'index.html',
      'manifest.json',
      'manifest.schema.json',
      'timeline.csv',
      'steps.csv',
      'custody-log.jsonl',
      'certificate-section63-draft.pdf',
      'certificate-section63-draft.docx',
    ]) {
      expect(fs.existsSync(path.join(bag, 'data', name)), name).toBe(true);
    }

    // Round trip: each evidence file hashes to what was recorded at import.
    const manifest = JSON.parse(
      fs.readFileSync(path.join(bag, 'data', 'manifest.json'), 'utf8'),
    ) as {
      schemaVersion: number;
      bundleId: string;
      items: {
        id: string;
        path: string;
        originalName: string;
        kind: string;
        hashes: { sha256: string; md5: string; sha1: string };
        custody: unknown[];
        thumbnail: string | null;
      }[];
    };
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.bundleId).toBe(result.bundleId);
    expect(manifest.items).toHaveLength(importedHashes.size);
    for (const item of manifest.items) {
      const file = path.join(bag, item.path);
      expect(sha256sumOf(file), item.originalName).toBe(importedHashes.get(item.id));
      expect(item.hashes.md5).toBe(run('md5sum', [file]).split(' ')[0]);
      expect(item.custody.length).toBeGreaterThan(0);
    }
    expect(manifest.items.find((i) => i.originalName === 'WhatsApp Chat with Ravi.txt')?.kind).toBe(
      'chat',
    );
    expect(manifest.items.filter((i) => i.thumbnail !== null).length).toBeGreaterThanOrEqual(3);
    // Names that Windows refuses were made safe; the Hindi name is kept, in NFC.
    const names = manifest.items.map((i) => path.posix.basename(i.path));
    expect(names).toContainEqual(expect.stringMatching(/^\d{4}_CON\.jpg$/));
    expect(names).toContainEqual(expect.stringMatching(/^\d{4}_Screenshot a_b_\.png$/));
    expect(names).toContainEqual(
      expect.stringMatching(new RegExp(`^\\d{4}_${HINDI_NAME.normalize('NFC')}$`)),
    );

    // The signature, checked with OpenSSH itself.
    const publicKey = fs.readFileSync(path.join(bag, 'signing-key.pub'), 'utf8').trim();
    const signers = path.join(makeTempDir(), 'allowed_signers');
    fs.writeFileSync(signers, `sakshya ${publicKey}\n`);
    const ssh = spawnSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        signers,
        '-I',
        'sakshya',
        '-n',
        'file',
        '-s',
        'tagmanifest-sha256.txt.sig',
      ],
      {
        cwd: bag,
        input: fs.readFileSync(path.join(bag, 'tagmanifest-sha256.txt')),
        encoding: 'utf8',
      },
    );
    expect(ssh.status, ssh.stderr).toBe(0);
    expect(ssh.stdout).toContain(result.signingKeyFingerprint);

    const bagInfo = fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8');
    expect(bagInfo).toContain(`External-Identifier: ${result.bundleId}`);
    expect(bagInfo).toContain(`Signing-Key-Fingerprint: ${result.signingKeyFingerprint}`);
    expect(bagInfo).toMatch(/^Payload-Oxum: \d+\.\d+$/m);
    expect(fs.readFileSync(path.join(bag, 'README.txt'), 'utf8')).toContain(`sakshya ${publicKey}`);

    // Stored for media that is already compressed, deflated for text.
    const listing = run('unzip', ['-v', outFile]);
    const methodOf = (suffix: string): string | undefined =>
      listing
        .split('\n')
        .find((line) => line.trimEnd().endsWith(suffix))
        ?.trim()
        .split(/\s+/)[1];
    expect(methodOf('_CON.jpg')).toBe('Stored');
    expect(methodOf('_Screenshot a_b_.png')).toBe('Stored');
    expect(methodOf('data/report.pdf')).toBe('Stored');
    expect(methodOf('WhatsApp Chat with Ravi.txt')).toMatch(/^Defl/);
    expect(methodOf('data/timeline.csv')).toMatch(/^Defl/);

    // Our own verifier agrees, for the zip and for the unzipped folder.
    for (const target of [outFile, bag]) {
      const report = await verifyBundle(target);
      expect(report.problems, target).toEqual([]);
      expect(report).toMatchObject({
        intact: true,
        bundleId: result.bundleId,
        signature: 'valid',
        signingKeyFingerprint: result.signingKeyFingerprint,
      });
    }

    // The export is in the custody log with the zip's hash.
    const logged = vault.custody(`case:${caseId}`).filter((e) => e.action === 'export');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.details).toMatchObject({
      bundleId: result.bundleId,
      zipSha256: [result.files[0]?.sha256],
      itemCount: result.itemCount,
    });
  });

  it('leaves the chats out when asked, and exports only a selection', async () => {
    const { vault, caseId, importedHashes } = await makeExportVault();
    const outFile = path.join(makeTempDir('sakshya-out-'), 'no-chats.zip');
    const noChats = await exportCase(vault, { caseId, outFile, includeChats: false });
    expect(noChats.itemCount).toBe(importedHashes.size - 1);
    const bag = unzipBundle(outFile);
    expect(
      listFilesUnder(path.join(bag, 'data', 'evidence')).some((n) => n.includes('WhatsApp')),
    ).toBe(false);
    const chosen = [...importedHashes.keys()].slice(0, 2);
    const selection = await exportCase(vault, {
      caseId,
      outFile: path.join(path.dirname(outFile), 'two.zip'),
      evidenceIds: chosen,
    });
    expect(selection.itemCount).toBe(2);
    expect((await verifyBundle(selection.files[0]?.path ?? '')).intact).toBe(true);
    await expect(
      exportCase(vault, { caseId, outFile, evidenceIds: ['not-an-id'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('splits into parts within the size asked, each a complete bag that verifies, sharing one bundle id', async () => {
    const { vault, caseId, importedHashes } = await makeExportVault({
      'recording-1.bin': 1_600_000,
      'recording-2.bin': 1_600_000,
      'recording-3.bin': 1_600_000,
      'huge-video.bin': 5_500_000,
    });
    const outDir = makeTempDir('sakshya-out-');
    const outFile = path.join(outDir, 'split.zip');
    const result = await exportCase(vault, { caseId, outFile, splitMb: 4 });
    const count = result.files.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(result.files.map((f) => f.path)).toEqual(
      Array.from({ length: count }, (_, i) => partName(outFile, i + 1, count)),
    );
    expect(fs.readdirSync(outDir).sort()).toEqual(
      result.files.map((f) => path.basename(f.path)).sort(),
    );
    expect(result.warnings).toEqual([expect.stringContaining('huge-video.bin')]);
    const seen: string[] = [];
    for (const [index, file] of result.files.entries()) {
      const report = await verifyBundle(file.path);
      expect(report.problems, file.path).toEqual([]);
      expect(report.bundleId).toBe(result.bundleId);
      const bag = unzipBundle(file.path);
      const bagInfo = fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8');
      expect(bagInfo).toContain(`Bag-Count: ${String(index + 1)} of ${String(count)}`);
      expect(bagInfo).toContain(`Bag-Group-Identifier: ${result.bundleId}`);
      expect(run('sha256sum', ['--strict', '-c', 'manifest-sha256.txt'], bag)).not.toMatch(
        /FAILED/,
      );
      const items = (
        JSON.parse(fs.readFileSync(path.join(bag, 'data', 'manifest.json'), 'utf8')) as {
          items: { id: string; path: string }[];
        }
      ).items;
      if (!items.some((i) => i.path.includes('huge-video')))
        expect(file.size, file.path).toBeLessThanOrEqual(4 * 1024 * 1024);
      seen.push(...items.map((i) => i.id));
    }
    expect(seen.sort()).toEqual([...importedHashes.keys()].sort());
  });

  it('exports a case with no evidence yet as a complete, verifiable bag', async () => {
    const { vault } = await makeExportVault();
    const empty = vault.createCase({ title: 'Nothing yet', timezone: 'Asia/Kolkata' });
    const outFile = path.join(makeTempDir('sakshya-out-'), 'empty.zip');
    const result = await exportCase(vault, { caseId: empty.id, outFile });
    expect(result.itemCount).toBe(0);
    const report = await verifyBundle(outFile);
    expect(report.problems).toEqual([]);
    expect(run('unzip', ['-tq', outFile])).toMatch(/No errors detected/);
    await expect(exportCase(vault, { caseId: 'no-such-case', outFile })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('picks Stored for compressed media types and deflate for text', () => {
    for (const type of [
      'image/jpeg',
      'image/png',
      'image/heic',
      'image/webp',
      'image/gif',
      'video/mp4',
      'video/quicktime',
      'audio/mpeg',
      'audio/mp4',
      'audio/ogg',
      'application/zip',
      'application/pdf',
    ]) {
      expect(isStoredMediaType(type), type).toBe(true);
    }
    for (const type of [
      'text/plain',
      'text/csv',
      'application/json',
      'application/octet-stream',
      'audio/wav',
    ]) {
      expect(isStoredMediaType(type), type).toBe(false);
    }
    // Files recorded without a sniffed type fall back to their extension.
    expect(isStoredMediaType('application/octet-stream', 'IMG_0001.JPG')).toBe(true);
    expect(isStoredMediaType('application/octet-stream', 'call.m4a')).toBe(true);
    expect(isStoredMediaType('application/octet-stream', 'notes.txt')).toBe(false);
  });
});
