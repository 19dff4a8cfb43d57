// The import pipeline: files and folders in, evidence out. Every path ends as imported, duplicate,
// skipped or failed with a plain reason; one bad file never stops the batch. Stored copies and
// sidecars are durable before their rows and custody entries commit (plain files a few dozen at a
// time, see group-commit.ts), so a crash at any point leaves each file either wholly recorded or
// nothing but an unused stored copy (which `sakshya check` notes as harmless).
//
// WhatsApp exports get more: a transcript's messages become timeline events, and a zip export's
// media become evidence of their own, linked to the messages that sent them.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { formatImportWarning } from '../../../shared/import-warnings';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import { SHARED_HASH_MIN_BYTES, StageWorkers } from '../vault/stage-workers';
import type { Vault } from '../vault/vault';
import {
  CHAT_TEXT_MAX_BYTES,
  describeAttachmentCapture,
  describeChatCapture,
  describeChatLines,
  hasChatEvents,
  isTranscriptName,
  looksLikeChatExport,
  mapAttachmentMessages,
  normalizeName,
  readChat,
  recordChatEvents,
  type ChatEventsInput,
} from './chat-import';
import { collectFiles, type CollectedPath } from './collect-files';
import {
  describeImportError,
  emptyResult,
  importOneFile,
  LOCKED,
  type FileImportContext,
  type Inspection,
} from './import-file';
import {
  DEFAULT_MAX_FILE_BYTES,
  type ImportFileResult,
  type ImportOptions,
  type ImportProgress,
} from './import-types';
import { CommitGroup } from './group-commit';
import { readChatExportText, type ChatMessage, type ParsedChat } from '../readers/whatsapp';
import { ALONE_BYTES, runInLanes } from './lanes';
import { importZipEntries, scanZip, type ZipScan } from './zip-import';
import {
  hasAndroidEvents,
  importAndroidBackup,
  looksLikeAndroidBackup,
  sniffAndroidFile,
} from './android-import';
import type { AndroidBackupKind } from '../readers/android-backup';
import { describeRecordingCapture, linkRecordingsToCalls } from './recording-import';
import { linkSameCalls } from '../timeline/same-call';
import { inspectSourceText, type SourceFound, type SourceRead } from './source-import';
import {
  importEmailSource,
  importSourceZip,
  readZipSources,
  recordPendingSources,
  type PendingSource,
} from './source-pipeline';

export type {
  ImportFileResult,
  ImportReasonCode,
  ImportOptions,
  ImportProgress,
  ImportStatus,
  ImportedMessage,
} from './import-types';

type ExportFound =
  | { kind: 'android'; backup: AndroidBackupKind }
  | { kind: 'text'; chat: ParsedChat }
  | { kind: 'zip'; chat: ParsedChat | null; scan: ZipScan; transcriptName: string }
  // Telegram, Instagram, Messenger and e-mail (source-pipeline.ts).
  | { kind: 'source'; chat: null; found: SourceFound }
  | { kind: 'source-zip'; chat: null; scan: ZipScan; reads: { name: string; read: SourceRead }[] };

interface PendingTextChat {
  result: ImportFileResult;
  evidenceId: string;
  chat: ParsedChat;
}

const TOO_LARGE_CHAT = formatImportWarning('chat-too-large');
const CHAT_WRONG_TYPE = formatImportWarning('chat-export-wrong-type');
const CHAT_DAMAGED = formatImportWarning('chat-export-damaged');
const CHAT_NO_TRANSCRIPT = formatImportWarning('chat-export-no-transcript');
const CHAT_NO_MESSAGES = formatImportWarning('chat-export-no-messages');
const ZIP_INCOMPLETE = formatImportWarning('zip-incomplete');

/**
 * Files imported at once (lanes.ts). On 2 cores, before stored copies were written in worker
 * threads, 2 lanes gave ~1.3× one lane, 3 ~1.45× and 4 no more. With stage workers a file spends
 * much of its time waiting (on a worker, on the disk, for its turn to be recorded), and 8 lanes
 * gave ~300-315 files/s against ~230-260 with 4 (2,000 screenshots, bundled, quiet machine).
 */
const LANES = 8;
/**
 * From this many files on, stored copies are written in worker threads. Starting one costs ~50 ms
 * from the bundle (far more from source, under tsx), which a handful of files would not win back.
 */
export const STAGE_WORKERS_MIN_FILES = 8;

export async function importPaths(
  vault: Vault,
  paths: string[],
  options: ImportOptions,
): Promise<ImportFileResult[]> {
  const owner = vault.getCase(options.caseId);
  const collected = await collectFiles(paths);
  const progress = new ProgressCounter(options.onProgress, collected.length, sumSizes(collected));
  const ctx: FileImportContext = {
    vault,
    caseId: owner.id,
    timezone: owner.timezone,
    provenance: options.provenance ?? { kind: 'unknown' },
    signal: options.signal,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    thumbnails: options.thumbnails,
    group: options.group ?? new CommitGroup(vault, owner.id, options.commitGroup),
    // Each file counts its own bytes (see importCollected).
    onBytes: () => undefined,
  };
  const workers =
    options.stager === undefined &&
    (collected.length >= STAGE_WORKERS_MIN_FILES || collected.some(isWorthHashHelper))
      ? new StageWorkers()
      : undefined;
  ctx.stager = options.stager ?? workers;
  // Previews wait for the batch to finish rather than compete with it for the CPU.
  const release = options.thumbnails?.hold();
  try {
    return await importCollected(ctx, collected, options, progress);
  } finally {
    // Only an unexpected error leaves files waiting here; their staged copies must not linger.
    await ctx.group?.abandon(new SakshyaError('CANCELLED'));
    await workers?.close();
    release?.();
  }
}

async function importCollected(
  ctx: FileImportContext,
  collected: readonly CollectedPath[],
  options: ImportOptions,
  progress: ProgressCounter,
): Promise<ImportFileResult[]> {
  const { vault } = ctx;
  // One slot per dropped path, so results keep the order of the drop whichever lane finished first
  // (a zip's own result is followed by its entries').
  const slots = collected.map((): ImportFileResult[] => []);
  const chatSlots = collected.map((): PendingTextChat[] => []);
  const sourceSlots = collected.map((): PendingSource[] => []);
  // An object, not a `let`: the lanes set it from inside their callbacks.
  const batch = { locked: false };
  const turns = makeTurns(collected.length);
  await runInLanes(collected, options.lanes ?? LANES, runsAlone, async (item, index) => {
    const file = progress.startFile();
    try {
      await importItem(item, index, file);
    } finally {
      // The turn ends once the file is in the group, not once the group has committed: the files
      // behind it keep going while the commit waits on its fsyncs. Ending it after the commit held
      // every lane up behind each group's fsyncs, leaving a third of the CPU idle.
      turns.end(index);
    }
    // A file counts as done once committed, so the lane that filled the group waits for it.
    if (ctx.group?.isDue === true) await ctx.group.flush();
    file.finish(item.kind === 'file' ? item.size : 0);
  });
  async function importItem(item: CollectedPath, index: number, file: FileProgress): Promise<void> {
    const results = slots[index] ?? [];
    if (item.kind !== 'file') {
      results.push({
        ...emptyResult(item.path),
        status: item.kind,
        reasonCode: item.reasonCode,
        reason: item.reason,
      });
    } else if (batch.locked || !vault.isOpen) {
      batch.locked = true;
      results.push({ ...emptyResult(item.path), ...LOCKED });
    } else {
      const state: BatchState = {
        results,
        textChats: chatSlots[index] ?? [],
        sources: sourceSlots[index] ?? [],
        progress: file,
      };
      try {
        await importTopLevel(
          { ...ctx, onBytes: file.addBytes, waitTurn: () => turns.wait(index) },
          item.path,
          options.dayFirst,
          state,
        );
      } catch (error) {
        if (!(error instanceof SakshyaError && error.code === 'VAULT_LOCKED')) throw error;
        batch.locked = true;
        results.push({ ...emptyResult(item.path), ...LOCKED });
      }
    }
  }
  await ctx.group?.flush();
  // Transcripts given as plain text are linked last, so media dropped in the same batch (an
  // unzipped export folder) are already evidence whatever order the folder listed them in.
  if (!batch.locked && vault.isOpen) {
    for (const pending of chatSlots.flat()) {
      recordChatSafely(vault, pending.result, {
        caseId: ctx.caseId,
        timeZone: ctx.timezone,
        chatEvidenceId: pending.evidenceId,
        chat: pending.chat,
        attachments: mapEvidenceByName(new EvidenceRepository(vault.db).listByCase(ctx.caseId)),
      });
    }
  }
  if (!batch.locked && vault.isOpen) {
    recordPendingSources(vault, ctx.caseId, sourceSlots.flat());
    // Recordings and calls may arrive in either order: link whatever now matches.
    linkRecordingsToCalls(vault, ctx.caseId);
    // So may a call typed in by hand and the same call in the phone's call log.
    linkSameCalls(vault, ctx.caseId);
  }
  return slots.flat();
}

/**
 * The order of the drop, kept for recording: `wait(i)` resolves once items 0…i−1 have all ended,
 * `end(i)` marks item i ended (its lane is done with it, however it went).
 */
function makeTurns(count: number): {
  wait: (index: number) => Promise<void>;
  end: (index: number) => void;
} {
  const ends: (() => void)[] = [];
  const ended = Array.from(
    { length: count },
    (_, index) =>
      new Promise<void>((resolve) => {
        ends[index] = resolve;
      }),
  );
  // passed[i]: items 0…i have all ended.
  const passed: Promise<void>[] = [];
  ended.forEach((own, index) => {
    passed[index] = index === 0 ? own : Promise.all([passed[index - 1], own]).then(() => undefined);
  });
  return {
    wait: (index) => (index === 0 ? Promise.resolve() : (passed[index - 1] ?? Promise.resolve())),
    end: (index) => ends[index]?.(),
  };
}

/** A file big enough to be hashed in a second worker while the first seals it. */
function isWorthHashHelper(item: CollectedPath): boolean {
  return item.kind === 'file' && item.size >= SHARED_HASH_MIN_BYTES;
}

function runsAlone(item: CollectedPath): boolean {
  return item.kind === 'file' && item.size > ALONE_BYTES;
}

interface BatchState {
  results: ImportFileResult[];
  textChats: PendingTextChat[];
  sources: PendingSource[];
  progress: FileProgress;
}

async function importTopLevel(
  ctx: FileImportContext,
  file: string,
  dayFirst: boolean | undefined,
  batch: BatchState,
): Promise<void> {
  const name = path.basename(file);
  const outcome = await importOneFile<ExportFound | null>(ctx, {
    file,
    displayPath: file,
    originalName: name,
    useMtime: true,
    inspect: (read, mediaType, duplicateOf) =>
      inspectExport(ctx, read, mediaType, duplicateOf, name, dayFirst),
  });
  batch.results.push(outcome.result);
  const found = outcome.payload;
  if (found === null || outcome.evidence === null) return;
  if (found.kind === 'android') {
    await recordAndroidSafely(ctx, outcome.evidence, found.backup, outcome.result, batch);
    return;
  }
  if (found.kind === 'source' || found.kind === 'source-zip') {
    await importSourceFound(ctx, file, outcome.result, outcome.evidence, found, batch);
    return;
  }
  if (found.chat !== null) outcome.result.messages = describeChatLines(found.chat, ctx.timezone);
  if (found.kind === 'text') {
    batch.textChats.push({
      result: outcome.result,
      evidenceId: outcome.evidence.id,
      chat: found.chat,
    });
    return;
  }
  await importZipExport(ctx, file, outcome.result, outcome.evidence, found, batch);
}

async function importSourceFound(
  ctx: FileImportContext,
  file: string,
  result: ImportFileResult,
  evidence: StoredEvidence,
  found: Extract<ExportFound, { kind: 'source' | 'source-zip' }>,
  batch: BatchState,
): Promise<void> {
  if (found.kind === 'source-zip') {
    batch.progress.addFiles(
      found.scan.entries.length,
      found.scan.entries.reduce((sum, entry) => sum + entry.size, 0),
    );
    await importSourceZip(ctx, {
      file,
      zipResult: result,
      zipEvidence: evidence,
      scan: found.scan,
      reads: found.reads,
      onResult: (entryResult, size) => {
        batch.results.push(entryResult);
        batch.progress.finish(size);
      },
    });
    return;
  }
  if (found.found.kind === 'email') {
    await importEmailSource(ctx, file, result, evidence, found.found, (entryResult) =>
      batch.results.push(entryResult),
    );
    return;
  }
  batch.sources.push({ result, evidenceId: evidence.id, found: found.found });
}

async function importZipExport(
  ctx: FileImportContext,
  file: string,
  zipResult: ImportFileResult,
  zipEvidence: StoredEvidence,
  found: Extract<ExportFound, { kind: 'zip' }>,
  batch: BatchState,
): Promise<void> {
  const { chat } = found;
  const senders = chat === null ? new Map<string, ChatMessage>() : mapAttachmentMessages(chat);
  const chatCapture = chat === null ? undefined : describeChatCapture(chat, ctx.timezone);
  batch.progress.addFiles(
    found.scan.entries.length,
    found.scan.entries.reduce((sum, entry) => sum + entry.size, 0),
  );
  // Entries are committed one by one: the chat's messages are linked to them right after.
  await ctx.group?.flush();
  const unpacked = await importZipEntries(
    // Its entries are recorded in turn already: this zip holds the turn until they are done.
    { ...ctx, group: undefined, waitTurn: undefined },
    {
      zipPath: file,
      scan: found.scan,
      captureFor: (entryName) => {
        if (entryName === found.transcriptName) return chatCapture;
        const sender = senders.get(normalizeName(path.posix.basename(entryName)));
        return sender === undefined ? undefined : describeAttachmentCapture(sender, ctx.timezone);
      },
      onResult: (result, size) => {
        batch.results.push(result);
        batch.progress.finish(size);
      },
    },
  );
  if (chat === null) return;
  if (!unpacked.complete) {
    zipResult.warnings.push(ZIP_INCOMPLETE);
    return;
  }
  recordChatSafely(ctx.vault, zipResult, {
    caseId: ctx.caseId,
    timeZone: ctx.timezone,
    chatEvidenceId: zipEvidence.id,
    transcriptEvidenceId: unpacked.evidenceByName.get(path.posix.basename(found.transcriptName)),
    chat,
    attachments: unpacked.evidenceByName,
  });
}

/** Decides whether a just-stored file is a WhatsApp export (or a zip to refuse) before it is recorded. */
async function inspectExport(
  ctx: FileImportContext,
  file: string,
  mediaType: string,
  duplicateOf: StoredEvidence | undefined,
  name: string,
  dayFirst: boolean | undefined,
): Promise<Inspection<ExportFound | null>> {
  const nothing = { warnings: [], payload: null };
  // A repeated import of an export whose messages are already in adds nothing more.
  if (duplicateOf !== undefined && hasChatEvents(ctx.vault, duplicateOf.id)) return nothing;
  if (mediaType.startsWith('text/') || mediaType.endsWith('/xml')) {
    const backup = await sniffAndroidFile(file);
    if (backup !== null) {
      if (duplicateOf !== undefined && hasAndroidEvents(ctx.vault, duplicateOf.id)) return nothing;
      return {
        ...(backup.capture === undefined ? {} : { capture: backup.capture }),
        warnings: [],
        payload: { kind: 'android', backup: backup.kind },
      };
    }
  }
  if (looksLikeAndroidBackup(name)) {
    return { warnings: [formatImportWarning('android-not-a-backup')], payload: null };
  }
  if (mediaType === 'text/plain') {
    const { size } = await fsp.stat(file);
    if (size > CHAT_TEXT_MAX_BYTES)
      return isTranscriptName(name) ? { warnings: [TOO_LARGE_CHAT], payload: null } : nothing;
    const read = readChat(readChatExportText(await fsp.readFile(file)), name, dayFirst);
    if (read.chat === null && read.warnings.length === 0 && !isTranscriptName(name)) {
      const source = await inspectSourceText(file, name, ctx.timezone);
      if (source.found !== null)
        return {
          capture: source.capture,
          warnings: source.warnings,
          payload: { kind: 'source', chat: null, found: source.found },
        };
      if (source.warnings.length > 0) return { warnings: source.warnings, payload: null };
    }
    if (read.chat === null) {
      // A file named as a chat that holds none is kept as a plain file, with a word about it.
      const unread = read.warnings.length === 0 && isTranscriptName(name) ? [CHAT_NO_MESSAGES] : [];
      return { warnings: [...read.warnings, ...unread], payload: null };
    }
    return {
      capture: describeChatCapture(read.chat, ctx.timezone),
      warnings: read.warnings,
      payload: { kind: 'text', chat: read.chat },
    };
  }
  const namedAsChat = looksLikeChatExport(name);
  const recording = describeRecordingCapture(name, mediaType, ctx.timezone);
  if (recording !== undefined) return { capture: recording, warnings: [], payload: null };
  if (mediaType !== 'application/zip') {
    return namedAsChat ? { warnings: [CHAT_WRONG_TYPE], payload: null } : nothing;
  }
  let scan: ZipScan;
  try {
    scan = await scanZip(file);
  } catch (error) {
    // Already evidence (added before this check existed, or with `sakshya add`): report it as such.
    if (duplicateOf !== undefined) return nothing;
    // A damaged chat export is still her evidence: kept as it is (never unpacked), with a word.
    if (namedAsChat) return { warnings: [CHAT_DAMAGED], payload: null };
    return { refused: describeImportError(error) };
  }
  const sources = scan.transcript === null ? readZipSources(scan, ctx.timezone) : null;
  if (sources !== null) {
    return {
      capture: sources.reads.find((entry) => entry.read.capture !== undefined)?.read.capture,
      warnings: [...scan.warnings, ...sources.warnings],
      payload: { kind: 'source-zip', chat: null, scan, reads: sources.reads },
    };
  }
  if (scan.transcript === null) {
    return {
      warnings: [...scan.warnings, ...(namedAsChat ? [CHAT_NO_TRANSCRIPT] : [])],
      payload: null,
    };
  }
  const read = readChat(scan.transcript.text, scan.transcript.name, dayFirst);
  return {
    capture: read.chat === null ? undefined : describeChatCapture(read.chat, ctx.timezone),
    warnings: [...scan.warnings, ...read.warnings],
    payload: { kind: 'zip', chat: read.chat, scan, transcriptName: scan.transcript.name },
  };
}

function recordChatSafely(vault: Vault, result: ImportFileResult, input: ChatEventsInput): void {
  try {
    const summary = recordChatEvents(vault, input);
    if (summary !== null) {
      result.chat = { messages: summary.messages, alreadyHere: summary.alreadyHere };
    }
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    result.warnings.push(
      formatImportWarning('chat-not-recorded', { reason: describeImportError(error).reason }),
    );
  }
}

/** An Android backup's records as events; a failure leaves the file kept, with a word. */
async function recordAndroidSafely(
  ctx: FileImportContext,
  evidence: StoredEvidence,
  backup: AndroidBackupKind,
  result: ImportFileResult,
  batch: BatchState,
): Promise<void> {
  try {
    // The parse holds this thread for up to a minute: idle stage workers need not wait it out.
    await ctx.stager?.releaseIdle?.();
    const summary = await importAndroidBackup(ctx, evidence, backup, result, (part) => {
      batch.results.push(part);
    });
    if (summary === null) return;
    if (summary.kind === 'sms') {
      result.chat = { messages: summary.messages, alreadyHere: summary.alreadyHere };
    } else {
      result.calls = {
        calls: summary.calls,
        alreadyHere: summary.alreadyHere,
        fromThem: summary.callsFromThem,
        outsideHours: summary.callsOutsideHours,
      };
    }
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    result.warnings.push(
      formatImportWarning('chat-not-recorded', { reason: describeImportError(error).reason }),
    );
  }
}

function mapEvidenceByName(evidence: readonly StoredEvidence[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const item of evidence)
    if (!byName.has(item.originalName)) byName.set(item.originalName, item.id);
  return byName;
}

function sumSizes(items: readonly { kind: string; size?: number }[]): number {
  return items.reduce((sum, item) => sum + (item.size ?? 0), 0);
}

/** One dropped path's share of the progress: the bytes it has read so far, and its end. */
interface FileProgress {
  addBytes: (bytes: number) => void;
  /** Counts more files found inside this one (a zip's entries). */
  addFiles: (count: number, bytes: number) => void;
  /** This file, or one found inside it, is done: the bytes read so far stop counting as in flight. */
  finish: (size: number) => void;
}

class ProgressCounter {
  private done = 0;
  private bytesFinished = 0;
  private bytesInFlight = 0;

  constructor(
    private readonly report: ((progress: ImportProgress) => void) | undefined,
    private total: number,
    private bytesTotal: number,
  ) {}

  /** Files run side by side, so each keeps count of its own bytes in flight. */
  startFile(): FileProgress {
    let streamed = 0;
    return {
      addBytes: (bytes) => {
        streamed += bytes;
        this.bytesInFlight += bytes;
        this.emit();
      },
      addFiles: (count, bytes) => {
        this.total += count;
        this.bytesTotal += bytes;
        this.emit();
      },
      finish: (size) => {
        this.done += 1;
        this.bytesFinished += size;
        this.bytesInFlight -= streamed;
        streamed = 0;
        this.emit();
      },
    };
  }

  private emit(): void {
    this.report?.({
      done: this.done,
      total: this.total,
      bytesDone: Math.min(this.bytesFinished + this.bytesInFlight, this.bytesTotal),
      bytesTotal: this.bytesTotal,
    });
  }
}
