// Every path in a bundle must stay under Windows' MAX_PATH (260 UTF-16 units, with the NUL) where
// a frightened user will unpack it: Explorer's "Extract All" on
// C:\Users\<name>\Downloads\<top>.zip makes C:\Users\<name>\Downloads\<top>\<top>\…, the top
// folder nested twice. A long case title and long file names (Latin and Hindi) make it tight.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { verifyBundle } from '../../../../main/core/export/verify-bundle';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeExportVault, unzipBundle } from './export-vault';

const USER = 'Asha Ravindranath K.'; // 20 characters, the most a local Windows account has
const LONG_LATIN = `${'Screenshot_2024-05-12-21-43-10_com.whatsapp notice from recovery agent '.repeat(2).slice(0, 112)}.jpeg`;
const LONG_HINDI = `${'वसूली एजेंट की धमकी भरा संदेश '.repeat(4).slice(0, 39)}.png`;

function listPaths(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = `${prefix}${entry.name}`;
    return entry.isDirectory() ? listPaths(path.join(dir, entry.name), `${rel}\\`) : [rel];
  });
}

describe('bundle paths on Windows', () => {
  it('stay under MAX_PATH after "Extract All" into Downloads nests the top folder twice', async () => {
    const { vault, caseId } = await makeExportVault({ [LONG_LATIN]: 300, [LONG_HINDI]: 200 });
    vault.updateCase(caseId, {
      title: 'QuickCash Instant Personal Loan App recovery harassment and threats to family 2024',
    });
    const zip = path.join(makeTempDir(), 'bundle.zip');
    await exportCase(vault, { caseId, outFile: zip });
    const bag = unzipBundle(zip);
    const top = path.basename(bag);
    expect(top.length).toBeGreaterThan(55);
    const base = `C:\\Users\\${USER}\\Downloads\\${top}\\${top}\\`;
    const paths = listPaths(bag).map((rel) => base + rel);
    expect(paths.length).toBeGreaterThan(10);
    const longest = paths.reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest.length, longest).toBeLessThanOrEqual(259);
    // The long names were shortened, keeping their extensions, and the bag is still intact.
    const evidence = fs.readdirSync(path.join(bag, 'data', 'evidence'));
    expect(evidence.some((n) => n.startsWith('0') && n.endsWith('.jpeg'))).toBe(true);
    expect(evidence.some((n) => n.includes('वसूली') && n.endsWith('.png'))).toBe(true);
    expect((await verifyBundle(bag)).intact).toBe(true);
  });
});
