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
import { isErrnoException, renameWithRetry } from '../fs/atomic-write';
import { pinAuthenticSigningKey } from '../keys/signing-key-store';
import { checkBlob } from './blob-store';
import { readCaseSidecars, readEvidenceSidecars } from './sidecars';
import { Vault } from './vault';

export interface RebuildReport {
  cases: number;
  evidence: number;
  skipped: { subject: string; reason: string }[];
  previousDatabase: string | null;
  /** The signing key's fingerprint when an authentic one was found and pinned again, else null. */
  signingKey: string | null;
}

export async function rebuildVault(
  dir: string,
  passphrase: string,
): Promise<{ vault: Vault; report: RebuildReport }> {
  const { layout, keys } = Vault.unlockKeys(dir, passphrase);
  const identity = parseIdentity(keys.identity);
  const cases = readCaseSidecars(layout, identity);
  const evidence = readEvidenceSidecars(layout, identity);

  let previousDatabase: string | null = null;
  if (fs.existsSync(layout.database)) {
    previousDatabase = `${layout.database}.before-rebuild-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    moveDatabaseAside(layout.database, previousDatabase);
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
  let signingKey: string | null = null;
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
    // The old log's pin is gone with it; pin the key again only if this vault's MAC proves it.
    signingKey = pinAuthenticSigningKey(vault);
  })();
  return {
    vault,
    report: {
      cases: cases.length,
      evidence: restorable.length,
      skipped,
      previousDatabase,
      signingKey,
    },
  };
}

/**
 * Moves the database and its WAL files aside, all or none. On Windows a database the app has
 * open cannot be renamed (EBUSY or EPERM, even after renameWithRetry's few seconds): that gets a
 * plain error saying what to do, and whatever was moved goes back.
 */
function moveDatabaseAside(database: string, aside: string): void {
  const moved: string[] = [];
  try {
    for (const suffix of ['', '-wal', '-shm']) {
      if (!fs.existsSync(database + suffix)) continue;
      renameWithRetry(database + suffix, aside + suffix);
      moved.push(suffix);
    }
  } catch (error) {
    for (const suffix of moved.reverse()) fs.renameSync(aside + suffix, database + suffix);
    if (isErrnoException(error) && ['EBUSY', 'EPERM', 'EACCES'].includes(error.code ?? '')) {
      throw new SakshyaError(
        'VAULT_IN_USE',
        'the database is in use by another program, probably Sakshya itself: close the Sakshya app (and any other sakshya command), then run rebuild again',
        { cause: error },
      );
    }
    throw error;
  }
}
