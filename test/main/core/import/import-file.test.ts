// importOneFile on its own: what it does when the file changes after it was stored, while the
// import reads it again from its path for its type, metadata or chat messages.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importOneFile, type FileImportContext } from '../../../../main/core/import/import-file';
import { makeTempDir } from '../../../helpers/temp-dir';
import { listUnrecordedBlobs, makeVault } from './import-vault';

describe('importOneFile', () => {
  it.each([
    [
      'changes',
      (file: string) => {
        fs.appendFileSync(file, '\n12/05/24, 21:50 - Agent: a line added later');
      },
      /changed while it was being read/,
    ],
    [
      'is deleted',
      (file: string) => {
        fs.rmSync(file);
      },
      /moved or deleted/,
    ],
  ])(
    'fails a file that %s after it was stored, while it is read again, and keeps nothing of it',
    async (_what, meddle, reason) => {
      const { vault, caseId } = await makeVault();
      const file = path.join(makeTempDir(), 'chat.txt');
      fs.writeFileSync(file, '12/05/24, 21:43 - Agent: pay today\n');
      const ctx: FileImportContext = {
        vault,
        caseId,
        timezone: 'Asia/Kolkata',
        provenance: { kind: 'unknown' },
        signal: undefined,
        maxFileBytes: 1024 * 1024,
        thumbnails: undefined,
        group: undefined,
        onBytes: () => undefined,
      };
      const outcome = await importOneFile<null>(ctx, {
        file,
        displayPath: file,
        originalName: 'chat.txt',
        useMtime: true,
        // Where a chat export's messages are read from the path, after the bytes were stored.
        inspect: () => {
          meddle(file);
          return Promise.resolve({ warnings: [], payload: null });
        },
      });
      expect(outcome.result).toMatchObject({
        status: 'failed',
        reasonCode: 'changed-while-reading',
        reason: expect.stringMatching(reason) as unknown,
      });
      expect(new EvidenceRepository(vault.db).listByCase(caseId)).toEqual([]);
      expect(listUnrecordedBlobs(vault)).toEqual([]);
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    },
  );
});
