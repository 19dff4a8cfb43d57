// Zips: a WhatsApp export with media arrives as one. The zip is first looked through by the safe
// reader (which refuses path tricks, links and zip bombs before anything is unpacked); only then is
// each entry imported as evidence of its own. An entry is never unpacked to disk in the clear: it
// streams from the zip straight into the encryptor (entry-import.ts), so a crash mid-import leaves
// at most a sealed partial copy in the vault's tmp/, which is useless without the vault's keys.
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { CHAT_TEXT_MAX_BYTES, isTranscriptName } from './chat-import';
import { importOneStream } from './entry-import';
import { isSourceExportName } from './source-import';
import {
  emptyResult,
  describeStop,
  describeImportError,
  type FileImportContext,
} from './import-file';
import type { ImportFileResult, StatedReason } from './import-types';
import type { CaptureDetails } from '../vault/vault';
import { readChatExportText } from '../readers/whatsapp';
import { isMetaProfileName } from '../readers/meta-messages';
import { readZipSafely } from '../readers/zip-reader';
import { formatImportWarning } from '../../../shared/import-warnings';

export interface ZipScan {
  entries: { name: string; size: number }[];
  /** The WhatsApp transcript inside, decoded; null when there is none. */
  transcript: { name: string; text: string } | null;
  /** Telegram result.json, Instagram/Messenger message_N.json and profile files inside, decoded. */
  sources: { name: string; text: string }[];
  warnings: string[];
}

const TOO_LARGE_CHAT = formatImportWarning('zip-chat-too-large');

/** Checks the whole zip and reads its transcript, if any. Throws the reader's refusal. */
export async function scanZip(file: string): Promise<ZipScan> {
  const scan: ZipScan = { entries: [], transcript: null, sources: [], warnings: [] };
  await readZipSafely(file, undefined, async (entry) => {
    scan.entries.push({ name: entry.name, size: entry.size });
    // A profile file names whose export it is (source-owner.ts), so it is read like the threads.
    const wanted = isSourceExportName(entry.name) || isMetaProfileName(entry.name);
    if (wanted && entry.size <= CHAT_TEXT_MAX_BYTES) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
      scan.sources.push({ name: entry.name, text: Buffer.concat(chunks).toString('utf8') });
      return;
    }
    if (scan.transcript !== null || !isTranscriptName(entry.name)) return;
    if (entry.size > CHAT_TEXT_MAX_BYTES) {
      scan.warnings.push(TOO_LARGE_CHAT);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
    scan.transcript = { name: entry.name, text: readChatExportText(Buffer.concat(chunks)) };
  });
  return scan;
}

export interface ZipEntriesInput {
  zipPath: string;
  scan: ZipScan;
  /** A capture time for particular entries (attachments: the message that sent them). */
  captureFor: (name: string) => CaptureDetails | undefined;
  onResult: (result: ImportFileResult, size: number) => void;
}

export interface ZipEntriesOutcome {
  /** Entry base name → evidence id, for every entry that is (now or already) evidence. */
  evidenceByName: Map<string, string>;
  /** Entry full name (its path inside the zip) → evidence id. */
  evidenceByEntry: Map<string, string>;
  /** False when the zip turned out damaged part-way, or the import was cancelled inside it. */
  complete: boolean;
}

/** Imports every entry of an already scanned zip, one at a time. */
export async function importZipEntries(
  ctx: FileImportContext,
  input: ZipEntriesInput,
): Promise<ZipEntriesOutcome> {
  const evidenceByName = new Map<string, string>();
  const evidenceByEntry = new Map<string, string>();
  const delivered = new Set<string>();
  let complete = true;
  const label = (name: string): string => `${input.zipPath}!/${name}`;
  try {
    await readZipSafely(input.zipPath, undefined, async (entry) => {
      delivered.add(entry.name);
      if (ctx.signal?.aborted === true) {
        complete = false;
        input.onResult({ ...emptyResult(label(entry.name)), ...describeStop(ctx) }, entry.size);
        return;
      }
      try {
        const outcome = await importOneStream(ctx, {
          source: entry.stream,
          size: entry.size,
          displayPath: label(entry.name),
          originalName: path.posix.basename(entry.name),
          fallbackCapture: input.captureFor(entry.name),
        });
        if (outcome.evidence !== null) {
          evidenceByName.set(path.posix.basename(entry.name), outcome.evidence.id);
          evidenceByEntry.set(entry.name.normalize('NFC'), outcome.evidence.id);
        }
        if (outcome.result.reasonCode === 'cancelled') complete = false;
        input.onResult(outcome.result, entry.size);
      } catch (error) {
        input.onResult(
          {
            ...emptyResult(label(entry.name)),
            status: 'failed',
            ...describeImportError(error),
          },
          entry.size,
        );
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    complete = false;
    const notRead: StatedReason = {
      reasonCode: 'zip-not-read',
      reason: `not read: ${describeImportError(error).reason}`,
    };
    for (const entry of input.scan.entries) {
      if (!delivered.has(entry.name))
        input.onResult({ ...emptyResult(label(entry.name)), ...notRead }, entry.size);
    }
  }
  return { evidenceByName, evidenceByEntry, complete };
}
