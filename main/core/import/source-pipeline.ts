// The pipeline's part for the sources besides WhatsApp: a file read as a Telegram, Instagram,
// Messenger or e-mail export is recorded like a chat (source-messages.ts); a zip holding such
// exports has every entry imported first, then each thread recorded with the files it sent.
// Telegram and Meta files given loose (an unzipped export folder) are recorded after the whole
// batch, so their media dropped in the same batch are evidence by then.
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { formatImportWarning } from '../../../shared/import-warnings';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import type { Vault } from '../vault/vault';
import { describeImportError, type FileImportContext } from './import-file';
import type { ImportFileResult } from './import-types';
import { importEmailAttachments } from './email-import';
import { readSourceJson, type SourceFound, type SourceRead } from './source-import';
import {
  makeAttachmentFinder,
  recordContainerRead,
  recordSourceMessages,
  type MessageChannel,
  type SourceEventsInput,
} from './source-messages';
import { findExportRoot, recordOwners } from './source-owner';
import { listSourceMessages } from './telegram-import';
import { importZipEntries, type ZipScan } from './zip-import';

const ZIP_INCOMPLETE = formatImportWarning('zip-incomplete');

export interface PendingSource {
  result: ImportFileResult;
  evidenceId: string;
  found: SourceFound;
}

/** The threads of a zip's export files; null when none of them is one of ours. */
export function readZipSources(
  scan: ZipScan,
  timeZone: string,
): { reads: { name: string; read: SourceRead }[]; warnings: string[] } | null {
  if (scan.sources.length === 0) return null;
  const reads = scan.sources.map((entry) => ({
    name: entry.name,
    read: readSourceJson(entry.text, entry.name, timeZone),
  }));
  // A profile file alone (no thread) is a plain file of the zip.
  const threads = reads.filter(
    (entry) => entry.read.found !== null && entry.read.found.kind !== 'meta-profile',
  );
  if (threads.length === 0) return null;
  return { reads, warnings: [...new Set(reads.flatMap((entry) => entry.read.warnings))] };
}

/** Writes a source's messages, putting the counts (or a warning) on the file's result. */
export function recordSourceSafely(
  vault: Vault,
  result: ImportFileResult,
  input: SourceEventsInput,
): { messages: number; alreadyHere: number } | null {
  try {
    const summary = recordSourceMessages(vault, input);
    if (summary === null) return null;
    const counts = { messages: summary.messages, alreadyHere: summary.alreadyHere };
    result.chat = counts;
    return counts;
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    result.warnings.push(
      formatImportWarning('chat-not-recorded', { reason: describeImportError(error).reason }),
    );
    return null;
  }
}

/** The part number of a Meta thread file (message_3.json → 3); Infinity for anything else. */
function partNumber(name: string): number {
  const found = /message_(\d+)\.json$/i.exec(name);
  return found === null ? Number.POSITIVE_INFINITY : Number(found[1]);
}

/**
 * For each Meta thread split over several files of the batch: the evidence of its lowest part,
 * which the conversation opens from. Keyed by the thread_path the files give.
 */
function mapConversations(
  parts: readonly { name: string; evidenceId: string; found: SourceFound | null }[],
): Map<string, string> {
  const best = new Map<string, { part: number; evidenceId: string }>();
  for (const { name, evidenceId, found } of parts) {
    if (found?.kind !== 'meta' || found.thread.threadPath === null) continue;
    const part = partNumber(name);
    const current = best.get(found.thread.threadPath);
    if (current === undefined || part < current.part)
      best.set(found.thread.threadPath, { part, evidenceId });
  }
  return new Map([...best].map(([key, value]) => [key, value.evidenceId]));
}

function conversationFor(
  found: SourceFound,
  conversations: Map<string, string>,
): string | undefined {
  return found.kind === 'meta' && found.thread.threadPath !== null
    ? conversations.get(found.thread.threadPath)
    : undefined;
}

/** Loose Telegram and Meta files of the batch, once every file of it is evidence. */
export function recordPendingSources(
  vault: Vault,
  caseId: string,
  pending: readonly PendingSource[],
): void {
  if (pending.length === 0) return;
  const byName = new Map<string, string>();
  for (const item of new EvidenceRepository(vault.db).listByCase(caseId))
    if (!byName.has(item.originalName)) byName.set(item.originalName, item.id);
  const finder = makeAttachmentFinder(new Map(), byName);
  // Her own name is tied to "me" first, so the de-duplication and the flags see it as hers.
  recordOwners(
    vault,
    caseId,
    pending.map((item) => ({ ...item, root: findExportRoot(item.result.path) })),
  );
  const conversations = mapConversations(
    pending.map((item) => ({
      name: item.result.path,
      evidenceId: item.evidenceId,
      found: item.found,
    })),
  );
  for (const item of pending) {
    if (item.found.kind === 'meta-profile') continue;
    item.result.messages = listSourceMessages(item.found.messages, vault.getCase(caseId).timezone);
    recordSourceSafely(vault, item.result, {
      caseId,
      channel: item.found.channel,
      chatEvidenceId: item.evidenceId,
      conversationEvidenceId: conversationFor(item.found, conversations),
      messages: item.found.messages,
      findAttachment: finder,
    });
  }
}

/** An e-mail: its attachments become evidence, then its message is written, linked to them. */
export async function importEmailSource(
  ctx: FileImportContext,
  file: string,
  result: ImportFileResult,
  evidence: StoredEvidence,
  found: Extract<SourceFound, { kind: 'email' }>,
  onResult: (result: ImportFileResult) => void,
): Promise<void> {
  await ctx.group?.flush();
  const capture =
    found.messages[0] === undefined
      ? undefined
      : {
          capturedAt: found.messages[0].occurredAt,
          source: 'chat-export' as const,
          confidence: 'medium' as const,
          zoneAssumed: false,
          detail: 'the time of the e-mail that carried this file',
        };
  const stored = await importEmailAttachments(
    { ...ctx, group: undefined, waitTurn: undefined },
    file,
    found.mail,
    capture,
    onResult,
  );
  result.messages = listSourceMessages(found.messages, ctx.timezone);
  recordSourceSafely(ctx.vault, result, {
    caseId: ctx.caseId,
    channel: 'email',
    chatEvidenceId: evidence.id,
    messages: found.messages,
    findAttachment: (name) => stored.get(name),
    custody: { attachments: found.mail.attachments.length },
  });
}

/** A zip holding Telegram or Meta exports: every entry becomes evidence, then each thread is read. */
export async function importSourceZip(
  ctx: FileImportContext,
  input: {
    file: string;
    zipResult: ImportFileResult;
    zipEvidence: StoredEvidence;
    scan: ZipScan;
    reads: { name: string; read: SourceRead }[];
    onResult: (result: ImportFileResult, size: number) => void;
  },
): Promise<void> {
  await ctx.group?.flush();
  const unpacked = await importZipEntries(
    { ...ctx, group: undefined, waitTurn: undefined },
    {
      zipPath: input.file,
      scan: input.scan,
      captureFor: () => undefined,
      onResult: input.onResult,
    },
  );
  if (!unpacked.complete) {
    input.zipResult.warnings.push(ZIP_INCOMPLETE);
    return;
  }
  const totals = { messages: 0, alreadyHere: 0, threads: 0 };
  let channel: MessageChannel = 'telegram';
  // Whose export it is, from the zip's own profile file or threads; the question goes on the zip.
  const owners = input.reads.map(({ read }) => ({
    found: read.found,
    result: { ...input.zipResult, warnings: [] as string[] },
    root: input.file,
  }));
  recordOwners(ctx.vault, ctx.caseId, owners);
  for (const warning of new Set(owners.flatMap((item) => item.result.warnings)))
    input.zipResult.warnings.push(warning);
  const messages: ImportFileResult['messages'] = [];
  const conversations = mapConversations(
    input.reads.map(({ name, read }) => ({
      name,
      evidenceId: unpacked.evidenceByEntry.get(name.normalize('NFC')) ?? '',
      found: read.found,
    })),
  );
  for (const { name, read } of input.reads) {
    const found = read.found;
    const threadId = unpacked.evidenceByEntry.get(name.normalize('NFC'));
    if (found === null || found.kind === 'meta-profile' || threadId === undefined) continue;
    channel = found.channel;
    const finder = makeAttachmentFinder(
      unpacked.evidenceByEntry,
      unpacked.evidenceByName,
      path.posix.dirname(name) === '.' ? '' : path.posix.dirname(name),
    );
    // The thread's own file result carries its counts; the zip's carries the sums.
    const threadResult = { ...input.zipResult, warnings: [] as string[] };
    const counts = recordSourceSafely(ctx.vault, threadResult, {
      caseId: ctx.caseId,
      channel: found.channel,
      chatEvidenceId: threadId,
      conversationEvidenceId: conversationFor(found, conversations),
      containerEvidenceId: input.zipEvidence.id,
      messages: found.messages,
      findAttachment: finder,
    });
    input.zipResult.warnings.push(...threadResult.warnings);
    messages.push(...listSourceMessages(found.messages, ctx.timezone));
    totals.threads += 1;
    // A thread already read (from a folder, or another zip) counts as already here.
    totals.messages += counts?.messages ?? found.messages.filter((m) => !m.isSystem).length;
    totals.alreadyHere += counts?.alreadyHere ?? found.messages.filter((m) => !m.isSystem).length;
  }
  input.zipResult.messages = messages;
  input.zipResult.chat = { messages: totals.messages, alreadyHere: totals.alreadyHere };
  recordContainerRead(ctx.vault, ctx.caseId, input.zipEvidence.id, channel, totals);
}
