import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import {
  CommitGroup,
  type GroupEntry,
  type GroupOutcome,
} from '../../../../main/core/import/group-commit';
import { importPaths } from '../../../../main/core/import/pipeline';
import { describeNewEvidence } from '../../../../main/core/vault/vault';
import { checkVault } from '../../../../main/core/vault/check';
import { objectPath, sidecarPath } from '../../../../main/core/vault/layout';
import { listSidecarIds } from '../../../../main/core/vault/sidecars';
import {
  decryptWithAgeTool,
  IN_THIS_THREAD,
  readX25519Shares,
  stageThrough,
} from '../../../helpers/staging';
import { makeTempDir } from '../../../helpers/temp-dir';
import { listUnrecordedBlobs, makeVault, reopenVault, writeRandomFile } from './import-vault';

function writeFiles(count: number): { dir: string; files: string[] } {
  const dir = makeTempDir();
  const files = Array.from({ length: count }, (_, index) =>
    writeRandomFile(path.join(dir, `${String(index).padStart(3, '0')}.bin`), 1500 + index),
  );
  return { dir, files };
}

describe('importPaths committing small files in groups', () => {
  it('records every file of a 40-file batch with its stored file, sidecar and custody entry', async () => {
    const { vault, caseId } = await makeVault();
    const { files } = writeFiles(40);
    // A second copy inside the same group waits for the first to commit, and is its duplicate.
    const copy = path.join(path.dirname(files[0] ?? ''), 'copy-of-first.bin');
    fs.copyFileSync(files[3] ?? '', copy);
    const results = await importPaths(vault, [...files.slice(0, 10), copy, ...files.slice(10)], {
      caseId,
      commitGroup: { maxFiles: 16 },
    });
    expect(results.filter((r) => r.status === 'imported')).toHaveLength(40);
    expect(results[10]).toMatchObject({ status: 'duplicate', reasonCode: 'duplicate' });
    expect(results[10]?.evidenceId).toBe(results[3]?.evidenceId);

    const stored = new EvidenceRepository(vault.db).listByCase(caseId);
    expect(stored.map((e) => e.id).sort()).toEqual(
      results
        .filter((r) => r.status === 'imported')
        .map((r) => r.evidenceId)
        .sort(),
    );
    for (const item of stored) {
      expect(fs.existsSync(objectPath(vault.layout, item.blobName))).toBe(true);
      expect(fs.existsSync(sidecarPath(vault.layout, 'evidence', item.id))).toBe(true);
      expect(vault.custody(`evidence:${item.id}`).map((e) => e.action)).toEqual(['evidence.added']);
    }
    expect(listSidecarIds(vault.layout, 'evidence')).toHaveLength(40);
    // Sealed with headers the stage workers made ahead: each its own, and standard age.
    const sidecars = stored.map((item) => sidecarPath(vault.layout, 'evidence', item.id));
    expect(new Set(sidecars.map((file) => readX25519Shares(file).join())).size).toBe(40);
    const first = stored[0];
    if (first === undefined) throw new Error('nothing stored');
    // An authenticated sidecar: the v1 record as its body, with kind, id and a MAC around it.
    const sealed = JSON.parse(decryptWithAgeTool(vault, sidecars[0] ?? '').toString('utf8')) as {
      body: string;
    };
    expect(sealed).toMatchObject({ format: 'sakshya-sidecar/2', kind: 'evidence', id: first.id });
    expect(JSON.parse(sealed.body)).toMatchObject({
      schema: 'sakshya-evidence-sidecar/1',
      evidence: { id: first.id, sha256: first.sha256 },
    });
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    const report = await checkVault(vault);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([]);
  });

  it('keeps adding the files behind a group while that group commits', async () => {
    const { vault, caseId } = await makeVault();
    const { files } = writeFiles(8);
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let added = 0;
    // Every commit is held at its start until the gate opens, as if its fsyncs were slow.
    class SlowGroup extends CommitGroup {
      override add(entry: GroupEntry): void {
        added += 1;
        super.add(entry);
      }
      override async flush(): Promise<void> {
        await gate;
        return super.flush();
      }
    }
    const group = new SlowGroup(vault, caseId, { maxFiles: 2 });
    const done = importPaths(vault, files, { caseId, group, lanes: 4 });
    // The first group is full and waiting to commit; files 3 and 4 still join the next one. Eight
    // files start the stage workers, which under a loaded test run can take over vi.waitFor's
    // default second to load from source: this is a limit on waiting, not a timing under test.
    await vi.waitFor(
      () => {
        expect(added).toBeGreaterThanOrEqual(4);
      },
      { timeout: 20_000 },
    );
    expect(new EvidenceRepository(vault.db).listByCase(caseId)).toHaveLength(0);
    open();
    const results = await done;
    expect(results.map((r) => r.status)).toEqual(Array<string>(8).fill('imported'));
    expect(new EvidenceRepository(vault.db).listByCase(caseId)).toHaveLength(8);
  });

  it('keeps the groups already committed when the vault locks, and reports the waiting files as not imported', async () => {
    const { vault, caseId } = await makeVault();
    const { files } = writeFiles(40);
    const results = await importPaths(vault, files, {
      caseId,
      // Groups close by count only: at the default 1 s wait, a loaded machine (a CI run) closed
      // the second group after 13 files, so 14–16 were still waiting when it locked.
      commitGroup: { maxFiles: 8, maxWaitMs: 600_000 },
      lanes: 1,
      onProgress: (p) => {
        if (p.done === 20) vault.lock();
      },
    });
    // Files 1–16 went in two committed groups; 17–20 were waiting for the third when it locked.
    expect(results.slice(0, 16).map((r) => r.status)).toEqual(Array(16).fill('imported'));
    expect(results.slice(16).map((r) => [r.status, r.reasonCode, r.evidenceId])).toEqual(
      Array(24).fill(['skipped', 'vault-locked', null]),
    );
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
  });

  it('on cancel commits the files that had finished and were waiting, and skips the rest', async () => {
    const { vault, caseId } = await makeVault();
    const { files } = writeFiles(12);
    const controller = new AbortController();
    const results = await importPaths(vault, files, {
      caseId,
      signal: controller.signal,
      lanes: 1,
      onProgress: (p) => {
        if (p.done === 5) controller.abort();
      },
    });
    expect(results.map((r) => r.status)).toEqual([
      ...Array<string>(5).fill('imported'),
      ...Array<string>(7).fill('skipped'),
    ]);
    expect(new EvidenceRepository(vault.db).listByCase(caseId)).toHaveLength(5);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    expect((await checkVault(vault)).notes).toEqual([]);
  });

  it('fails every file of a group whose sidecars cannot be written, leaving no stored copy, sidecar or row', async () => {
    const { vault, caseId } = await makeVault();
    const { files } = writeFiles(6);
    // A file where the sidecar folder should be: every sidecar write of the group fails.
    const folder = path.join(vault.layout.sidecars, 'evidence');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.writeFileSync(folder, 'not a folder');
    const results = await importPaths(vault, files, { caseId });
    expect(results.map((r) => [r.status, r.evidenceId])).toEqual(Array(6).fill(['failed', null]));
    expect(results[0]?.reason).toEqual(expect.any(String));
    expect(new EvidenceRepository(vault.db).listByCase(caseId)).toEqual([]);
    expect(listUnrecordedBlobs(vault)).toEqual([]);
    expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    expect(vault.custody().filter((e) => e.action === 'evidence.added')).toEqual([]);
  });

  it('commits the files waiting in a group when the app locks, so every file counted as done stays imported', async () => {
    const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
    const handlers = createHandlers(core, {});
    const passphrase = 'monsoon tea on the terrace';
    await dispatchCall(handlers, 'vault:create', { passphrase });
    const created = await dispatchCall(handlers, 'case:create', { title: 'QuickCash' });
    const caseId = created.ok ? (created.value as { id: string }).id : '';
    const { files } = writeFiles(40);
    try {
      const results = await core.importEvidence({
        taskId: crypto.randomUUID(),
        caseId,
        paths: files,
        onProgress: (p) => {
          if (p.done === 20) core.lock('idle');
        },
      });
      // The default group holds 32 files: all 20 done ones were still waiting when it locked. Files
      // imported side by side (lanes.ts) may have been further on: one already waiting in the
      // group is committed with the rest; one still being read stops, as locked.
      expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill('imported'));
      for (const later of results.slice(20)) {
        expect([later.status, later.reasonCode]).toEqual(
          later.status === 'imported' ? ['imported', null] : ['skipped', 'vault-locked'],
        );
      }
      expect(results.filter((r) => r.status === 'imported').length).toBeLessThan(25);

      await core.unlock(passphrase);
      const vault = core.requireVault();
      expect(
        new EvidenceRepository(vault.db)
          .listByCase(caseId)
          .map((e) => e.id)
          .sort(),
      ).toEqual(
        results
          .filter((r) => r.status === 'imported')
          .map((r) => r.evidenceId)
          .sort(),
      );
      const report = await checkVault(vault);
      expect(report.problems).toEqual([]);
      expect(report.notes).toEqual([]);
      expect(fs.readdirSync(vault.layout.temp)).toEqual([]);
    } finally {
      void core.close();
    }
  });

  it('when the app locks during a commit that awaits its fsyncs, takes its files over and commits each exactly once', async () => {
    const { vault, caseId } = await makeVault();
    const { files } = writeFiles(3);
    const group = new CommitGroup(vault, caseId, { maxFiles: 1 });
    const settled: GroupOutcome[][] = files.map(() => []);
    for (const [index, file] of files.entries()) {
      const blob = await stageThrough(IN_THIS_THREAD, vault, file);
      const record = describeNewEvidence(caseId, blob, { originalName: path.basename(file) });
      group.add({ blob, record, settle: (outcome) => settled[index]?.push(outcome) });
    }
    const flushing = group.flush();
    // Two turns: the commit has started, taken the files, and now waits on the thread pool.
    await Promise.resolve();
    await Promise.resolve();
    expect(group.isDue).toBe(false);
    expect(group.holds(describeSha(files[0] ?? ''))).toBe(true);
    group.commitNow();
    vault.lock();
    await flushing;

    expect(settled.map((outcomes) => outcomes.map((o) => o.status))).toEqual(
      Array(3).fill(['imported']),
    );
    const reopened = await reopenVault(path.dirname(vault.layout.database));
    const stored = new EvidenceRepository(reopened.db).listByCase(caseId);
    expect(stored).toHaveLength(3);
    for (const item of stored)
      expect(reopened.custody(`evidence:${item.id}`).map((e) => e.action)).toEqual([
        'evidence.added',
      ]);
    expect(fs.readdirSync(reopened.layout.temp)).toEqual([]);
    const report = await checkVault(reopened);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([]);
  });
});

function describeSha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
