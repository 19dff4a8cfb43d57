// Windows flushes a file with FlushFileBuffers, which needs a handle opened for writing; libuv's
// fsync on a read-only handle fails there. These tests make that happen on Linux.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommitGroup, type GroupOutcome } from '../../../../main/core/import/group-commit';
import { publishStagedBlobsSync, stageFile } from '../../../../main/core/vault/blob-store';
import { checkVault } from '../../../../main/core/vault/check';
import { describeNewEvidence } from '../../../../main/core/vault/vault';
import { isReadOnlyDescriptor, refuseFsyncOnReadOnlyFiles } from '../../../helpers/other-platforms';
import { makeTempDir } from '../../../helpers/temp-dir';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeVault, reopenVault, writeRandomFile } from '../import/import-vault';

afterEach(() => {
  vi.restoreAllMocks();
});

async function stageOne(vault: Vault, file: string) {
  const handle = await fsp.open(file, 'r');
  try {
    return await stageFile(
      vault.layout,
      { recipient: vault.recipient, nameFor: (sha256) => vault.blobNameFor(sha256) },
      handle,
    );
  } finally {
    await handle.close();
  }
}

describe('fsync on Windows-like handles', () => {
  it('the simulated Windows fsync tells a read-only handle from a writable one', () => {
    const file = writeRandomFile(path.join(makeTempDir(), 'a.bin'), 10);
    const readOnly = fs.openSync(file, 'r');
    const writable = fs.openSync(file, 'r+');
    try {
      expect(isReadOnlyDescriptor(readOnly)).toBe(true);
      expect(isReadOnlyDescriptor(writable)).toBe(false);
      const seen = refuseFsyncOnReadOnlyFiles();
      expect(() => {
        fs.fsyncSync(readOnly);
      }).toThrow(/EPERM/);
      fs.fsyncSync(writable);
      expect(seen.refused).toBe(1);
    } finally {
      fs.closeSync(readOnly);
      fs.closeSync(writable);
    }
  });

  it('the lock-time commit fsyncs its staged copies through handles that may write', async () => {
    const { vault } = await makeVault();
    const dir = makeTempDir();
    const staged = [
      await stageOne(vault, writeRandomFile(path.join(dir, 'one.bin'), 3000)),
      await stageOne(vault, writeRandomFile(path.join(dir, 'two.bin'), 4000)),
    ];
    await Promise.all(staged.map((blob) => blob.synced));
    const seen = refuseFsyncOnReadOnlyFiles();
    expect(publishStagedBlobsSync(vault.layout, staged)).toEqual([true, true]);
    expect(seen.refused).toBe(0);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it('a group committed as the app locks keeps every file when fsync needs a writable handle', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const files = [1, 2, 3].map((n) => writeRandomFile(path.join(dir, `${n}.bin`), 2000 + n));
    const group = new CommitGroup(vault, caseId, { maxFiles: 10 });
    const settled: GroupOutcome[] = [];
    for (const file of files) {
      const blob = await stageOne(vault, file);
      const record = describeNewEvidence(caseId, blob, { originalName: path.basename(file) });
      group.add({ blob, record, settle: (outcome) => settled.push(outcome) });
    }
    const seen = refuseFsyncOnReadOnlyFiles();
    group.commitNow();
    vault.lock();
    vi.restoreAllMocks();
    expect(seen.refused).toBe(0);
    expect(settled.map((o) => o.status)).toEqual(['imported', 'imported', 'imported']);
    const reopened = await reopenVault(path.dirname(vault.layout.database));
    const report = await checkVault(reopened);
    expect(report.problems).toEqual([]);
  });
});
