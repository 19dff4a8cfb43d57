// Makes previews of imported pictures in the background, one at a time, so an import never waits
// for them. Each preview is decrypted from the vault in memory only, drawn by makeThumbnail, sealed
// to the vault's own recipient and written atomically to thumbnails/; then its state is recorded.
// The queue stops by itself as soon as it sees the vault locked, dropping what was still waiting.
// While an import batch holds it (see `hold`), it waits: decoding a 1080×2400 PNG takes longer than
// storing it, and on a 2-core machine the two halved the import's speed. Previews follow once the
// batch is done; the import itself never waits for them.
import fs from 'node:fs';
import { SakshyaError } from '../../../shared/errors';
import { encryptBuffer, parseRecipient } from '../age';
import { BlobsRepository } from '../db/repositories/blobs';
import { ThumbnailsRepository } from '../db/repositories/thumbnails';
import { writeFileAtomic } from '../fs/atomic-write';
import { readVerifiedBlob } from '../vault/blob-store';
import { thumbnailPath } from '../vault/layout';
import { hashPreview } from '../vault/previews';
import type { Vault } from '../vault/vault';
import { makeThumbnail, type Thumbnail } from '../readers/thumbnails';

export interface ThumbnailQueueOptions {
  /** Pictures larger than this get no preview (they would be decrypted into memory); default 256 MiB. */
  maxSourceBytes?: number;
}

interface Job {
  blobName: string;
  mediaType: string;
}

const TOO_LARGE =
  'No preview: the file is too large to draw a preview from. The original is kept unchanged.';
const CHANGED =
  'The stored copy of this item was changed since it was imported, so no preview is made from it. Run a vault check.';
const PARTIAL = 'The picture is damaged; the preview shows only the part that could be read.';

export class ThumbnailQueue {
  private readonly vault: Vault;
  private readonly maxSourceBytes: number;
  private readonly jobs: Job[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private holds = 0;
  private wake: (() => void) | null = null;

  constructor(vault: Vault, options: ThumbnailQueueOptions = {}) {
    this.vault = vault;
    this.maxSourceBytes = options.maxSourceBytes ?? 256 * 1024 * 1024;
  }

  /** Queues a preview of a recorded stored file and returns at once. */
  enqueue(blobName: string, mediaType: string): void {
    if (!this.vault.isOpen) this.stop();
    if (this.stopped) return;
    if (this.jobs.some((job) => job.blobName === blobName)) return;
    this.jobs.push({ blobName, mediaType });
    this.running ??= this.drain();
  }

  /** Resolves once every queued preview is done, or the queue has stopped. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /**
   * Defers previews until the returned release is called (each hold released once; holds nest).
   * A preview already being drawn is finished.
   */
  hold(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) this.resume();
    };
  }

  /** Drops what is waiting; the preview being drawn, if any, is finished or abandoned. */
  stop(): void {
    this.stopped = true;
    this.jobs.length = 0;
    this.resume();
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private async drain(): Promise<void> {
    // Yield first, so `running` is always set before this can finish and clear it.
    await Promise.resolve();
    try {
      for (;;) {
        while (this.holds > 0 && !this.stopped) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
        }
        const job = this.jobs.shift();
        if (job === undefined) break;
        if (this.stopped || !this.vault.isOpen) {
          this.stop();
          break;
        }
        await this.makeOne(job);
      }
    } finally {
      // Cleared in the same turn as the last check of the queue, so no job can slip in unseen.
      this.running = null;
    }
  }

  private async makeOne(job: Job): Promise<void> {
    try {
      if (new ThumbnailsRepository(this.vault.db).get(job.blobName) !== undefined) return;
      const blob = new BlobsRepository(this.vault.db).get(job.blobName);
      if (blob === undefined) return;
      let made: Thumbnail;
      if (blob.size > this.maxSourceBytes) made = { none: true, reason: TOO_LARGE };
      else {
        const bytes = await this.readBlob(job.blobName, blob);
        made =
          bytes === null
            ? { none: true, reason: CHANGED }
            : await makeThumbnail(bytes, job.mediaType);
      }
      // The vault may have locked while the picture was drawn; write nothing then.
      if (!this.vault.isOpen) {
        this.stop();
        return;
      }
      if ('none' in made) {
        this.record(job.blobName, {
          status: 'none',
          reason: made.reason,
          width: null,
          height: null,
        });
        return;
      }
      fs.mkdirSync(this.vault.layout.thumbnails, { recursive: true, mode: 0o700 });
      const sealed = encryptBuffer(made.webp, [parseRecipient(this.vault.recipient)]);
      writeFileAtomic(thumbnailPath(this.vault.layout, job.blobName), sealed);
      this.record(job.blobName, {
        status: 'ready',
        reason: made.partial === true ? PARTIAL : '',
        width: made.width,
        height: made.height,
        // Checked whenever the preview is read (vault/previews.ts): a swapped one is never used.
        sha256: hashPreview(made.webp),
      });
    } catch (error) {
      if (!this.vault.isOpen || (error instanceof SakshyaError && error.code === 'VAULT_LOCKED')) {
        this.stop();
        return;
      }
      // Anything else (a full disk) records nothing, so the preview can be tried again later.
    }
  }

  private record(
    blobName: string,
    state: {
      status: 'ready' | 'none';
      reason: string;
      width: number | null;
      height: number | null;
      sha256?: string;
    },
  ): void {
    new ThumbnailsRepository(this.vault.db).upsert({ blobName, ...state });
  }

  /** The stored file's bytes, or null when they are not the ones recorded (never drawn then). */
  private async readBlob(
    blobName: string,
    expected: { sha256: string; size: number },
  ): Promise<Buffer | null> {
    try {
      return await readVerifiedBlob(this.vault.layout, blobName, this.vault.identity, expected);
    } catch (error) {
      if (error instanceof SakshyaError && error.code === 'INTEGRITY_FAILURE') return null;
      throw error;
    }
  }
}
