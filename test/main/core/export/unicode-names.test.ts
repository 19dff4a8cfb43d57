// macOS tools may write decomposed (NFD) file names; Linux keeps names byte for byte, so renaming
// files to NFD here makes an unzip on a Mac happen. Names must then still match in NFC.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { verifyBundle } from '../../../../main/core/export/verify-bundle';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeExportVault, run, unzipBundle } from './export-vault';

const ACCENTED = ['Résumé notice.pdf', 'Muñoz.jpg'];
let zip = '';
let keep = '';

beforeAll(async () => {
  const { vault, caseId } = await makeExportVault({
    [ACCENTED[0] ?? '']: 2000,
    [ACCENTED[1] ?? '']: 1500,
  });
  keep = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'sakshya-nfd-'));
  zip = path.join(keep, 'bundle.zip');
  await exportCase(vault, { caseId, outFile: zip });
  vault.lock();
  return () => {
    fs.rmSync(keep, { recursive: true, force: true });
  };
});

/** Renames every file under `dir` whose name changes in NFD to its NFD form; returns how many. */
function decomposeNames(dir: string): number {
  let renamed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) renamed += decomposeNames(full);
    const nfd = entry.name.normalize('NFD');
    if (nfd !== entry.name) {
      fs.renameSync(full, path.join(dir, nfd));
      renamed += 1;
    }
  }
  return renamed;
}

describe('verify of a bundle unzipped on a Mac', () => {
  it('the exported bag names the accented files in NFC, so this test has NFD to make', () => {
    const bag = unzipBundle(zip);
    const names = fs.readdirSync(path.join(bag, 'data', 'evidence'));
    for (const accented of ACCENTED) {
      expect(names.some((n) => n.includes(accented.slice(0, 5)) && n === n.normalize('NFC'))).toBe(
        true,
      );
    }
  });

  it('finds an unzipped bag whose accented names were written decomposed intact', async () => {
    const bag = unzipBundle(zip);
    expect(decomposeNames(path.join(bag, 'data'))).toBeGreaterThanOrEqual(2);
    const report = await verifyBundle(bag);
    expect(report.problems).toEqual([]);
    expect(report.intact).toBe(true);
  });

  it('finds a zip made again on a Mac, with decomposed names, intact', async () => {
    const bag = unzipBundle(zip);
    decomposeNames(path.join(bag, 'data'));
    const rezipped = path.join(makeTempDir(), 'again.zip');
    run('zip', ['-q', '-r', '-X', rezipped, path.basename(bag)], path.dirname(bag));
    const report = await verifyBundle(rezipped);
    expect(report.problems).toEqual([]);
    expect(report.intact).toBe(true);
  });

  it('still names a changed accented file, under its composed name', async () => {
    const bag = unzipBundle(zip);
    const evidence = path.join(bag, 'data', 'evidence');
    const target = fs.readdirSync(evidence).find((n) => n.includes('Muñoz')) ?? '';
    const bytes = fs.readFileSync(path.join(evidence, target));
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    fs.writeFileSync(path.join(evidence, target), bytes);
    decomposeNames(path.join(bag, 'data'));
    const report = await verifyBundle(bag);
    expect(report.problems.map((p) => [p.code, p.path])).toEqual([
      ['hash-mismatch', `data/evidence/${target}`],
    ]);
  });
});
