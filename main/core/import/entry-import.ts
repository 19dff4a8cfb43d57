// Imports one file whose bytes have no plain file of their own: a zip entry, a pasted picture.
// Nothing of it is ever written to disk in the clear. The bytes stream once, straight into the
// encryptor (a sealed copy in the vault's tmp/, see stageStream), and the readers (type, EXIF, PNG
// chunks) look at the same bytes kept in memory: all of them up to READ_IN_MEMORY_BYTES, else the
// first READ_IN_MEMORY_BYTES, where every format we read metadata from keeps it (the type is
// settled by the first 64 KiB; EXIF and XMP sit ahead of the image data). Keeping a whole video in
// memory instead would cap an entry's size by RAM.
import type { Readable } from 'node:stream';
import { EvidenceRepository } from '../db/repositories/evidence';
import { discardStagedBlob, stageStream, type StagedBlob } from '../vault/blob-store';
import type { CaptureDetails, RecordOptions } from '../vault/vault';
import { sniffMediaType } from '../readers/media-type';
import {
  describeEvidence,
  describeImportError,
  describeStop,
  EMPTY,
  emptyResult,
  enqueuePreview,
  formatBytes,
  isCancelled,
  readDetails,
  recordNow,
  type FileImportContext,
  type FileOutcome,
} from './import-file';
import type { StatedReason } from './import-types';
import { StreamProbe } from './stream-probe';
import { SakshyaError } from '../../../shared/errors';

/** How much of an entry the readers see, kept in memory while it streams into the encryptor. */
export const READ_IN_MEMORY_BYTES = 16 * 1024 * 1024;

export interface StreamImportRequest {
  source: Readable;
  /** The size the container declares (a zip's central directory, the pasted bytes' length). */
  size: number;
  /** What the result calls it. */
  displayPath: string;
  /** Kept exactly, whatever characters it holds. */
  originalName: string;
  /** A time to use when the bytes themselves give none (a chat attachment: its message). */
  fallbackCapture?: CaptureDetails | undefined;
}

/** Stores and records one stream as evidence of the context's case, committed at once. */
export async function importOneStream(
  ctx: FileImportContext,
  request: StreamImportRequest,
): Promise<FileOutcome<null>> {
  const base = emptyResult(request.displayPath);
  const stop = (status: 'skipped' | 'failed', why: StatedReason): FileOutcome<null> => ({
    result: { ...base, status, ...why },
    evidence: null,
    blobName: null,
    payload: null,
  });
  if (isCancelled(ctx)) return stop('skipped', describeStop(ctx));
  if (request.size === 0) return stop('skipped', EMPTY);
  if (request.size > ctx.maxFileBytes) {
    return stop('skipped', {
      reasonCode: 'too-large',
      reason: `larger than the ${formatBytes(ctx.maxFileBytes)} limit for one file`,
    });
  }
  let staged: StagedBlob | null = null;
  // A failure while streaming (the zip reader's refusal of a damaged entry, a full disk) is the
  // caller's to handle, as it was when entries were unpacked: it stops the zip.
  let streamed = false;
  try {
    const probe = new StreamProbe();
    const kept = new KeptBytes(READ_IN_MEMORY_BYTES);
    const { vault } = ctx;
    const current = await stageStream(
      vault.layout,
      { recipient: vault.recipient, nameFor: (sha256) => vault.blobNameFor(sha256) },
      request.source,
      {
        signal: ctx.signal,
        observe: (bytes) => {
          probe.take(bytes);
          kept.take(bytes);
          ctx.onBytes(bytes.length);
        },
      },
    );
    staged = current;
    streamed = true;
    if (isCancelled(ctx)) return await dropAnd(current, stop('skipped', describeStop(ctx)));
    if (current.size === 0) return await dropAnd(current, stop('skipped', EMPTY));
    const seen = probe.finish();
    const bytes = kept.bytes();
    const existing = new EvidenceRepository(vault.db).findBySha256(ctx.caseId, current.sha256);
    if (existing !== undefined) {
      await discardStagedBlob(current);
      staged = null;
      return {
        ...describeEvidence(ctx, base, 'duplicate', existing),
        blobName: current.name,
        payload: null,
      };
    }
    const { mediaType } = await sniffMediaType(bytes, seen.head);
    const read = await readDetails(
      ctx,
      {
        file: bytes,
        originalName: request.originalName,
        mtimeMs: 0,
        fallbackCapture: request.fallbackCapture,
      },
      mediaType,
      null,
      seen.png,
    );
    if (isCancelled(ctx)) return await dropAnd(current, stop('skipped', describeStop(ctx)));
    const options: RecordOptions = {
      originalName: request.originalName,
      provenance: ctx.provenance,
      mediaType,
      capture: read.capture,
      metadata: read.metadata,
      warnings: read.warnings,
    };
    staged = null;
    const recorded = await recordNow(ctx, current, options);
    if (recorded.status === 'imported') enqueuePreview(ctx, recorded.evidence);
    return {
      ...describeEvidence(ctx, base, recorded.status, recorded.evidence),
      blobName: current.name,
      payload: null,
    };
  } catch (error) {
    if (staged !== null) await discardStagedBlob(staged);
    if (isCancelled(ctx)) return stop('skipped', describeStop(ctx));
    if (!streamed) throw error;
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    return stop('failed', describeImportError(error));
  }
}

async function dropAnd<T>(staged: StagedBlob, outcome: T): Promise<T> {
  await discardStagedBlob(staged);
  return outcome;
}

/** The first `limit` bytes of a stream, in memory only. */
class KeptBytes {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  take(bytes: Buffer): void {
    if (this.length >= this.limit) return;
    const part = bytes.subarray(0, this.limit - this.length);
    // A copy: the stream may reuse its buffer for the next chunk.
    this.chunks.push(Buffer.from(part));
    this.length += part.length;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}
