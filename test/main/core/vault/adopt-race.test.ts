// Review finding (trust-review, 2026-12-06): every unlock adopts evidence whose authentic sidecar
// and stored file are in the vault but whose row is missing (vault.ts settleOnOpen). A CLI import
// running beside the app writes exactly that state for a moment: sidecar durable, row not yet
// committed. Two real vaults on one folder (two database connections, as the app and the CLI have)
// play both sides. The only seam is a pause after the real sidecar write, so the other unlock runs
// at that very moment instead of by luck.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { CommitGroup, type GroupOutcome } from '../../../../main/core/import/group-commit';
import { publishStagedBlobs } from '../../../../main/core/vault/blob-store';
import { checkVault } from '../../../../main/core/vault/check';
import { sidecarPath } from '../../../../main/core/vault/layout';
import { adoptOrphans } from '../../../../main/core/vault/rebuild';
import { writeEvidenceSidecars } from '../../../../main/core/vault/sidecars';
import { describeNewEvidence, type Vault } from '../../../../main/core/vault/vault';
import { IN_THIS_THREAD, stageThrough } from '../../../helpers/staging';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault, reopenVault, writeRandomFile } from '../import/import-vault';

const pause = vi.hoisted(() => ({ afterSidecars: null as null | (() => Promise<void>) }));

vi.mock('../../../../main/core/vault/sidecars', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../main/core/vault/sidecars')>();
  return {
    ...real,
    writeEvidenceSidecars: async (
      ...args: Parameters<typeof real.writeEvidenceSidecars>
    ): Promise<void> => {
      await real.writeEvidenceSidecars(...args);
      const then = pause.afterSidecars;
      pause.afterSidecars = null;
      if (then !== null) await then();
    },
  };
});

async function stage(vault: Vault, caseId: string) {
  const file = writeRandomFile(path.join(makeTempDir(), 'agent-threat.bin'), 4000);
  const blob = await stageThrough(IN_THIS_THREAD, vault, file);
  return { blob, record: describeNewEvidence(caseId, blob, { originalName: 'agent-threat.bin' }) };
}

describe('adoption at unlock beside an import running in another process', () => {
  it('keeps the sidecar of a file the other unlock adopted between its sidecar and its row', async () => {
    const { vault: cli, dir, caseId } = await makeVault();
    const { blob, record } = await stage(cli, caseId);
    const group = new CommitGroup(cli, caseId, { maxFiles: 1 });
    const outcomes: GroupOutcome[] = [];
    group.add({ blob, record, settle: (outcome) => outcomes.push(outcome) });
    let app: Vault | undefined;
    pause.afterSidecars = async () => {
      app = await reopenVault(dir);
    };
    await group.flush();

    // The app's unlock adopted it; the import still counts it as its own, once.
    expect(app?.broughtBackAtOpen.map((item) => item.subject)).toEqual([`evidence:${record.id}`]);
    expect(outcomes).toEqual([expect.objectContaining({ status: 'imported' })]);
    expect(new EvidenceRepository(cli.db).listByCase(caseId).map((e) => e.id)).toEqual([record.id]);
    // Without its sidecar a rebuild would lose it, and check names it.
    expect(fs.existsSync(sidecarPath(cli.layout, 'evidence', record.id))).toBe(true);
    const report = await checkVault(cli);
    expect(report.problems).toEqual([]);
  });

  it('lets the unlock finish when the import commits its row while the unlock is still checking the stored file', async () => {
    const { vault: cli, dir, caseId } = await makeVault();
    const app = await reopenVault(dir);
    const { blob, record } = await stage(cli, caseId);
    await publishStagedBlobs(cli.layout, [blob]);
    await writeEvidenceSidecars(cli.layout, cli.sidecarKeys(), [record]);

    // The app's adoption reads the list, then decrypts the stored file (asynchronously)...
    const adopting = adoptOrphans(app, { acceptDatabase: false });
    // ...while the CLI commits the row of its own import.
    cli.db.transaction(() => cli.insertEvidenceRows(record))();

    const report = await adopting;
    expect(report.adopted).toEqual([]);
    expect(new EvidenceRepository(app.db).listByCase(caseId).map((e) => e.id)).toEqual([record.id]);
    expect(app.custody(`evidence:${record.id}`).map((e) => e.action)).toEqual(['evidence.added']);
  });
});
