// WhatsApp "Export chat" files: telling a transcript from other text, the time an export stands
// for, and turning its messages into timeline events. Chat times carry no zone, so every event is
// read in the case's zone and says so (zoneAssumed). The events of one export and the custody entry
// that counts them are written in one transaction, so an import cut short can simply be repeated.
import path from 'node:path';
import { z } from 'zod';
import type { Vault, CaptureDetails } from '../vault/vault';
import { EventsRepository } from '../db/repositories/events';
import { PeopleRepository } from '../db/repositories/people';
import type { Database } from '../db/types';
import { loadPeopleIndex, type PeopleIndex } from '../people/people-index';
import {
  findRepeats,
  normaliseMessageText,
  senderKeyFor,
  type ComparableMessage,
  type TimePrecision,
} from '../timeline/same-message';
import type { ImportedMessage } from './import-types';
import { parseWhatsAppChat, type ChatMessage, type ParsedChat } from '../readers/whatsapp';
import { formatInstantInZone, zonedWallTimeToUtc } from '../time/zoned-time';
import { formatImportWarning } from '../../../shared/import-warnings';

/** Transcripts larger than this are kept as files but not read as chats (they are read whole). */
export const CHAT_TEXT_MAX_BYTES = 64 * 1024 * 1024;

// Android: 'WhatsApp Chat with Ravi.txt' (older: 'WhatsApp Chat - Ravi.txt'); iPhone: '_chat.txt'.
const TRANSCRIPT_NAME = /^(?:_chat\.txt|WhatsApp Chat (?:with|-) .+\.txt)$/i;

export const AMBIGUOUS_DATES = formatImportWarning('chat-dates-ambiguous');
const WRONG_ORDER = formatImportWarning('chat-dates-wrong-order');
const UNREADABLE_CHAT = formatImportWarning('chat-unreadable');

export function isTranscriptName(name: string): boolean {
  return TRANSCRIPT_NAME.test(path.posix.basename(name));
}

// 'WhatsApp Chat with Ravi.zip' and the transcript names: a file called this is meant as a chat.
const EXPORT_NAME = /^(?:_chat\.txt|WhatsApp Chat (?:with|-) .+\.(?:txt|zip))$/i;

/** True when the name says the file is a chat export, so failing to read it deserves a word. */
export function looksLikeChatExport(name: string): boolean {
  return EXPORT_NAME.test(path.posix.basename(name));
}

export interface ChatRead {
  chat: ParsedChat | null;
  warnings: string[];
}

/**
 * Reads text as a WhatsApp transcript. A transcript's usual name is a strong hint; without it the
 * text must also start with a message line, so a note that merely quotes one chat line stays a note.
 */
export function readChat(text: string, name: string, dayFirst: boolean | undefined): ChatRead {
  const hinted = isTranscriptName(name);
  if (!hinted && !startsWithChatLine(text)) return { chat: null, warnings: [] };
  let chat: ParsedChat;
  try {
    chat = parseWhatsAppChat(text, dayFirst === undefined ? {} : { dayFirst });
  } catch (error) {
    const wrongOrder = error instanceof Error && 'code' in error && error.code === 'INVALID_INPUT';
    return { chat: null, warnings: [wrongOrder ? WRONG_ORDER : UNREADABLE_CHAT] };
  }
  if (chat.messages.length === 0) return { chat: null, warnings: [] };
  const warnings =
    chat.dateOrder === 'ambiguous' && dayFirst === undefined ? [AMBIGUOUS_DATES] : [];
  return { chat, warnings };
}

function startsWithChatLine(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return false;
  try {
    const chat = parseWhatsAppChat(first);
    return chat.messages.length + chat.systemLines.length === 1;
  } catch {
    return false;
  }
}

/** Every message and system line, in time order (ties keep the file's order). */
export function listChatLines(chat: ParsedChat): ChatMessage[] {
  return [...chat.messages, ...chat.systemLines].sort((a, b) =>
    a.localTime.localeCompare(b.localTime),
  );
}

/** The export was made at or after its last line, so that is the time it stands for. */
export function describeChatCapture(chat: ParsedChat, timeZone: string): CaptureDetails {
  const last = listChatLines(chat).at(-1);
  if (last === undefined) {
    return {
      capturedAt: null,
      source: 'unknown',
      confidence: 'low',
      detail: 'the chat has no dated lines',
      zoneAssumed: false,
    };
  }
  return {
    capturedAt: zonedWallTimeToUtc(last.localTime, timeZone),
    source: 'chat-export',
    confidence: 'medium',
    zoneAssumed: true,
    detail: `the time of the last message in the chat, read as ${timeZone} time (chat exports record no time zone); the export was made at or after it`,
  };
}

/** The time of the message that sent a file, as the capture time of that file. */
export function describeAttachmentCapture(message: ChatMessage, timeZone: string): CaptureDetails {
  return {
    capturedAt: zonedWallTimeToUtc(message.localTime, timeZone),
    source: 'chat-export',
    confidence: 'medium',
    zoneAssumed: true,
    detail: `the time of the chat message that sent this file, read as ${timeZone} time (chat exports record no time zone)`,
  };
}

/**
 * The first message naming each attached file, keyed by the name in NFC: look names up with
 * normalizeName. macOS tools may write decomposed (NFD) file names while the transcript holds
 * composed ones, so "Muñoz.jpg" on disk and in the chat differ byte for byte.
 */
export function mapAttachmentMessages(chat: ParsedChat): Map<string, ChatMessage> {
  const byName = new Map<string, ChatMessage>();
  for (const message of chat.messages) {
    for (const name of message.attachments) {
      const key = normalizeName(name);
      if (!byName.has(key)) byName.set(key, message);
    }
  }
  return byName;
}

/** A file name as compared: Unicode NFC, the form Windows and Linux tools write. */
export function normalizeName(name: string): string {
  return name.normalize('NFC');
}

export function describeChatLines(chat: ParsedChat, timeZone: string): ImportedMessage[] {
  return listChatLines(chat).map((line) => ({
    time: formatInstantInZone(zonedWallTimeToUtc(line.localTime, timeZone), timeZone),
    sender: line.author,
    text: line.text,
  }));
}

export interface ChatEventsInput {
  caseId: string;
  timeZone: string;
  /** The export file the user gave (the .txt, or the .zip holding it). */
  chatEvidenceId: string;
  /** The transcript inside a zip, when it was stored as evidence of its own. */
  transcriptEvidenceId?: string;
  chat: ParsedChat;
  /** Attached file name → evidence id (of the same case). */
  attachments: ReadonlyMap<string, string>;
}

export interface ChatEventsSummary {
  /** Messages in the export, including those already here. */
  messages: number;
  /** Of those, how many were already in the case from another export (timeline/same-message.ts). */
  alreadyHere: number;
  systemLines: number;
  attachmentsLinked: number;
  attachmentsMissing: number;
}

export function hasChatEvents(vault: Vault, chatEvidenceId: string): boolean {
  return vault
    .custody(`evidence:${chatEvidenceId}`)
    .some((entry) => entry.action === 'chat.imported');
}

/** WhatsApp exports give the minute (iPhone ones seconds too, but not every export does). */
const WHATSAPP_PRECISION: TimePrecision = 'minute';

const StoredDetailsSchema = z
  .object({
    chatEvidenceId: z.string().optional(),
    timePrecision: z.enum(['minute', 'second']).optional(),
    attachments: z.array(z.string()).optional(),
  })
  .loose();

/** The messages and system lines already in the case around the export's time span. */
export function readMessagesAround(
  db: Database,
  caseId: string,
  people: PeopleIndex,
  times: readonly number[],
): { id: string; message: ComparableMessage }[] {
  if (times.length === 0) return [];
  const from = new Date(Math.min(...times) - 60_000).toISOString();
  const to = new Date(Math.max(...times) + 60_000).toISOString();
  return db
    .prepare<
      [string, string, string],
      { id: string; occurred_at: string; actor: string | null; text: string; details: string }
    >(
      `SELECT id, occurred_at, actor, text, details FROM events
       WHERE case_id = ? AND occurred_at >= ? AND occurred_at <= ? AND kind IN ('message', 'system')
       ORDER BY occurred_at, rowid`,
    )
    .all(caseId, from, to)
    .map((row) => {
      const parsed = StoredDetailsSchema.safeParse(JSON.parse(row.details));
      const details = parsed.success ? parsed.data : {};
      const precision =
        details.timePrecision ?? (details.chatEvidenceId === undefined ? 'second' : 'minute');
      return {
        id: row.id,
        message: {
          senderKey: senderKeyFor(people.resolveSender(row.actor)?.personId ?? null, row.actor),
          text: normaliseMessageText(row.text, details.attachments ?? []),
          at: Date.parse(row.occurred_at),
          precision,
        },
      };
    });
}

/**
 * Records an export's messages and system lines as events, each message once: one already in the
 * case from another export (a .txt and a .zip of the same chat, two exports that overlap) is not
 * added again, though any file it sends is linked to it. Null when this export was already read.
 */
export function recordChatEvents(vault: Vault, input: ChatEventsInput): ChatEventsSummary | null {
  const db = vault.db;
  const events = new EventsRepository(db);
  const attachments = new Map<string, string>();
  for (const [name, id] of input.attachments) {
    const key = normalizeName(name);
    if (!attachments.has(key)) attachments.set(key, id);
  }
  return db.transaction(() => {
    if (hasChatEvents(vault, input.chatEvidenceId)) return null;
    const summary: ChatEventsSummary = {
      messages: 0,
      alreadyHere: 0,
      systemLines: 0,
      attachmentsLinked: 0,
      attachmentsMissing: 0,
    };
    const people = loadPeopleIndex(db, input.caseId);
    const lines = listChatLines(input.chat).map((line) => ({
      line,
      occurredAt: zonedWallTimeToUtc(line.localTime, input.timeZone),
    }));
    const existing = readMessagesAround(
      db,
      input.caseId,
      people,
      lines.map((item) => Date.parse(item.occurredAt)),
    );
    const repeats = findRepeats(
      existing.map((item) => item.message),
      lines.map(({ line, occurredAt }) => ({
        senderKey: senderKeyFor(people.resolveSender(line.author)?.personId ?? null, line.author),
        text: normaliseMessageText(line.text, line.attachments),
        at: Date.parse(occurredAt),
        precision: WHATSAPP_PRECISION,
      })),
    );
    const linkExisting = db.prepare(
      'INSERT OR IGNORE INTO event_evidence (event_id, evidence_id) VALUES (?, ?)',
    );
    lines.forEach(({ line, occurredAt }, index) => {
      const evidenceIds: string[] = [];
      for (const name of line.attachments) {
        const id = attachments.get(normalizeName(name));
        if (id === undefined) summary.attachmentsMissing += 1;
        else {
          evidenceIds.push(id);
          summary.attachmentsLinked += 1;
        }
      }
      if (line.isSystem) summary.systemLines += 1;
      else summary.messages += 1;
      const repeat = repeats[index];
      const repeated = repeat === null || repeat === undefined ? undefined : existing[repeat];
      if (repeated !== undefined) {
        if (!line.isSystem) summary.alreadyHere += 1;
        for (const id of evidenceIds) linkExisting.run(repeated.id, id);
        return;
      }
      events.insert({
        caseId: input.caseId,
        kind: line.isSystem ? 'system' : 'message',
        occurredAt,
        actor: line.author === null ? null : line.author.slice(0, 500),
        text: line.text,
        details: {
          zoneAssumed: true,
          chatEvidenceId: input.chatEvidenceId,
          localTime: line.localTime,
          timePrecision: WHATSAPP_PRECISION,
          ...(input.transcriptEvidenceId === undefined
            ? {}
            : { transcriptEvidenceId: input.transcriptEvidenceId }),
          ...(line.attachments.length === 0 ? {} : { attachments: line.attachments }),
        },
        evidenceIds,
      });
    });
    new PeopleRepository(db).addChatExport(input.caseId, input.chatEvidenceId, {
      messages: summary.messages,
      alreadyHere: summary.alreadyHere,
    });
    vault.record('chat.imported', `evidence:${input.chatEvidenceId}`, {
      caseId: input.caseId,
      messages: summary.messages,
      alreadyHere: summary.alreadyHere,
      systemLines: summary.systemLines,
      attachmentsLinked: summary.attachmentsLinked,
      attachmentsMissing: summary.attachmentsMissing,
      dateOrder: input.chat.dateOrder,
    });
    return summary;
  })();
}
