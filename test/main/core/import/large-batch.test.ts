import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths, type ImportProgress } from '../../../../main/core/import/pipeline';
import { checkVault } from '../../../../main/core/vault/check';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault } from './import-vault';

const FILE_COUNT = 10_000;

/** 10,000 tiny files of distinct content, spread 10 × 10 × 100 through nested folders. */
function writeManyFiles(root: string): void {
  for (let index = 0; index < FILE_COUNT; index += 1) {
    const folder = path.join(
      root,
      `phone-${Math.floor(index / 1000)}`,
      `album-${Math.floor(index / 100) % 10}`,
    );
    if (index % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `note-${index}.txt`), `note number ${index}\n`);
  }
}

describe('importPaths with a very large drop', () => {
  it(
    'imports 10,000 files from nested folders in one call, reporting progress all the way',
    async () => {
      const { vault, caseId } = await makeVault();
      const root = path.join(makeTempDir(), 'export');
      writeManyFiles(root);
      const reports: ImportProgress[] = [];
      const results = await importPaths(vault, [root], {
        caseId,
        onProgress: (progress) => {
          reports.push({ ...progress });
        },
      });

      expect(results).toHaveLength(FILE_COUNT);
      expect(results.filter((r) => r.status !== 'imported')).toEqual([]);
      expect(new Set(results.map((r) => r.sha256)).size).toBe(FILE_COUNT);
      expect(new EvidenceRepository(vault.db).listByCase(caseId)).toHaveLength(FILE_COUNT);

      for (const [index, report] of reports.entries()) {
        expect(report.total).toBe(FILE_COUNT);
        expect(report.done).toBeLessThanOrEqual(report.total);
        expect(report.bytesDone).toBeLessThanOrEqual(report.bytesTotal);
        const previous = reports[index - 1];
        if (previous === undefined) continue;
        expect(report.done).toBeGreaterThanOrEqual(previous.done);
        expect(report.bytesDone).toBeGreaterThanOrEqual(previous.bytesDone);
      }
      expect(reports.at(-1)).toMatchObject({ done: FILE_COUNT, total: FILE_COUNT });
      expect(reports.at(-1)?.bytesDone).toBe(reports.at(-1)?.bytesTotal);

      const report = await checkVault(vault);
      expect(report.problems).toEqual([]);
      expect(report.notes).toEqual([]);
    },
    // Real encryption and a durable write per file: about 95 s on a 2-core machine, so room to spare.
    600_000,
  );
});
