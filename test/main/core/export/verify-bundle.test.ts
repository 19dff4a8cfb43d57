// verifyBundle names exactly what was tampered with, and never writes anything for a hostile zip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { checkCustodyLog, verifyBundle } from '../../../../main/core/export/verify-bundle';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeExportVault, unzipBundle } from './export-vault';

let zip = '';
let keep = '';

beforeAll(async () => {
  const { vault, caseId } = await makeExportVault();
  // Kept outside the per-test temp folders, which are removed after each test.
  keep = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'sakshya-verify-'));
  zip = path.join(keep, 'bundle.zip');
  await exportCase(vault, { caseId, outFile: zip, extraHashes: ['md5'] });
  vault.lock();
  return () => {
    fs.rmSync(keep, { recursive: true, force: true });
  };
});

function freshBag(): string {
  return unzipBundle(zip);
}

function firstEvidence(bag: string): string {
  const name = fs.readdirSync(path.join(bag, 'data', 'evidence')).sort()[0] ?? '';
  return `data/evidence/${name}`;
}

function python(script: string, ...args: string[]): void {
  execFileSync('python3', ['-c', script, ...args]);
}

describe('verifyBundle', () => {
  it('names the one evidence file whose byte was flipped', async () => {
    const bag = freshBag();
    const target = firstEvidence(bag);
    const bytes = fs.readFileSync(path.join(bag, target));
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0x01;
    fs.writeFileSync(path.join(bag, target), bytes);
    const report = await verifyBundle(bag);
    expect(report.intact).toBe(false);
    expect(report.signature).toBe('valid');
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([['hash-mismatch', target]]);
  });

  it('names the evidence file whose byte was flipped inside the zip itself', async () => {
    const dir = makeTempDir('sakshya-zip-flip-');
    const copy = path.join(dir, 'flipped.zip');
    fs.copyFileSync(zip, copy);
    // Python's zipfile finds where the first stored evidence entry's bytes start.
    const found = execFileSync(
      'python3',
      [
        '-c',
        [
          'import sys, zipfile, struct',
          'z = zipfile.ZipFile(sys.argv[1])',
          "i = sorted((i for i in z.infolist() if '/data/evidence/' in i.filename and i.compress_type == 0), key=lambda i: i.filename)[0]",
          "f = open(sys.argv[1], 'rb'); f.seek(i.header_offset); h = f.read(30)",
          "n, e = struct.unpack('<HH', h[26:30])",
          "print(i.header_offset + 30 + n + e + i.file_size // 2); print(i.filename.split('/', 1)[1])",
        ].join('\n'),
        copy,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    const offset = Number(found[0]);
    const bytes = fs.readFileSync(copy);
    bytes[offset] = (bytes[offset] ?? 0) ^ 0x10;
    fs.writeFileSync(copy, bytes);
    const report = await verifyBundle(copy);
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([['hash-mismatch', found[1]]]);
  });

  it('names the edited manifest, not the file, when a manifest line was changed', async () => {
    const bag = freshBag();
    const manifest = path.join(bag, 'manifest-sha256.txt');
    const lines = fs.readFileSync(manifest, 'utf8').split('\n');
    const first = lines[0] ?? '';
    lines[0] = `${first.startsWith('a') ? 'b' : 'a'}${first.slice(1)}`;
    fs.writeFileSync(manifest, lines.join('\n'));
    const report = await verifyBundle(bag);
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([
      ['tagmanifest', 'manifest-sha256.txt'],
      ['manifest-line', 'manifest-sha256.txt'],
    ]);
    expect(report.problems[1]?.message).toContain('line 1 ');
  });

  it('reports an altered signature as invalid and nothing else', async () => {
    const bag = freshBag();
    const sig = path.join(bag, 'tagmanifest-sha256.txt.sig');
    const text = fs.readFileSync(sig, 'utf8');
    const lines = text.split('\n');
    const middle = lines[3] ?? '';
    lines[3] = `${middle.slice(0, 10)}${middle[10] === 'A' ? 'B' : 'A'}${middle.slice(11)}`;
    fs.writeFileSync(sig, lines.join('\n'));
    const report = await verifyBundle(bag);
    expect(report.signature).toBe('invalid');
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([
      ['signature', 'tagmanifest-sha256.txt.sig'],
    ]);
  });

  it('reports an added file, a removed one with Payload-Oxum, and a changed custody entry', async () => {
    const bag = freshBag();
    fs.writeFileSync(path.join(bag, 'data', 'evidence', 'planted.jpg'), 'not evidence');
    const removed = firstEvidence(bag);
    fs.rmSync(path.join(bag, removed));
    const log = path.join(bag, 'data', 'custody-log.jsonl');
    fs.writeFileSync(
      log,
      fs.readFileSync(log, 'utf8').replace('"action":"case.created"', '"action":"case.renamed"'),
    );
    const report = await verifyBundle(bag);
    const found = report.problems.map((p) => [p.code, p.path]);
    expect(found).toContainEqual(['extra-file', 'data/evidence/planted.jpg']);
    expect(found).toContainEqual(['missing-file', removed]);
    expect(found).toContainEqual(['oxum', 'bag-info.txt']);
    expect(found).toContainEqual(['hash-mismatch', 'data/custody-log.jsonl']);
    expect(found).toContainEqual(['custody-chain', 'data/custody-log.jsonl']);
  });

  it('names a file added beside the bag and vouched for only by the unsigned MD5 tag manifest', async () => {
    const bag = freshBag();
    const notice = '<p>This bundle was checked by the police.</p>';
    fs.writeFileSync(path.join(bag, 'NOTICE.html'), notice);
    const md5 = execFileSync('md5sum', ['NOTICE.html'], { cwd: bag, encoding: 'utf8' });
    fs.appendFileSync(path.join(bag, 'tagmanifest-md5.txt'), md5);
    const report = await verifyBundle(bag);
    expect(report.intact).toBe(false);
    expect(report.problems.map((p) => [p.code, p.path])).toContainEqual([
      'extra-file',
      'NOTICE.html',
    ]);
  });

  it('checks the custody chain links, and whole entries by their hash recipe', () => {
    const bag = freshBag();
    const text = fs.readFileSync(path.join(bag, 'data', 'custody-log.jsonl'), 'utf8');
    expect(checkCustodyLog(text)).toEqual([]);
    const lines = text.trim().split('\n');
    expect(checkCustodyLog([lines[0], ...lines.slice(2)].join('\n'))[0]).toMatch(/out of place/);
  });

  it('reports hostile zip entries (../, absolute, a link, a second copy) as problems and writes nothing', async () => {
    const dir = makeTempDir('sakshya-hostile-');
    const hostile = path.join(dir, 'inner', 'hostile.zip');
    fs.mkdirSync(path.dirname(hostile));
    fs.copyFileSync(zip, hostile);
    python(
      [
        'import sys, zipfile',
        "z = zipfile.ZipFile(sys.argv[1], 'a')",
        "z.writestr('../evil.txt', 'owned')",
        "z.writestr('/tmp/sakshya-evil-abs.txt', 'owned')",
        "info = zipfile.ZipInfo('link-out')",
        'info.external_attr = (0o120777 << 16)',
        "z.writestr(info, '/etc/passwd')",
        "first = sorted(n for n in z.namelist() if '/data/evidence/' in n)[0]",
        "z.writestr(first, 'a second copy with other bytes')",
        "open(sys.argv[2], 'w').write(first)",
        'z.close()',
      ].join('\n'),
      hostile,
      path.join(dir, 'duplicate-name.txt'),
    );
    const duplicate = fs.readFileSync(path.join(dir, 'duplicate-name.txt'), 'utf8');
    const before = fs.readdirSync(dir, { recursive: true });
    const report = await verifyBundle(hostile);
    expect(report.intact).toBe(false);
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([
      ['zip', '../evil.txt'],
      ['zip', '/tmp/sakshya-evil-abs.txt'],
      ['zip', 'link-out'],
      ['zip', duplicate],
    ]);
    expect(fs.readdirSync(dir, { recursive: true })).toEqual(before);
    expect(fs.existsSync('/tmp/sakshya-evil-abs.txt')).toBe(false);
  });

  it('throws BUNDLE_UNREADABLE for a file that is not a zip, a zip with no bag, or a missing path', async () => {
    const dir = makeTempDir('sakshya-unreadable-');
    fs.writeFileSync(path.join(dir, 'not.zip'), 'hello');
    await expect(verifyBundle(path.join(dir, 'not.zip'))).rejects.toMatchObject({
      code: 'BUNDLE_UNREADABLE',
    });
    python(
      "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\nz.writestr('a.txt', 'x')\nz.close()",
      path.join(dir, 'plain.zip'),
    );
    await expect(verifyBundle(path.join(dir, 'plain.zip'))).rejects.toMatchObject({
      code: 'BUNDLE_UNREADABLE',
    });
    await expect(verifyBundle(path.join(dir, 'missing.zip'))).rejects.toMatchObject({
      code: 'BUNDLE_UNREADABLE',
    });
    await expect(verifyBundle(dir)).rejects.toMatchObject({ code: 'BUNDLE_UNREADABLE' });
  });
});
