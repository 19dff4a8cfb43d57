// The app's side of evidence: running imports (each cancellable by the id its caller chose), the
// one background preview queue of the unlocked vault, the evidence list with each preview's state,
// and previews decrypted in memory for the window. Everything here ends when the vault locks.
import type { EvidenceItem, Thumbnail } from '../../shared/api-contract';
import type { Provenance } from '../../shared/domain';
import { SakshyaError } from '../../shared/errors';
import { EvidenceRepository, type StoredEvidence } from './db/repositories/evidence';
import { ThumbnailsRepository, type ThumbnailRecord } from './db/repositories/thumbnails';
import { CommitGroup } from './import/group-commit';
import { importPaths } from './import/pipeline';
import type { ImportFileResult, ImportOptions, ImportProgress } from './import/import-types';
import { importPastedImage, type PastedImage } from './import/paste-import';
import { ThumbnailQueue } from './import/thumbnail-queue';
import { readCheckedPreview } from './vault/previews';
import type { Vault } from './vault/vault';

export interface ImportRequest {
  taskId: string;
  caseId: string;
  paths: string[];
  provenance?: Provenance;
  dayFirst?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

const UNREADABLE_PREVIEW = 'Preview unavailable. The original is kept unchanged.';
const REMAKING_PREVIEW =
  'The preview did not match the one made at import, so it is being made again from the original. The original is kept unchanged.';

export class EvidenceService {
  private readonly requireVault: () => Vault;
  private readonly tasks = new Map<
    string,
    { controller: AbortController; group: CommitGroup; done?: Promise<unknown> }
  >();
  private queue: { vault: Vault; queue: ThumbnailQueue } | undefined;

  constructor(requireVault: () => Vault) {
    this.requireVault = requireVault;
  }

  importFiles(request: ImportRequest): Promise<ImportFileResult[]> {
    return this.runImport(request, (vault, options) =>
      importPaths(vault, request.paths, {
        ...options,
        ...(request.dayFirst === undefined ? {} : { dayFirst: request.dayFirst }),
      }),
    );
  }

  /** A pasted picture (already checked by decodePastedImage); it never touches the disk in the clear. */
  importPasted(
    request: Omit<ImportRequest, 'paths' | 'dayFirst'> & { image: PastedImage },
  ): Promise<ImportFileResult[]> {
    return this.runImport(request, (vault, options) =>
      importPastedImage(vault, request.image, options),
    );
  }

  private async runImport(
    request: Omit<ImportRequest, 'paths'>,
    run: (vault: Vault, options: ImportOptions) => Promise<ImportFileResult[]>,
  ): Promise<ImportFileResult[]> {
    const vault = this.requireVault();
    if (this.tasks.has(request.taskId))
      throw new SakshyaError('INVALID_INPUT', 'this import is already running');
    const controller = new AbortController();
    const group = new CommitGroup(vault, request.caseId);
    const task: { controller: AbortController; group: CommitGroup; done?: Promise<unknown> } = {
      controller,
      group,
    };
    this.tasks.set(request.taskId, task);
    try {
      const running = run(vault, {
        caseId: request.caseId,
        signal: controller.signal,
        group,
        thumbnails: this.thumbnailQueue(vault),
        ...(request.provenance === undefined ? {} : { provenance: request.provenance }),
        ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
      });
      task.done = running;
      return await running;
    } finally {
      this.tasks.delete(request.taskId);
    }
  }

  /** False when no import with this id is running (it may have just finished). */
  cancelImport(taskId: string): boolean {
    const task = this.tasks.get(taskId);
    if (task === undefined) return false;
    task.controller.abort();
    return true;
  }

  /** In import order. Pictures that have no preview yet (imported elsewhere, or cut short by a lock) are queued. */
  listEvidence(caseId: string): EvidenceItem[] {
    const vault = this.requireVault();
    vault.getCase(caseId);
    const thumbnails = new Map(
      new ThumbnailsRepository(vault.db).list().map((row) => [row.blobName, row]),
    );
    return new EvidenceRepository(vault.db).listByCase(caseId).map((evidence) => {
      const state = this.describePreview(vault, evidence, thumbnails.get(evidence.blobName));
      return {
        id: evidence.id,
        originalName: evidence.originalName,
        size: evidence.size,
        sha256: evidence.sha256,
        mediaType: evidence.mediaType,
        capturedAt: evidence.capturedAt,
        capturedAtSource: evidence.capturedAtSource,
        capturedAtConfidence: evidence.capturedAtConfidence,
        capturedAtDetail: evidence.capturedAtDetail,
        zoneAssumed: evidence.capturedAtZoneAssumed,
        importedAt: evidence.importedAt,
        provenance: evidence.provenance,
        warnings: evidence.warnings,
        thumbnail: state.status,
        thumbnailReason: state.reason,
      };
    });
  }

  /** The preview as a data: URL, decrypted in memory only; it is never written anywhere in the clear. */
  getThumbnail(evidenceId: string): Thumbnail {
    const vault = this.requireVault();
    const evidence = new EvidenceRepository(vault.db).require(evidenceId);
    const record = new ThumbnailsRepository(vault.db).get(evidence.blobName);
    const state = this.describePreview(vault, evidence, record);
    if (state.status !== 'ready')
      return { dataUrl: null, status: state.status, reason: state.reason };
    const read = readCheckedPreview(vault, evidence.blobName);
    if (read.status !== 'ok') {
      // Not the preview that was made (swapped, damaged, or made before previews had a hash):
      // never shown. It is made again from the original.
      new ThumbnailsRepository(vault.db).remove(evidence.blobName);
      if (!evidence.mediaType.startsWith('image/'))
        return { dataUrl: null, status: 'none', reason: UNREADABLE_PREVIEW };
      this.thumbnailQueue(vault).enqueue(evidence.blobName, evidence.mediaType);
      return { dataUrl: null, status: 'pending', reason: REMAKING_PREVIEW };
    }
    return {
      dataUrl: `data:image/webp;base64,${read.webp.toString('base64')}`,
      status: 'ready',
      reason: state.reason,
    };
  }

  /**
   * Called on every lock, before the vault closes: files of running imports that are done but still
   * waiting in their commit group are committed now, then the imports stop, and waiting previews
   * are dropped. Resolves once the stopped imports and the preview being drawn have ended.
   */
  stop(): Promise<void> {
    const ending: Promise<unknown>[] = [];
    for (const { controller, group, done } of this.tasks.values()) {
      try {
        group.commitNow();
      } catch {
        // The lock goes ahead whatever happens; those files are then reported as not imported.
      }
      controller.abort();
      if (done !== undefined) ending.push(done);
    }
    this.tasks.clear();
    const queue = this.queue?.queue;
    queue?.stop();
    this.queue = undefined;
    if (queue !== undefined) ending.push(queue.idle());
    return Promise.allSettled(ending).then(() => undefined);
  }

  /** Resolves once the previews queued so far are made; for tests and an orderly shutdown. */
  async idle(): Promise<void> {
    await this.queue?.queue.idle();
  }

  private describePreview(
    vault: Vault,
    evidence: StoredEvidence,
    record: ThumbnailRecord | undefined,
  ): { status: EvidenceItem['thumbnail']; reason: string } {
    if (record !== undefined) return { status: record.status, reason: record.reason };
    // The pipeline queues previews for pictures only; everything else simply has none.
    if (!evidence.mediaType.startsWith('image/')) return { status: 'none', reason: '' };
    this.thumbnailQueue(vault).enqueue(evidence.blobName, evidence.mediaType);
    return { status: 'pending', reason: '' };
  }

  private thumbnailQueue(vault: Vault): ThumbnailQueue {
    if (this.queue?.vault !== vault || this.queue.queue.isStopped) {
      this.queue = { vault, queue: new ThumbnailQueue(vault) };
    }
    return this.queue.queue;
  }
}
