// `sakshya rebuild`: recreate the database from the vault's own files — the encrypted sidecars and
// stored objects — when the database is lost or damaged. The old database, if any, is moved aside,
// never deleted. The old custody log cannot be recovered from sidecars, so the new log starts with
// an entry saying the index was rebuilt, followed by one entry per restored item.
//
// Anyone can write files into the vault folder, so nothing is restored on the strength of being
// there: a sidecar must carry this vault's MAC (sidecars.ts), and its stored file must have the
// name only this vault's naming key gives its content, and decrypt to exactly the recorded hash.
// Whatever fails is refused and named in the report. `adoptOrphans` does the same for evidence
// whose authentic sidecar and stored file are in the vault but whose row is missing from the
// database in use (an older database put back), without replacing the database.
import fs from 'node:fs';
import { SakshyaError } from '../../../shared/errors';
import { closeDatabase, openDatabase } from '../db/open-database';
import { fsyncDirectory, isErrnoException, renameWithRetry } from '../fs/atomic-write';
import { BlobsRepository } from '../db/repositories/blobs';
import { CasesRepository } from '../db/repositories/cases';
import { EvidenceRepository } from '../db/repositories/evidence';
import type { AgeIdentity } from '../age';
import { recordRecoveryFileAfterRebuild } from '../keys/recovery-file';
import { pinAuthenticSigningKey } from '../keys/signing-key-store';
import { checkBlob, nameBlob } from './blob-store';
import type { VaultLayout } from './layout';
import { SIDECARS_AUTHENTICATED } from './sidecar-migration';
import {
  listSidecarIds,
  readCaseSidecar,
  readCaseSidecars,
  readEvidenceSidecar,
  readEvidenceSidecars,
  writeCaseSidecar,
  writeEvidenceSidecarsSync,
  type EvidenceWithBlob,
  type SidecarRead,
} from './sidecars';
import { sidecarVerifierFor, Vault } from './vault';

export interface RebuildReport {
  cases: number;
  evidence: number;
  skipped: { subject: string; reason: string }[];
  /**
   * Sidecars restored without authentication (only with acceptUnauthenticated), each by name, as
   * `sidecar:case/<id>` or `sidecar:evidence/<id>`: what they say could not be proven to be hers.
   */
  unauthenticated: string[];
  previousDatabase: string | null;
  /** The signing key's fingerprint when an authentic one was found and pinned again, else null. */
  signingKey: string | null;
  /**
   * Null when keys/recovery.age was confirmed as this vault's by its stamp; else what is wrong
   * (missing, or unconfirmed: `check` names it until the recovery key opens it).
   */
  recoveryFile: string | null;
}

export interface RebuildOptions {
  /**
   * Also restore sidecars without a MAC (written before sidecars had one, by a vault never
   * unlocked since): their stored files still pass the name and hash checks, but what they say
   * (case, times, notes) cannot be authenticated, and the custody log says so for each.
   */
  acceptUnauthenticated?: boolean;
}

export async function rebuildVault(
  dir: string,
  passphrase: string,
  options: RebuildOptions = {},
): Promise<{ vault: Vault; report: RebuildReport }> {
  const { layout, keys } = await Vault.unlockKeys(dir, passphrase);
  const verifier = sidecarVerifierFor(keys);
  const skipped: RebuildReport['skipped'] = [];
  const accept = options.acceptUnauthenticated === true;
  const cases = pickRecords(readCaseSidecars(layout, verifier), 'case', accept, skipped);
  const caseIds = new Set(cases.map((c) => c.record.id));
  const evidence = pickRecords(readEvidenceSidecars(layout, verifier), 'evidence', accept, skipped);
  const restorable: { record: EvidenceWithBlob; authentic: boolean }[] = [];
  for (const item of evidence) {
    if (!caseIds.has(item.record.caseId)) {
      skipped.push({ subject: `evidence:${item.record.id}`, reason: 'its case has no sidecar' });
      continue;
    }
    const problem = await vetStoredFile(layout, keys.namingKey, verifier.identity, item.record);
    if (problem !== null) {
      skipped.push({ subject: `evidence:${item.record.id}`, reason: problem });
      continue;
    }
    restorable.push(item);
  }

  const unauthenticated = [
    ...cases.filter((c) => !c.authentic).map((c) => `sidecar:case/${c.record.id}`),
    ...restorable.filter((e) => !e.authentic).map((e) => `sidecar:evidence/${e.record.id}`),
  ];

  // The new database is built beside the old one and renamed into place only when complete, so a
  // crash part-way leaves the old database in use (or, between the two renames, none: unlock then
  // asks for rebuild again). Never an empty or half-built one.
  const building = `${layout.database}.rebuilding`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
  const draft = Vault.fromParts(layout, keys, openDatabase(building, keys.databaseKey));
  let signingKey: string | null = null;
  let recoveryFile: string | null = null;
  try {
    draft.db.transaction(() => {
      draft.record('vault.rebuilt', 'vault', {
        cases: cases.length,
        evidence: restorable.length,
        skipped: skipped.length,
        // Each sidecar accepted without authentication, by name (--accept-unauthenticated-sidecars).
        unauthenticated: unauthenticated.length,
        unauthenticatedSidecars: unauthenticated,
      });
      const casesRepo = new CasesRepository(draft.db);
      for (const { record, authentic } of cases) {
        casesRepo.restore(record);
        draft.record('case.restored', `case:${record.id}`, {
          title: record.title,
          authenticated: authentic,
        });
      }
      for (const { record, authentic } of restorable) restoreEvidence(draft, record, authentic);
      // The old log's pin is gone with it; pin the key again only if this vault's MAC proves it.
      signingKey = pinAuthenticSigningKey(draft);
      // Likewise keys/recovery.age: recorded as hers only if its MAC'd stamp vouches for it.
      recoveryFile = recordRecoveryFileAfterRebuild(draft);
      draft.record(SIDECARS_AUTHENTICATED, 'vault', {
        cases: cases.length,
        evidence: restorable.length,
      });
    })();
  } catch (error) {
    closeDatabase(draft.db);
    throw error instanceof SakshyaError
      ? error
      : new SakshyaError('INTERNAL', 'rebuild failed', { cause: error });
  }
  // Closing checkpoints the WAL into the file, so the one file is the whole database. (Not
  // draft.lock(): that would wipe the keys the vault below still needs.)
  closeDatabase(draft.db);
  let previousDatabase: string | null = null;
  if (fs.existsSync(layout.database)) {
    previousDatabase = `${layout.database}.before-rebuild-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      moveDatabaseAside(layout.database, previousDatabase);
    } catch (error) {
      // The database in use stays where it was; the one built beside it goes.
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
      throw error;
    }
  }
  fs.renameSync(building, layout.database);
  fsyncDirectory(layout.root);
  const vault = Vault.fromParts(layout, keys, openDatabase(layout.database, keys.databaseKey));
  try {
    // Restored from sidecars without a MAC: written again, authenticated, as the unlocked user
    // chose to accept them.
    const sidecarKeys = vault.sidecarKeys();
    for (const { record, authentic } of cases)
      if (!authentic) writeCaseSidecar(layout, sidecarKeys, record);
    const unauthenticated = restorable.filter((item) => !item.authentic).map((item) => item.record);
    writeEvidenceSidecarsSync(layout, sidecarKeys, unauthenticated);
    vault.acceptDatabase('rebuilt from the vault files');
  } catch (error) {
    vault.lock();
    throw error;
  }
  return {
    vault,
    report: {
      cases: cases.length,
      evidence: restorable.length,
      skipped,
      unauthenticated,
      previousDatabase,
      signingKey,
      recoveryFile,
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

export interface AdoptReport {
  /** Evidence restored into the database in use. */
  adopted: { subject: string; originalName: string }[];
  skipped: { subject: string; reason: string }[];
  /** Ids of authentic records whose content the case already lists (see OrphanFindings). */
  leftovers: string[];
}

export interface OrphanFindings {
  /** Authentic, whole, and not in the database: what an older database put back leaves out. */
  orphans: EvidenceWithBlob[];
  /** Sidecars the database does not list that cannot be restored, with why. */
  skipped: { subject: string; reason: string }[];
  /**
   * Authentic and whole, but the same content is already listed in the same case under another
   * id: a copy left by an import cut short that was imported again. Harmless.
   */
  leftovers: EvidenceWithBlob[];
}

/**
 * Evidence the vault holds (an authentic sidecar, a stored file that passes the name and hash
 * checks) but the database does not know. Only sidecars the database does not list are read.
 * Finding them never changes anything.
 */
export async function findOrphanEvidence(vault: Vault): Promise<OrphanFindings> {
  const verifier = vault.sidecarVerifier();
  const listed = new EvidenceRepository(vault.db).listAll();
  const known = new Set(listed.map((e) => e.id));
  const contents = new Set(listed.map((e) => `${e.caseId}/${e.sha256}`));
  const found: OrphanFindings = { orphans: [], skipped: [], leftovers: [] };
  for (const id of listSidecarIds(vault.layout, 'evidence')) {
    if (known.has(id)) continue;
    const read = readEvidenceSidecar(vault.layout, verifier, id);
    if (read.status !== 'authentic') {
      found.skipped.push({
        subject: `sidecar:evidence/${read.id}`,
        reason: read.status === 'refused' ? read.reason : 'it has no authentication code',
      });
      continue;
    }
    const problem = await vetStoredFile(
      vault.layout,
      null,
      verifier.identity,
      read.record,
      (sha256) => vault.blobNameFor(sha256),
    );
    if (problem !== null) found.skipped.push({ subject: `evidence:${read.id}`, reason: problem });
    else if (contents.has(`${read.record.caseId}/${read.record.sha256}`))
      found.leftovers.push(read.record);
    else found.orphans.push(read.record);
  }
  return found;
}

export interface AdoptOptions {
  /**
   * Record this database as the vault's current generation afterwards (`rebuild --adopt-orphans`,
   * an explicit act). At unlock it is not: an older database stays named until she acts.
   */
  acceptDatabase?: boolean;
  /** The custody action for each restored item. */
  action?: string;
}

/**
 * Restores orphan evidence into the database in use, with its case (from its authentic sidecar)
 * if the database lacks that too, each logged in custody. `sakshya rebuild --adopt-orphans` calls
 * it, and so does every unlock (vault.ts): an authentic sidecar proves the unlocked user's own
 * import wrote it, and an import cut short by a crash looks exactly like an older database put
 * back at that moment, so both are brought back rather than left out of the list.
 */
export async function adoptOrphans(vault: Vault, options: AdoptOptions = {}): Promise<AdoptReport> {
  const { orphans, skipped, leftovers } = await findOrphanEvidence(vault);
  const verifier = vault.sidecarVerifier();
  const adopted: AdoptReport['adopted'] = [];
  vault.db.transaction(() => {
    const cases = new CasesRepository(vault.db);
    const evidenceRepo = new EvidenceRepository(vault.db);
    for (const record of orphans) {
      // Looked for again inside the transaction: another Sakshya process (the CLI beside the app)
      // may have committed the row of its own import since findOrphanEvidence read the list, and
      // inserting it again would fail the whole unlock.
      if (evidenceRepo.get(record.id) !== undefined) continue;
      if (evidenceRepo.findBySha256(record.caseId, record.sha256) !== undefined) {
        leftovers.push(record);
        continue;
      }
      if (cases.get(record.caseId) === undefined) {
        const owner = readCaseSidecar(vault.layout, verifier, record.caseId);
        if (owner.status !== 'authentic') {
          skipped.push({ subject: `evidence:${record.id}`, reason: 'its case has no sidecar' });
          continue;
        }
        cases.restore(owner.record);
        vault.record('case.restored', `case:${owner.record.id}`, {
          title: owner.record.title,
          authenticated: true,
        });
      }
      restoreEvidence(vault, record, true, options.action ?? 'evidence.adopted');
      adopted.push({ subject: `evidence:${record.id}`, originalName: record.originalName });
    }
  })();
  if (options.acceptDatabase !== false)
    vault.acceptDatabase(`orphans adopted: ${String(adopted.length)}`);
  return { adopted, skipped, leftovers: leftovers.map((record) => record.id) };
}

function restoreEvidence(
  vault: Vault,
  item: EvidenceWithBlob,
  authentic: boolean,
  action = 'evidence.restored',
): void {
  new BlobsRepository(vault.db).insertIfMissing({
    name: item.blobName,
    sha256: item.sha256,
    size: item.size,
  });
  new EvidenceRepository(vault.db).insert(item);
  vault.record(action, `evidence:${item.id}`, {
    caseId: item.caseId,
    sha256: item.sha256,
    size: item.size,
    originalName: item.originalName,
    importedAt: item.importedAt,
    authenticated: authentic,
  });
}

/** The sidecars rebuild may restore from; the rest are named in `skipped`. */
function pickRecords<T extends { id: string }>(
  reads: SidecarRead<T>[],
  kind: 'case' | 'evidence',
  acceptUnauthenticated: boolean,
  skipped: RebuildReport['skipped'],
): { record: T; authentic: boolean }[] {
  const picked: { record: T; authentic: boolean }[] = [];
  for (const read of reads) {
    const subject = `sidecar:${kind}/${read.id}`;
    if (read.status === 'refused') skipped.push({ subject, reason: read.reason });
    else if (read.status === 'authentic') picked.push({ record: read.record, authentic: true });
    else if (acceptUnauthenticated) picked.push({ record: read.record, authentic: false });
    else
      skipped.push({
        subject,
        reason:
          'it has no authentication code (written by an older Sakshya, or planted); use --accept-unauthenticated-sidecars only if this vault was last used before sidecars had one',
      });
  }
  return picked;
}

/** Why a sidecar's stored file may not be restored, or null when it may. */
async function vetStoredFile(
  layout: VaultLayout,
  namingKey: Buffer | null,
  identity: AgeIdentity,
  item: EvidenceWithBlob,
  nameFor: (sha256: string) => string = (sha256) => nameBlob(namingKey ?? Buffer.alloc(0), sha256),
): Promise<string | null> {
  if (nameFor(item.sha256) !== item.blobName)
    return 'its stored file is not named for its content by this vault (planted or swapped)';
  const result = await checkBlob(layout, item.blobName, identity, {
    sha256: item.sha256,
    size: item.size,
  });
  return result.status === 'ok' ? null : `stored file ${result.status}`;
}
