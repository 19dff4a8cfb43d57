// `sakshya rebuild`: recreate the database from the vault's own files — the encrypted sidecars and
// stored objects — when the database is lost or damaged. The old database, if any, is moved aside,
// never deleted. The old custody log cannot be recovered from sidecars, so the new log starts with
// an entry saying the index was rebuilt, followed by one entry per restored item.
import fs from 'node:fs';
import { SakshyaError } from '../../../shared/errors';
import { closeDatabase, openDatabase } from '../db/open-database';
import { BlobsRepository } from '../db/repositories/blobs';
import { CasesRepository } from '../db/repositories/cases';
import { EvidenceRepository } from '../db/repositories/evidence';
import { parseIdentity } from '../age';
import { checkBlob } from './blob-store';
import { readCaseSidecars, readEvidenceSidecars } from './sidecars';
import { Vault } from './vault';

export interface RebuildReport {
  cases: number;
  evidence: number;
  skipped: { subject: string; reason: string }[];
  previousDatabase: string | null;
}

export async function rebuildVault(
  dir: string,
  passphrase: string,
): Promise<{ vault: Vault; report: RebuildReport }> {
  const { layout, keys } = await Vault.unlockKeys(dir, passphrase);
  const identity = parseIdentity(keys.identity);
  const cases = readCaseSidecars(layout, identity);
  const evidence = readEvidenceSidecars(layout, identity);

  let previousDatabase: string | null = null;
  if (fs.existsSync(layout.database)) {
    previousDatabase = `${layout.database}.before-rebuild-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(layout.database + suffix))
        fs.renameSync(layout.database + suffix, previousDatabase + suffix);
    }
  }
  const database = openDatabase(layout.database, keys.databaseKey);
  const skipped: RebuildReport['skipped'] = [];
  const restorable: typeof evidence = [];
  try {
    for (const item of evidence) {
      if (!cases.some((c) => c.id === item.caseId)) {
        skipped.push({ subject: `evidence:${item.id}`, reason: 'its case has no sidecar' });
        continue;
      }
      const result = await checkBlob(layout, item.blobName, identity, {
        sha256: item.sha256,
        size: item.size,
      });
      if (result.status !== 'ok') {
        skipped.push({ subject: `evidence:${item.id}`, reason: `stored file ${result.status}` });
        continue;
      }
      restorable.push(item);
    }
  } catch (error) {
    closeDatabase(database);
    throw error instanceof SakshyaError
      ? error
      : new SakshyaError('INTERNAL', 'rebuild failed', { cause: error });
  }
  const vault = Vault.fromParts(layout, keys, database);
  database.transaction(() => {
    vault.record('vault.rebuilt', 'vault', {
      cases: cases.length,
      evidence: restorable.length,
      skipped: skipped.length,
    });
    const casesRepo = new CasesRepository(database);
    for (const record of cases) {
      casesRepo.restore(record);
      vault.record('case.restored', `case:${record.id}`, { title: record.title });
    }
    const blobs = new BlobsRepository(database);
    const evidenceRepo = new EvidenceRepository(database);
    for (const item of restorable) {
      blobs.insertIfMissing({ name: item.blobName, sha256: item.sha256, size: item.size });
      evidenceRepo.insert(item);
      vault.record('evidence.restored', `evidence:${item.id}`, {
        caseId: item.caseId,
        sha256: item.sha256,
        size: item.size,
        originalName: item.originalName,
        importedAt: item.importedAt,
      });
    }
  })();
  return {
    vault,
    report: { cases: cases.length, evidence: restorable.length, skipped, previousDatabase },
  };
}
