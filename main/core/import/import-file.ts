// Imports one regular file: reads it once through a descriptor we opened (so the hash is of exactly
// the bytes stored), works out what it is and when it was captured, and records it. The file is
// checked again afterwards: if it changed, moved or vanished while being read, nothing is recorded
// and the stored copy is removed unless something else uses it.
import type { Stats } from 'node:fs';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Provenance } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import {
  discardStagedBlob,
  publishStagedBlobs,
  stageFile,
  type StagedBlob,
} from '../vault/blob-store';
import {
  describeNewEvidence,
  type AddFileResult,
  type CaptureDetails,
  type RecordOptions,
  type Vault,
} from '../vault/vault';
import { determineCapturedAt } from '../readers/captured-at';
import type { CommitGroup, GroupOutcome } from './group-commit';
import { describeFsError, describeSpecialFile, readErrorCode } from './collect-files';
import type { ImportFileResult, StatedReason } from './import-types';
import { sniffMediaType } from '../readers/media-type';
import { readMetadata } from '../readers/metadata';
import type { PngChunks } from '../readers/png-chunks';
import { StreamProbe } from './stream-probe';
import type { Stager } from '../vault/stage-workers';
import {
  describeSourceChange,
  isSameStamp,
  readSourceAfter,
  SourceChanged,
  stampOf,
  type FileStamp,
  type SourceWatch,
} from '../vault/source-watch';
import type { ThumbnailQueue } from './thumbnail-queue';
import { ZipRefusal } from '../readers/zip-reader';
import { formatInstantInZone } from '../time/zoned-time';

export interface FileImportContext {
  vault: Vault;
  caseId: string;
  timezone: string;
  provenance: Provenance;
  signal: AbortSignal | undefined;
  maxFileBytes: number;
  thumbnails: ThumbnailQueue | undefined;
  /**
   * Where plain files wait to be committed a few dozen at a time (see group-commit.ts); without it,
   * each file is committed before importOneFile returns. Files whose payload the caller needs at
   * once (chat exports, zips) are always committed at once, after whatever is waiting.
   */
  group: CommitGroup | undefined;
  /** Called with each chunk's length as it is stored, for progress. */
  onBytes: (bytes: number) => void;
  /** Writes stored copies in worker threads; without it, this thread writes them (stageFile). */
  stager?: Stager;
  /**
   * Resolves once every file dropped before this one has been recorded (or has ended otherwise).
   * Files are read side by side (lanes.ts) but recorded in the order of the drop, so the case's
   * evidence lists in that order.
   */
  waitTurn?: () => Promise<void>;
}

/** What a look at the content decided: refuse the file, or record it (perhaps with its own time). */
export type Inspection<T> =
  | { refused: StatedReason }
  | { refused?: undefined; capture?: CaptureDetails; warnings: string[]; payload: T };

export interface FileImportRequest<T> {
  /** Where to read the bytes. */
  file: string;
  /** What the result calls it. */
  displayPath: string;
  /** Kept exactly, whatever characters it holds. */
  originalName: string;
  /** False for files unpacked from a zip: their modification time is just the unpacking time. */
  useMtime: boolean;
  /** Looks at the stored content before it is recorded (chat exports, zips). */
  inspect?: (
    file: string,
    mediaType: string,
    duplicateOf: StoredEvidence | undefined,
  ) => Promise<Inspection<T>>;
  /** A time to use when the file itself gives none, or only a date (a chat attachment). */
  fallbackCapture?: CaptureDetails;
}

export interface FileOutcome<T> {
  result: ImportFileResult;
  evidence: StoredEvidence | null;
  blobName: string | null;
  payload: T | null;
}

// O_NONBLOCK keeps open() from hanging if the path was swapped for a named pipe after it was listed.
const OPEN_FLAGS =
  fs.constants.O_RDONLY | (process.platform === 'win32' ? 0 : fs.constants.O_NONBLOCK);
const CHANGED: StatedReason = {
  reasonCode: 'changed-while-reading',
  reason:
    'the file changed while it was being read; nothing was added (import it again once it is complete)',
};
const VANISHED: StatedReason = {
  reasonCode: 'changed-while-reading',
  reason: 'the file was moved or deleted while it was being read; nothing was added',
};
export const CANCELLED: StatedReason = { reasonCode: 'cancelled', reason: 'cancelled' };
export const LOCKED: StatedReason = {
  reasonCode: 'vault-locked',
  reason: 'not imported: Sakshya was locked during the import',
};
export const EMPTY: StatedReason = { reasonCode: 'empty-file', reason: 'empty file' };

export async function importOneFile<T>(
  ctx: FileImportContext,
  request: FileImportRequest<T>,
): Promise<FileOutcome<T>> {
  const base = emptyResult(request.displayPath);
  const stop = (status: 'skipped' | 'failed', why: StatedReason): FileOutcome<T> => ({
    result: { ...base, status, ...why },
    evidence: null,
    blobName: null,
    payload: null,
  });
  if (isCancelled(ctx)) return stop('skipped', describeStop(ctx));

  let before: Stats;
  try {
    before = await fsp.stat(request.file);
  } catch (error) {
    return stop('failed', describeFsError(error));
  }
  if (!before.isFile()) return stop('skipped', describeSpecialFile(before));
  if (before.size === 0) return stop('skipped', EMPTY);
  if (before.size > ctx.maxFileBytes) {
    return stop('skipped', {
      reasonCode: 'too-large',
      reason: `larger than the ${formatBytes(ctx.maxFileBytes)} limit for one file`,
    });
  }

  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(request.file, OPEN_FLAGS);
  } catch (error) {
    return stop('failed', describeFsError(error));
  }
  let staged: StagedBlob | null = null;
  const discard = async (): Promise<void> => {
    const dropped = staged;
    staged = null;
    if (dropped !== null) await discardStagedBlob(dropped);
  };
  let opened: FileStamp | null = null;
  let storedSize: number | null = null;
  try {
    const probe = new StreamProbe();
    // The stager checks that the file opened is the one just stat'ed, and stats it again after.
    staged = await storeFrom(ctx, handle, probe, { path: request.file, expected: stampOf(before) });
    const seen = probe.finish();
    storedSize = staged.size;
    opened = staged.after?.opened ?? null;
    if (isCancelled(ctx)) {
      await discard();
      return stop('skipped', describeStop(ctx));
    }
    // A second copy of a file still waiting in the group waits for it, to be told it is a duplicate.
    if (ctx.group?.holds(staged.sha256) === true) await ctx.group.flush();
    const existing = new EvidenceRepository(ctx.vault.db).findBySha256(ctx.caseId, staged.sha256);
    const { mediaType } = await sniffMediaType(request.file, seen.head);
    const inspection = request.inspect
      ? await request.inspect(request.file, mediaType, existing)
      : null;
    const read =
      existing === undefined && inspection?.refused === undefined
        ? await readDetails(
            ctx,
            {
              file: request.file,
              originalName: request.originalName,
              // 0 means "no usable modification time" to determineCapturedAt.
              mtimeMs: request.useMtime ? before.mtimeMs : 0,
              fallbackCapture: request.fallbackCapture,
            },
            mediaType,
            inspection,
            seen.png,
          )
        : null;

    // Both stagers (stageFile and the stage workers) watch when asked; anything else is a bug.
    if (staged.after === undefined)
      throw new SakshyaError('INTERNAL', 'the source was not watched');
    // The stager saw the file around the read; the type, metadata or chat may since have been read
    // from its path again, so the path is looked at once more (one stat: if it still names the
    // same inode, the descriptor's stat would say the same).
    const problem =
      describeChangeReason(describeSourceChange(staged.after, staged.size)) ??
      (await findLaterChange(request.file, staged.after.opened));
    if (problem !== null) {
      await discard();
      return stop('failed', problem);
    }
    if (inspection?.refused !== undefined) {
      await discard();
      return stop('failed', inspection.refused);
    }
    const payload = inspection?.payload ?? null;
    const blobName = staged.name;
    if (existing !== undefined) {
      await discard();
      return { ...describeEvidence(ctx, base, 'duplicate', existing), blobName, payload };
    }
    await ctx.waitTurn?.();
    if (isCancelled(ctx)) {
      await discard();
      return stop('skipped', describeStop(ctx));
    }
    const options: RecordOptions = {
      originalName: request.originalName,
      provenance: ctx.provenance,
      mediaType,
      capture: read?.capture,
      metadata: read?.metadata,
      warnings: read?.warnings,
    };
    const toRecord = staged;
    staged = null;
    if (ctx.group !== undefined && payload === null) {
      const record = describeNewEvidence(ctx.caseId, toRecord, options);
      const described = describeEvidence(ctx, base, 'imported', record);
      ctx.group.add({
        blob: toRecord,
        record,
        settle: (outcome) => {
          settleResult(ctx, base, described.result, outcome);
        },
      });
      return { ...described, blobName, payload: null };
    }
    await ctx.group?.flush();
    const recorded = await recordNow(ctx, toRecord, options);
    if (recorded.status === 'imported') enqueuePreview(ctx, recorded.evidence);
    return {
      ...describeEvidence(ctx, base, recorded.status, recorded.evidence),
      blobName,
      payload,
    };
  } catch (error) {
    await discard();
    if (error instanceof SourceChanged) return stop('failed', CHANGED);
    if (isCancelled(ctx)) return stop('skipped', describeStop(ctx));
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    // A read that failed because the file changed or went away is reported as that.
    const change =
      opened === null || storedSize === null
        ? null
        : await findChange(request.file, handle, opened, storedSize).catch(() => null);
    return stop('failed', change ?? describeImportError(error));
  } finally {
    await handle.close();
  }
}

/** Publishes one staged copy and records it at once (files that cannot wait for a group). */
export async function recordNow(
  ctx: FileImportContext,
  staged: StagedBlob,
  options: RecordOptions,
): Promise<AddFileResult> {
  const [created] = await publishStagedBlobs(ctx.vault.layout, [staged]);
  try {
    const { name, sha256, size } = staged;
    return ctx.vault.recordStoredBlob(ctx.caseId, { name, sha256, size }, options);
  } catch (error) {
    if (created === true && ctx.vault.isOpen) ctx.vault.discardUnusedBlob(staged.name);
    throw error;
  }
}

/** Rewrites a waiting file's result once its group has committed (or failed to). */
function settleResult(
  ctx: FileImportContext,
  base: ImportFileResult,
  result: ImportFileResult,
  outcome: GroupOutcome,
): void {
  if (outcome.status !== 'failed') {
    Object.assign(result, describeEvidence(ctx, base, outcome.status, outcome.evidence).result);
    if (outcome.status === 'imported') enqueuePreview(ctx, outcome.evidence);
    return;
  }
  const locked = outcome.error instanceof SakshyaError && outcome.error.code === 'VAULT_LOCKED';
  Object.assign(result, {
    ...base,
    status: locked ? 'skipped' : 'failed',
    ...(locked ? LOCKED : describeImportError(outcome.error)),
  });
}

export function enqueuePreview(ctx: FileImportContext, evidence: StoredEvidence): void {
  if (evidence.mediaType.startsWith('image/'))
    ctx.thumbnails?.enqueue(evidence.blobName, evidence.mediaType);
}

/** A lock stops imports through the same signal as Cancel; the user should see which it was. */
export function describeStop(ctx: FileImportContext): StatedReason {
  return ctx.vault.isOpen ? CANCELLED : LOCKED;
}

// A function, not an inline test, because the signal can flip during any await in between.
export function isCancelled(ctx: FileImportContext): boolean {
  return ctx.signal?.aborted === true;
}

/** Reads the open file into a staged copy; an abort stops it between reads and leaves nothing. */
async function storeFrom(
  ctx: FileImportContext,
  handle: fsp.FileHandle,
  probe: StreamProbe,
  watch: SourceWatch,
): Promise<StagedBlob> {
  const { vault } = ctx;
  const keys = {
    recipient: vault.recipient,
    nameFor: (sha256: string) => vault.blobNameFor(sha256),
  };
  const options = { onBytes: ctx.onBytes, signal: ctx.signal, probe, watch };
  return ctx.stager === undefined
    ? stageFile(vault.layout, keys, handle, options)
    : ctx.stager.stage(vault.layout, keys, handle, options);
}

/** What the readers look at: a path, or the bytes when they have no plain file (entry-import.ts). */
export interface DetailSource {
  file: string | Buffer;
  originalName: string;
  /** 0 when the file has no modification time worth using. */
  mtimeMs: number;
  fallbackCapture: CaptureDetails | undefined;
}

export async function readDetails<T>(
  ctx: FileImportContext,
  request: DetailSource,
  mediaType: string,
  inspection: Inspection<T> | null,
  png: PngChunks | null,
): Promise<{ capture: CaptureDetails; metadata: Record<string, unknown>; warnings: string[] }> {
  const { metadata, warnings } = await readMetadata(request.file, mediaType, png);
  let capture = inspection?.refused === undefined ? inspection?.capture : undefined;
  if (capture === undefined) {
    const found = await determineCapturedAt({
      file: request.file,
      originalName: request.originalName,
      metadata,
      mtimeMs: request.mtimeMs,
      caseTimezone: ctx.timezone,
    });
    capture = {
      capturedAt: found.capturedAt,
      source: found.source,
      confidence: found.confidence,
      detail: found.detail,
      zoneAssumed: found.zoneAssumed,
    };
    // A WhatsApp media name gives only the day; the message that sent the file gives the minute.
    const weak =
      found.source === 'unknown' || (found.source === 'filename' && found.confidence === 'low');
    if (weak && request.fallbackCapture !== undefined) capture = request.fallbackCapture;
  }
  const extra = inspection?.refused === undefined ? (inspection?.warnings ?? []) : [];
  return { capture, metadata, warnings: [...warnings, ...extra] };
}

/** After a failed read: whether the file changing or going away explains it. */
async function findChange(
  file: string,
  handle: fsp.FileHandle,
  opened: FileStamp,
  storedSize: number,
): Promise<StatedReason | null> {
  return describeChangeReason(
    describeSourceChange(await readSourceAfter(handle, file, opened), storedSize),
  );
}

/** Whether the path still names the file opened, unchanged. */
async function findLaterChange(file: string, opened: FileStamp): Promise<StatedReason | null> {
  const now = await fsp.stat(file).then(stampOf, () => null);
  if (now?.dev !== opened.dev || now.ino !== opened.ino) return VANISHED;
  return isSameStamp(now, opened) ? null : CHANGED;
}

function describeChangeReason(change: 'vanished' | 'changed' | null): StatedReason | null {
  if (change === 'vanished') return VANISHED;
  return change === 'changed' ? CHANGED : null;
}

export function emptyResult(displayPath: string): ImportFileResult {
  return {
    path: displayPath,
    status: 'skipped',
    reason: null,
    reasonCode: null,
    evidenceId: null,
    sha256: null,
    mediaType: null,
    capturedAt: null,
    capturedAtSource: null,
    warnings: [],
  };
}

export function describeEvidence(
  ctx: FileImportContext,
  base: ImportFileResult,
  status: 'imported' | 'duplicate',
  evidence: StoredEvidence,
): { result: ImportFileResult; evidence: StoredEvidence } {
  return {
    evidence,
    result: {
      ...base,
      status,
      ...(status === 'duplicate'
        ? { reasonCode: 'duplicate', reason: 'already in this case' }
        : { reasonCode: null, reason: null }),
      evidenceId: evidence.id,
      sha256: evidence.sha256,
      mediaType: evidence.mediaType,
      capturedAt:
        evidence.capturedAt === null
          ? null
          : formatInstantInZone(evidence.capturedAt, ctx.timezone),
      capturedAtSource: evidence.capturedAtSource,
      warnings: [...evidence.warnings],
    },
  };
}

export function describeImportError(error: unknown): StatedReason {
  if (error instanceof ZipRefusal)
    return { reasonCode: error.encrypted ? 'zip-encrypted' : 'zip-refused', reason: error.message };
  if (error instanceof SakshyaError) {
    if (error.code === 'DISK_FULL')
      return { reasonCode: 'disk-full', reason: 'the disk is full; nothing was added' };
    if (error.code === 'FILE_UNREADABLE')
      return { reasonCode: 'unreadable', reason: 'the file could not be read' };
    return { reasonCode: 'other', reason: error.message };
  }
  const code = readErrorCode(error);
  if (code === undefined) return { reasonCode: 'other', reason: 'the file could not be stored' };
  // Writing the stored copy went past the largest file the vault's drive takes (FAT32: 4 GB).
  if (code === 'EFBIG')
    return {
      reasonCode: 'too-large',
      reason: 'the file is too large for the drive the vault is on; nothing was added',
    };
  return describeFsError(error);
}

export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1) return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GB`;
  const mib = bytes / 1024 ** 2;
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`;
  return `${bytes} bytes`;
}
