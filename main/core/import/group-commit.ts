// Group commit: small files are made durable and recorded a few dozen at a time instead of one by
// one. Per file the vault used to wait for five fsyncs in turn (stored copy, its folder, sidecar,
// sidecar folder, database); on this VM that was about 8.6 ms of each screenshot's 40 ms. Here each
// file's encrypted copy is fsynced on the thread pool while the next file is hashed, and at commit:
//   1. every staged copy's fsync is awaited, each is linked under its content name, and each folder
//      that gained a name is fsynced once (in parallel, so ext4 folds them into one journal commit);
//   2. the sidecars are written and fsynced in parallel, renamed, and their folder fsynced once;
//   3. all rows (blob, evidence, custody entry) go in one SQLite transaction, one WAL fsync.
// A crash before 3 leaves stored copies no row uses (`sakshya check` notes them as harmless) and
// sidecars no row uses (as a crash between sidecar and row always could); never a row without its
// file. Nothing is reported as imported before its transaction has committed.
import fs from 'node:fs';
import { SakshyaError } from '../../../shared/errors';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import {
  discardStagedBlob,
  publishStagedBlobs,
  publishStagedBlobsSync,
  type StagedBlob,
} from '../vault/blob-store';
import { sidecarPath } from '../vault/layout';
import {
  writeEvidenceSidecars,
  writeEvidenceSidecarsSync,
  type EvidenceWithBlob,
  type SidecarSeal,
} from '../vault/sidecars';
import type { Vault } from '../vault/vault';

export type GroupOutcome =
  | { status: 'imported' | 'duplicate'; evidence: StoredEvidence }
  | { status: 'failed'; error: unknown };

export interface GroupEntry {
  blob: StagedBlob;
  /** The evidence row to write, id and import time included. */
  record: EvidenceWithBlob;
  /** Told once what became of the entry. */
  settle: (outcome: GroupOutcome) => void;
}

export interface CommitGroupLimits {
  /** Commit once this many files wait; default 32. */
  maxFiles?: number;
  /** Commit once this many bytes wait, so a lock or crash never throws much work away; default 64 MiB. */
  maxBytes?: number;
  /** Commit once the oldest waiting file has waited this long, for slow sources; default 1000 ms. */
  maxWaitMs?: number;
}

export class CommitGroup {
  private entries: GroupEntry[] = [];
  /** Taken by the commit now running; a copy of one of them must still wait for it. */
  private committing: readonly GroupEntry[] = [];
  /** Commits run one after another; files keep being hashed while one waits on its fsyncs. */
  private chain: Promise<void> = Promise.resolve();
  private bytes = 0;
  private since = 0;
  private readonly maxFiles: number;
  private readonly maxBytes: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly vault: Vault,
    private readonly caseId: string,
    limits: CommitGroupLimits = {},
  ) {
    this.maxFiles = limits.maxFiles ?? 32;
    this.maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
    this.maxWaitMs = limits.maxWaitMs ?? 1000;
  }

  /** True when a file with this content is waiting (a second copy must wait for it to commit). */
  holds(sha256: string): boolean {
    const same = (entry: GroupEntry): boolean => entry.record.sha256 === sha256;
    return this.entries.some(same) || this.committing.some(same);
  }

  add(entry: GroupEntry): void {
    if (this.entries.length === 0) this.since = Date.now();
    this.entries.push(entry);
    this.bytes += entry.blob.size;
  }

  get isDue(): boolean {
    return (
      this.entries.length >= this.maxFiles ||
      this.bytes >= this.maxBytes ||
      (this.entries.length > 0 && Date.now() - this.since >= this.maxWaitMs)
    );
  }

  /**
   * Commits everything waiting once the commits before it are done, and resolves when it has.
   * Never rejects: each entry is settled as committed or failed.
   */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.commitWaiting());
    return this.chain;
  }

  private takeWaiting(): GroupEntry[] {
    const entries = this.entries;
    this.entries = [];
    this.bytes = 0;
    return entries;
  }

  private async commitWaiting(): Promise<void> {
    const entries = this.takeWaiting();
    if (entries.length === 0) return;
    if (!this.vault.isOpen) {
      await this.fail(entries, new SakshyaError('VAULT_LOCKED'), []);
      return;
    }
    this.committing = entries;
    // False once commitNow has taken these entries over: from then on this commit touches nothing.
    const stillMine = (): boolean => this.committing === entries;
    let created: boolean[] = [];
    let outcomes: GroupOutcome[];
    try {
      created = await publishStagedBlobs(
        this.vault.layout,
        entries.map((entry) => entry.blob),
      );
      if (!stillMine()) return;
      await writeEvidenceSidecars(
        this.vault.layout,
        this.vault.sidecarKeys(),
        entries.map((entry) => entry.record),
        entries.map(takeSidecarSeal),
      );
      if (!stillMine()) return;
      outcomes = this.commitRows(entries);
    } catch (error) {
      if (stillMine()) await this.fail(entries, error, created);
      return;
    } finally {
      if (stillMine()) this.committing = [];
    }
    this.settleAll(entries, outcomes);
  }

  /**
   * Commits what is waiting without yielding to the event loop, for the moment just before the
   * vault locks (EvidenceService.stop): files counted as done stay imported instead of being
   * thrown away with the keys. Same order as flush, with blocking fsyncs. A commit that is
   * awaiting its fsyncs is taken over too: its files are committed here, and it stops.
   */
  commitNow(): void {
    if (!this.vault.isOpen) return;
    const entries = [...this.committing, ...this.takeWaiting()];
    this.committing = [];
    if (entries.length === 0) return;
    let created: boolean[] = [];
    let outcomes: GroupOutcome[];
    try {
      created = publishStagedBlobsSync(
        this.vault.layout,
        entries.map((entry) => entry.blob),
      );
      writeEvidenceSidecarsSync(
        this.vault.layout,
        this.vault.sidecarKeys(),
        entries.map((entry) => entry.record),
        entries.map(takeSidecarSeal),
      );
      outcomes = this.commitRows(entries);
    } catch (error) {
      void this.fail(entries, error, created);
      return;
    }
    this.settleAll(entries, outcomes);
  }

  private settleAll(entries: readonly GroupEntry[], outcomes: readonly GroupOutcome[]): void {
    entries.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) return;
      // Recorded meanwhile by another Sakshya process: its sidecar is the one that counts.
      if (outcome.status === 'duplicate') this.removeSidecar(entry.record.id);
      entry.settle(outcome);
    });
  }

  /** Drops everything waiting (after any commit already running), e.g. when the batch ends with an error. */
  async abandon(error: unknown): Promise<void> {
    await this.chain;
    await this.fail(this.takeWaiting(), error, []);
  }

  private commitRows(entries: readonly GroupEntry[]): GroupOutcome[] {
    const db = this.vault.db;
    const evidenceRepo = new EvidenceRepository(db);
    return db.transaction(() =>
      entries.map((entry): GroupOutcome => {
        const { record } = entry;
        const existing = evidenceRepo.findBySha256(this.caseId, record.sha256);
        // Its own record, adopted by another Sakshya process's unlock from the sidecar just
        // written (rebuild.ts adoptOrphans): imported, and that sidecar stays.
        if (existing?.id === record.id) return { status: 'imported', evidence: existing };
        if (existing !== undefined) return { status: 'duplicate', evidence: existing };
        const inserted = this.vault.insertEvidenceRows(record);
        return { status: 'imported', evidence: inserted };
      }),
    )();
  }

  private async fail(
    entries: readonly GroupEntry[],
    error: unknown,
    created: readonly boolean[],
  ): Promise<void> {
    for (const [index, entry] of entries.entries()) {
      try {
        await discardStagedBlob(entry.blob);
      } catch {
        // A staged copy that cannot be removed now (a virus scanner holding it) is encrypted and
        // swept from the vault's temp folder on the next open; failing here must not throw.
      }
      this.removeSidecar(entry.record.id);
      // A stored copy this group created and no row uses goes too, while the vault can still tell.
      if (created[index] === true && this.vault.isOpen) {
        try {
          this.vault.discardUnusedBlob(entry.blob.name);
        } catch {
          // Locked meanwhile: the copy stays as a harmless unused file that `check` notes.
        }
      }
      entry.settle({ status: 'failed', error });
    }
  }

  private removeSidecar(id: string): void {
    try {
      fs.rmSync(sidecarPath(this.vault.layout, 'evidence', id), { force: true });
    } catch {
      // Nothing there to remove (its folder is unusable): the write that failed left nothing.
    }
  }
}

/**
 * The sidecar header a stage worker sealed for this file, handed out once: a commit taken over by
 * commitNow writes the sidecar again, and age wants a fresh file key for each file written.
 */
function takeSidecarSeal(entry: GroupEntry): SidecarSeal | undefined {
  const seal = entry.blob.sidecarSeal;
  entry.blob.sidecarSeal = undefined;
  return seal;
}
