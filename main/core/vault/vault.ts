// One open (unlocked) vault: keys in memory, the database open. Locking wipes the keys and closes
// the database. Every change writes its encrypted sidecar first, then the database row and its
// custody entry in one transaction, so a crash leaves no row pointing at a missing file.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import {
  CaseInputSchema,
  CasePatchSchema,
  type Case,
  type CaseInput,
  type CasePatch,
  type CustodyEntry,
} from '../../../shared/domain';
import type { VaultWarning } from '../../../shared/contract/vault';
import { SakshyaError } from '../../../shared/errors';
import { parseIdentity, type AgeIdentity } from '../age';
import { appendCustody, listCustody } from '../custody/custody-log';
import { closeDatabase, databaseFileOpens, openDatabase } from '../db/open-database';
import { BlobsRepository } from '../db/repositories/blobs';
import { CasesRepository } from '../db/repositories/cases';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import { formatInstantInZone, parseUserTime } from '../time/zoned-time';
import {
  createKeyFiles,
  DEFAULT_SCRYPT_LOG_N,
  setPassphrase,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
} from '../keys/key-store';
import { wipeVaultKeys, type VaultKeys } from '../keys/key-file';
import {
  confirmRecoveryFile,
  describeRecoveryFileProblem,
  hashRecoveryFile,
  inspectRecoveryFile,
  recordRecoveryFileOnce,
  writeRecoveryStamp,
} from '../keys/recovery-file';
import { deriveSubkey, macWithSubkey, verifySubkeyMac, type SubkeyPurpose } from '../keys/subkeys';
import { nameBlob, storeFile, storeStream, type StoredBlob } from './blob-store';
import { describeVaultLayout, objectPath, type VaultLayout } from './layout';
import { removeLeftoverTempFiles } from './leftover-temp-files';
import { describeNewEvidence, type AddFileOptions, type RecordOptions } from './new-evidence';
import { findVaultTraces, readManifest, vaultExists, writeManifest } from './manifest';
import {
  inspectGeneration,
  startGeneration,
  writeGeneration,
  type GenerationFinding,
} from './generation';
import { authenticateOldSidecars, SIDECARS_AUTHENTICATED } from './sidecar-migration';
import {
  describeUnlockWarnings,
  findUnlistedSidecars,
  type UnlistedSidecars,
} from './unlock-findings';
import {
  writeCaseSidecar,
  writeEvidenceSidecar,
  type EvidenceWithBlob,
  type SidecarKeys,
  type SidecarVerifier,
} from './sidecars';

export interface VaultOptions {
  /** scrypt work factor for the key files; only tests lower it. */
  scryptLogN?: number;
}

// Moved beside this file; re-exported so callers keep one import.
export {
  describeNewEvidence,
  type AddFileOptions,
  type CaptureDetails,
  type RecordOptions,
} from './new-evidence';
export { PLAIN_LEFTOVER_PREFIX, removeLeftoverTempFiles } from './leftover-temp-files';

export type AddFileResult =
  | { status: 'imported'; evidence: EvidenceWithBlob; blob: StoredBlob }
  | { status: 'duplicate'; evidence: EvidenceWithBlob; blob: StoredBlob };

export class Vault {
  readonly layout: VaultLayout;
  private keys: VaultKeys | undefined;
  private database: BetterSqlite3.Database | undefined;
  private ageIdentity: AgeIdentity | undefined;
  private generation: GenerationFinding | undefined;
  private warningsAtOpen: VaultWarning[] = [];
  private broughtBack: { subject: string; originalName: string }[] = [];
  /** Copies left by an import cut short whose content the case lists: harmless, never warned of. */
  private leftovers = new Set<string>();

  private constructor(layout: VaultLayout, keys: VaultKeys, database: BetterSqlite3.Database) {
    this.layout = layout;
    this.keys = keys;
    this.database = database;
    this.ageIdentity = parseIdentity(keys.identity);
  }

  static exists(dir: string): boolean {
    return vaultExists(describeVaultLayout(dir));
  }

  static async create(
    dir: string,
    passphrase: string,
    options: VaultOptions = {},
  ): Promise<{ vault: Vault; recoveryKey: string }> {
    const layout = describeVaultLayout(path.resolve(dir));
    if (vaultExists(layout))
      throw new SakshyaError('VAULT_EXISTS', `a vault already exists at ${layout.root}`);
    const traces = findVaultTraces(layout);
    if (traces.length > 0) {
      // One lost vault.json must never lead to new keys over the old ones: that loses everything.
      throw new SakshyaError(
        'VAULT_NEEDS_REPAIR',
        `a vault is already at ${layout.root} (${traces.join(', ')}) but its vault.json is missing; nothing was changed. Run \`sakshya repair\` with your passphrase`,
      );
    }
    fs.mkdirSync(layout.root, { recursive: true, mode: 0o700 });
    const { keys, recoveryKey } = await createKeyFiles(
      layout.root,
      passphrase,
      options.scryptLogN ?? DEFAULT_SCRYPT_LOG_N,
    );
    // vault.json goes last: a crash before it leaves traces that `repair` turns into a vault.
    const database = openDatabase(layout.database, keys.databaseKey);
    for (const dirPath of [layout.objects, layout.sidecars, layout.temp]) {
      fs.mkdirSync(dirPath, { recursive: true, mode: 0o700 });
    }
    const vault = new Vault(layout, keys, database);
    const recoveryFileSha256 = hashRecoveryFile(layout.root);
    vault.record('vault.created', 'vault', {
      recipient: keys.recipient,
      // What `check` compares keys/recovery.age with (keys/recovery-file.ts).
      recoveryFileSha256,
    });
    // What rebuild's new log may trust it by (keys/recovery-file.ts).
    if (recoveryFileSha256 !== null) writeRecoveryStamp(vault, recoveryFileSha256);
    vault.record(SIDECARS_AUTHENTICATED, 'vault', { cases: 0, evidence: 0 });
    startGeneration(vault, 'vault created');
    vault.generation = { status: 'ok' };
    writeManifest(layout, keys.recipient);
    return { vault, recoveryKey };
  }

  static async open(dir: string, passphrase: string): Promise<Vault> {
    const layout = describeVaultLayout(path.resolve(dir));
    const manifest = readManifest(layout);
    const keys = await unlockWithPassphrase(layout.root, passphrase);
    return Vault.openWithKeys(layout, keys, manifest.recipient);
  }

  /**
   * Opens with the recovery key, changing nothing (`backup verify --recovery-key-file` reads what
   * the vault remembers of its backups). `recover` is the way to set a new passphrase.
   */
  static async openWithRecoveryKey(dir: string, recoveryKey: string): Promise<Vault> {
    const layout = describeVaultLayout(path.resolve(dir));
    const manifest = readManifest(layout);
    const keys = await unlockWithRecoveryKey(layout.root, recoveryKey);
    return Vault.openWithKeys(layout, keys, manifest.recipient);
  }

  /** Opens with the recovery key and sets a new passphrase; the old passphrase stops working. */
  static async recover(
    dir: string,
    recoveryKey: string,
    newPassphrase: string,
    options: VaultOptions = {},
  ): Promise<Vault> {
    const layout = describeVaultLayout(path.resolve(dir));
    const manifest = readManifest(layout);
    const keys = await unlockWithRecoveryKey(layout.root, recoveryKey);
    await setPassphrase(
      layout.root,
      keys,
      newPassphrase,
      options.scryptLogN ?? DEFAULT_SCRYPT_LOG_N,
    );
    const vault = await Vault.openWithKeys(layout, keys, manifest.recipient);
    vault.record('vault.recovered', 'vault', {});
    // The recovery key just opened keys/recovery.age: it is this vault's, whatever the log said.
    confirmRecoveryFile(vault);
    return vault;
  }

  static async unlockKeys(
    dir: string,
    passphrase: string,
  ): Promise<{ layout: VaultLayout; keys: VaultKeys }> {
    const layout = describeVaultLayout(path.resolve(dir));
    const manifest = readManifest(layout);
    const keys = await unlockWithPassphrase(layout.root, passphrase);
    assertKeysMatch(keys, manifest.recipient);
    return { layout, keys };
  }

  /** Opens a vault whose keys were already unwrapped (a restore from a backup). */
  static openWithUnwrappedKeys(dir: string, keys: VaultKeys): Promise<Vault> {
    const layout = describeVaultLayout(path.resolve(dir));
    return Vault.openWithKeys(layout, keys, readManifest(layout).recipient);
  }

  private static async openWithKeys(
    layout: VaultLayout,
    keys: VaultKeys,
    recipient: string,
  ): Promise<Vault> {
    assertKeysMatch(keys, recipient);
    if (!fs.existsSync(layout.database)) {
      throw new SakshyaError(
        'VAULT_CORRUPT',
        'the database is missing; run `sakshya rebuild` to recreate it',
      );
    }
    removeLeftoverTempFiles(layout);
    const database = openDatabase(layout.database, keys.databaseKey);
    const vault = new Vault(layout, keys, database);
    try {
      await vault.settleOnOpen();
    } catch (error) {
      vault.lock();
      throw error;
    }
    return vault;
  }

  /**
   * Once per unlock: sidecars from before they had MACs are authenticated from the database (once
   * per vault), and the database is compared with the generation recorded outside it. An older
   * database is not refused (the evidence it has must stay reachable); it is kept from being
   * recorded as current, reported by openWarnings() and named by `check`. Evidence the vault holds
   * whole and authentic but the database does not list (an import cut short, or an older database
   * put back) is brought back, logged, and reported too.
   */
  private async settleOnOpen(): Promise<void> {
    authenticateOldSidecars(this);
    let finding = inspectGeneration(this);
    if (finding.status === 'not-started') {
      startGeneration(this, 'first unlock by a version that records the generation');
      finding = { status: 'ok' };
    }
    this.generation = finding;
    recordRecoveryFileOnce(this);
    let unlisted = findUnlistedSidecars(this);
    if (unlisted.evidence.some((read) => read.status === 'authentic')) {
      // Loaded here, not at the top: rebuild.ts builds Vaults itself.
      const { adoptOrphans } = await import('./rebuild');
      const report = await adoptOrphans(this, {
        acceptDatabase: false,
        action: ADOPTED_AT_UNLOCK,
      });
      this.broughtBack = report.adopted;
      this.leftovers = new Set(report.leftovers);
      unlisted = findUnlistedSidecars(this);
    }
    this.warningsAtOpen = describeUnlockWarnings(
      finding,
      this.withoutLeftovers(unlisted),
      this.broughtBack,
      // What `check` says of keys/recovery.age, at every unlock: the app has no check of its own.
      describeRecoveryFileProblem(inspectRecoveryFile(this)),
    );
  }

  /** Evidence the database did not list that this unlock brought back (logged in custody). */
  get broughtBackAtOpen(): readonly { subject: string; originalName: string }[] {
    return this.broughtBack;
  }

  /**
   * What the unlock found wrong with the vault's files (empty when all is well): a closed list of
   * codes for the window, each with plain English detail that the CLI prints.
   */
  openWarnings(): VaultWarning[] {
    return this.warningsAtOpen;
  }

  /** How the database compares with the generation recorded outside it, as found at unlock. */
  get generationFinding(): GenerationFinding {
    return this.generation ?? { status: 'ok' };
  }

  /** The unlocked user accepts this database as current (after rebuild or adoption). */
  acceptDatabase(reason: string): void {
    startGeneration(this, reason);
    this.generation = { status: 'ok' };
    this.warningsAtOpen = describeUnlockWarnings(
      this.generation,
      this.withoutLeftovers(findUnlistedSidecars(this)),
      this.broughtBack,
    );
  }

  private withoutLeftovers(unlisted: UnlistedSidecars): UnlistedSidecars {
    return {
      cases: unlisted.cases,
      evidence: unlisted.evidence.filter((read) => !this.leftovers.has(read.id)),
    };
  }

  /** Builds a Vault around an already-open database (used by rebuild). */
  static fromParts(layout: VaultLayout, keys: VaultKeys, database: BetterSqlite3.Database): Vault {
    return new Vault(layout, keys, database);
  }

  get isOpen(): boolean {
    return this.database !== undefined;
  }

  get db(): BetterSqlite3.Database {
    if (this.database === undefined) throw new SakshyaError('VAULT_LOCKED');
    return this.database;
  }

  get identity(): AgeIdentity {
    if (this.ageIdentity === undefined) throw new SakshyaError('VAULT_LOCKED');
    return this.ageIdentity;
  }

  get recipient(): string {
    return this.requireKeys().recipient;
  }

  /** The secret for one purpose (keys/subkeys.ts); throws VAULT_LOCKED when locked. */
  subkey(purpose: SubkeyPurpose): Buffer {
    return deriveSubkey(this.requireKeys(), purpose);
  }

  /** HMAC-SHA256 (64 hex characters) of `data` under the subkey for `purpose`. */
  macWithSubkey(purpose: SubkeyPurpose, data: Buffer | string): string {
    return macWithSubkey(this.requireKeys(), purpose, data);
  }

  /** True when `mac` is this vault's subkey MAC of `data` for `purpose` (constant-time). */
  verifySubkeyMac(purpose: SubkeyPurpose, data: Buffer | string, mac: string): boolean {
    return verifySubkeyMac(this.requireKeys(), purpose, data, mac);
  }

  /** What sidecars are written with: the recipient, and a MAC under the sidecar subkey. */
  sidecarKeys(): SidecarKeys {
    const keys = this.requireKeys();
    return { recipient: keys.recipient, mac: (data) => macWithSubkey(keys, 'sidecar-mac', data) };
  }

  /** What sidecars are read and authenticated with. */
  sidecarVerifier(): SidecarVerifier {
    return sidecarVerifierFor(this.requireKeys());
  }

  /** True when `file` opens as a database under this vault's key (a backup's snapshot). */
  opensWithDatabaseKey(file: string): boolean {
    return databaseFileOpens(file, this.requireKeys().databaseKey);
  }

  /** The identity text, for the CLI's `keys export` and interop tests only. */
  revealIdentity(): string {
    return this.requireKeys().identity;
  }

  async changePassphrase(current: string, next: string, options: VaultOptions = {}): Promise<void> {
    // Prove the current passphrase again, so an unattended unlocked window cannot be re-keyed.
    const proven = await unlockWithPassphrase(this.layout.root, current);
    wipeVaultKeys(proven);
    await setPassphrase(
      this.layout.root,
      this.requireKeys(),
      next,
      options.scryptLogN ?? DEFAULT_SCRYPT_LOG_N,
    );
    this.record('vault.passphrase-changed', 'vault', {});
  }

  lock(): void {
    if (this.database !== undefined && this.generation?.status === 'ok') {
      try {
        writeGeneration(this);
      } catch {
        // Locking must never fail; the next lock or unlock records it.
      }
    }
    if (this.database !== undefined) {
      closeDatabase(this.database);
      this.database = undefined;
    }
    if (this.keys !== undefined) {
      wipeVaultKeys(this.keys);
      this.keys = undefined;
    }
    this.ageIdentity = undefined;
  }

  listCases(): Case[] {
    return new CasesRepository(this.db).list();
  }

  getCase(id: string): Case {
    return new CasesRepository(this.db).require(id);
  }

  createCase(input: CaseInput): Case {
    const parsed = CaseInputSchema.parse(input);
    const repo = new CasesRepository(this.db);
    return this.db.transaction(() => {
      const created = repo.create(parsed);
      writeCaseSidecar(this.layout, this.sidecarKeys(), created);
      this.record('case.created', `case:${created.id}`, { title: created.title });
      return created;
    })();
  }

  updateCase(id: string, patch: CasePatch): Case {
    const parsed = CasePatchSchema.parse(patch);
    const repo = new CasesRepository(this.db);
    return this.db.transaction(() => {
      const updated = repo.update(id, parsed);
      writeCaseSidecar(this.layout, this.sidecarKeys(), updated);
      this.record('case.updated', `case:${id}`, { fields: Object.keys(parsed).sort() });
      return updated;
    })();
  }

  /**
   * Stores one file as evidence with its hash and provenance. The stored file and its sidecar are
   * durable before the row and custody entry are committed together.
   */
  async addFile(
    caseId: string,
    file: string,
    options: AddFileOptions = {},
  ): Promise<AddFileResult> {
    new CasesRepository(this.db).require(caseId);
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new SakshyaError('FILE_UNREADABLE', 'not a regular file');
    if (stat.size === 0) throw new SakshyaError('FILE_EMPTY', 'the file is empty');
    const blob = await storeFile(this.layout, this.requireKeys(), file);
    return this.recordStoredBlob(caseId, blob, { originalName: path.basename(file), ...options });
  }

  /** The name a stored file with this plaintext SHA-256 has in objects/. */
  blobNameFor(sha256: string): string {
    return nameBlob(this.requireKeys().namingKey, sha256);
  }

  /**
   * Records an already-stored (durable) file as evidence of a case: sidecar first, then the blob
   * row, the evidence row and its custody entry in one transaction.
   */
  recordStoredBlob(
    caseId: string,
    blob: Omit<StoredBlob, 'created'>,
    options: RecordOptions,
  ): AddFileResult {
    const owner = new CasesRepository(this.db).require(caseId);
    const evidenceRepo = new EvidenceRepository(this.db);
    const stored: StoredBlob = { created: false, ...blob };
    const existing = evidenceRepo.findBySha256(owner.id, blob.sha256);
    if (existing !== undefined) return { status: 'duplicate', evidence: existing, blob: stored };
    const record = describeNewEvidence(owner.id, blob, options);
    writeEvidenceSidecar(this.layout, this.sidecarKeys(), record);
    // Already there when another Sakshya process's unlock adopted it from that sidecar meanwhile.
    const evidence = this.db.transaction(
      () => evidenceRepo.get(record.id) ?? this.insertEvidenceRows(record),
    )();
    return { status: 'imported', evidence, blob: stored };
  }

  /**
   * The rows that make a durable stored file evidence: its blob row (if new), the evidence row and
   * its custody entry. Run inside the caller's transaction, after the sidecar is durable.
   */
  insertEvidenceRows(record: EvidenceWithBlob): StoredEvidence {
    new BlobsRepository(this.db).insertIfMissing({
      name: record.blobName,
      sha256: record.sha256,
      size: record.size,
    });
    const inserted = new EvidenceRepository(this.db).insert(record);
    this.record('evidence.added', `evidence:${inserted.id}`, {
      caseId: record.caseId,
      sha256: record.sha256,
      size: record.size,
      originalName: record.originalName,
      mediaType: record.mediaType,
      capturedAt: record.capturedAt,
      capturedAtSource: record.capturedAtSource,
    });
    return inserted;
  }

  /** Encrypts and stores `source` under its content name (see blob-store.ts); not yet evidence. */
  storeBlob(source: Readable): Promise<StoredBlob> {
    return storeStream(this.layout, this.requireKeys(), source);
  }

  /**
   * Removes a stored file that no record uses, e.g. one stored for an import that then failed.
   * True when it was removed; a file the database knows is never touched.
   */
  discardUnusedBlob(name: string): boolean {
    if (new BlobsRepository(this.db).get(name) !== undefined) return false;
    const file = objectPath(this.layout, name);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file, { force: true });
    return true;
  }

  /**
   * Corrects when a piece of evidence was captured. The time Sakshya had worked out is kept the
   * first time (later corrections keep that first original), the reason is required, and the change
   * is logged with its old and new value. The sidecar is rewritten before the row changes.
   */
  correctCapturedAt(evidenceId: string, at: string, reason: string): EvidenceWithBlob {
    const evidenceRepo = new EvidenceRepository(this.db);
    const current = evidenceRepo.require(evidenceId);
    const owner = new CasesRepository(this.db).require(current.caseId);
    const why = reason.trim();
    if (why === '' || why.length > 2000) {
      throw new SakshyaError(
        'INVALID_INPUT',
        'a reason (up to 2000 characters) is required to correct a time',
      );
    }
    const parsed = parseUserTime(at, owner.timezone);
    const next: EvidenceWithBlob = {
      ...current,
      capturedAt: parsed.utc,
      capturedAtSource: 'user',
      capturedAtConfidence: 'high',
      capturedAtZoneAssumed: parsed.zoneAssumed,
      capturedAtDetail: `set by hand as ${formatInstantInZone(parsed.utc, owner.timezone)}; reason given: ${why}`,
      capturedAtOriginal: current.capturedAtOriginal ?? {
        capturedAt: current.capturedAt,
        source: current.capturedAtSource,
        confidence: current.capturedAtConfidence,
        detail: current.capturedAtDetail,
      },
    };
    writeEvidenceSidecar(this.layout, this.sidecarKeys(), next);
    return this.db.transaction(() => {
      const updated = evidenceRepo.update(evidenceId, {
        capturedAt: next.capturedAt,
        capturedAtSource: next.capturedAtSource,
        capturedAtConfidence: next.capturedAtConfidence,
        capturedAtZoneAssumed: next.capturedAtZoneAssumed,
        capturedAtDetail: next.capturedAtDetail,
        capturedAtOriginal: next.capturedAtOriginal,
      });
      this.record('evidence.time-corrected', `evidence:${evidenceId}`, {
        caseId: owner.id,
        from: current.capturedAt,
        fromSource: current.capturedAtSource,
        to: parsed.utc,
        reason: why,
      });
      return updated;
    })();
  }

  custody(subject?: string): CustodyEntry[] {
    return listCustody(this.db, subject === undefined ? undefined : { subject });
  }

  record(
    action: string,
    subject: string,
    details: Record<string, string | number | boolean | null | string[]>,
  ): CustodyEntry {
    return appendCustody(this.db, { action, subject, details });
  }

  private requireKeys(): VaultKeys {
    if (this.keys === undefined) throw new SakshyaError('VAULT_LOCKED');
    return this.keys;
  }
}

/** Reads sidecars with these keys, before a Vault exists (rebuild). */
export function sidecarVerifierFor(keys: VaultKeys): SidecarVerifier {
  return {
    identity: parseIdentity(keys.identity),
    verify: (data, mac) => verifySubkeyMac(keys, 'sidecar-mac', data, mac),
  };
}

function assertKeysMatch(keys: VaultKeys, recipient: string): void {
  if (keys.recipient !== recipient) {
    throw new SakshyaError('VAULT_CORRUPT', 'the key file does not belong to this vault');
  }
}

/** The custody action for evidence an unlock found missing from the database and brought back. */
export const ADOPTED_AT_UNLOCK = 'evidence.adopted-at-unlock';
