// The soak's look at the backup folder after a kill (run-soak.ts). A kill during a backup must leave
// the previous generation complete: `backup verify`, with the vault's own keys, finds no problem,
// the current generation never goes back, and it restores (with either passphrase, since `passwd`
// may have changed it since) into a vault that `check` finds clean, whose every item hashes as its
// source and which still holds every item an earlier restore held.
import fs from 'node:fs';
import path from 'node:path';
import { BackupService } from '../../main/core/backup/backup-service';
import { EvidenceRepository } from '../../main/core/db/repositories/evidence';
import { checkVault } from '../../main/core/vault/check';
import type { Vault } from '../../main/core/vault/vault';
import { SakshyaError } from '../../shared/errors';

export interface BackupWatch {
  /** The newest generation seen so far (0 before the first). */
  generation: number;
  /** Every item the newest restore held. */
  ids: Set<string>;
}

export interface BackupInspection {
  problems: string[];
  watch: BackupWatch;
}

export async function inspectBackup(
  vault: Vault,
  folder: string,
  scratch: string,
  passphrases: readonly string[],
  expected: Map<string, Set<string>>,
  before: BackupWatch,
): Promise<BackupInspection> {
  const problems: string[] = [];
  const report = await new BackupService(() => vault).verify({ folder });
  for (const finding of report.problems) problems.push(`backup: ${finding.message}`);
  if (report.authenticated !== true) problems.push('backup: its manifests are not authenticated');
  if (report.snapshotOpens === false) problems.push('backup: its database snapshot does not open');
  const generation = report.generation ?? 0;
  if (generation < before.generation)
    problems.push(
      `backup: generation ${String(generation)} is older than ${String(before.generation)}`,
    );
  if (problems.length > 0 || generation === 0) return { problems, watch: before };

  const restored = await restoreWithEither(
    folder,
    path.join(scratch, `restored-${String(generation)}`),
    passphrases,
  );
  try {
    if (restored === null) {
      problems.push('backup: neither passphrase restores it');
      return { problems, watch: before };
    }
    const check = await checkVault(restored);
    for (const p of check.problems) problems.push(`restored: ${p.kind} ${p.subject}: ${p.message}`);
    const ids = new Set<string>();
    for (const item of new EvidenceRepository(restored.db).listAll()) {
      ids.add(item.id);
      if (expected.get(item.originalName)?.has(item.sha256) !== true)
        problems.push(`restored: evidence:${item.id} does not hash as its source`);
    }
    // A newer generation may only add: the vault it copies never loses an item.
    if (generation > before.generation)
      for (const id of before.ids)
        if (!ids.has(id)) problems.push(`restored: evidence:${id} was in the backup and is gone`);
    return { problems, watch: { generation, ids } };
  } finally {
    restored?.lock();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function restoreWithEither(
  folder: string,
  into: string,
  passphrases: readonly string[],
): Promise<Vault | null> {
  const service = new BackupService(() => undefined);
  for (const passphrase of passphrases) {
    try {
      const { vault } = await service.restore(
        into,
        { from: folder, secret: { kind: 'passphrase', passphrase }, allowPartial: false },
        { scryptLogN: 10 },
      );
      return vault;
    } catch (error) {
      if (!(error instanceof SakshyaError) || error.code !== 'WRONG_PASSPHRASE') throw error;
      fs.rmSync(into, { recursive: true, force: true });
    }
  }
  return null;
}
