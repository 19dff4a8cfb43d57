// Messages from sources other than WhatsApp transcripts (Telegram, Instagram, Messenger, e-mail)
// written as timeline events, the way chat-import.ts writes WhatsApp's: each message once (the one
// rule in ../timeline/same-message.ts, against what is already in the case), repeats within one
// export kept, the files it sent linked, and one `chat.imported` custody entry on the export file,
// all in one transaction. An export already read (that entry exists) adds nothing.
import path from 'node:path';
import type { Vault } from '../vault/vault';
import { EventsRepository } from '../db/repositories/events';
import { PeopleRepository } from '../db/repositories/people';
import { loadPeopleIndex } from '../people/people-index';
import { normalisePhoneNumber } from '../people/phone-numbers';
import {
  findRepeats,
  normaliseMessageText,
  senderKeyFor,
  type TimePrecision,
} from '../timeline/same-message';
import { hasChatEvents, normalizeName, readMessagesAround } from './chat-import';

/** Where a message came from; shown on the timeline as an icon and a word. */
export const MESSAGE_CHANNELS = [
  'whatsapp',
  'telegram',
  'instagram',
  'messenger',
  'email',
  'sms',
] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export interface SourceMessage {
  /** UTC ISO 8601. */
  occurredAt: string;
  sender: string | null;
  text: string;
  isSystem: boolean;
  /** File names or relative paths as the export wrote them. */
  attachments: string[];
  precision: TimePrecision;
  /** Source-specific facts kept on the event (forwarded from, reply to, zone assumed…). */
  details: Record<string, unknown>;
}

export interface SourceEventsInput {
  caseId: string;
  channel: MessageChannel;
  /** The file the messages came from: the conversation opens from it. */
  chatEvidenceId: string;
  messages: readonly SourceMessage[];
  /**
   * For a thread split over several files (Meta's message_1.json, message_2.json…): the file the
   * whole conversation opens from (kept as `transcriptEvidenceId`, which the viewer reads too).
   */
  conversationEvidenceId?: string | undefined;
  /** The zip the export came in: opening the zip lists its threads. */
  containerEvidenceId?: string | undefined;
  /** Finds the evidence id of a file the export names, if it is in the case. */
  findAttachment: (name: string) => string | undefined;
  /** Extra facts for the custody entry (fixed words and counts only, never content). */
  custody?: Record<string, string | number | boolean>;
}

export interface SourceEventsSummary {
  messages: number;
  alreadyHere: number;
  systemLines: number;
  attachmentsLinked: number;
  attachmentsMissing: number;
}

/**
 * Looks an export's file names up among evidence ids by relative path first (from the export's
 * root, then from the folder the export file sits in), then by base name, as WhatsApp's are.
 */
export function makeAttachmentFinder(
  byPath: ReadonlyMap<string, string>,
  byName: ReadonlyMap<string, string>,
  exportDir = '',
): (name: string) => string | undefined {
  const names = new Map<string, string>();
  for (const [name, id] of byName) {
    const key = normalizeName(name);
    if (!names.has(key)) names.set(key, id);
  }
  return (name) => {
    const clean = normalizeName(name.replace(/\\/g, '/').replace(/^\.\//, ''));
    return (
      byPath.get(clean) ??
      (exportDir === '' ? undefined : byPath.get(path.posix.join(exportDir, clean))) ??
      names.get(path.posix.basename(clean))
    );
  };
}

/** Records the messages as events; null when this export was already read. */
export function recordSourceMessages(
  vault: Vault,
  input: SourceEventsInput,
): SourceEventsSummary | null {
  const db = vault.db;
  const events = new EventsRepository(db);
  return db.transaction(() => {
    if (hasChatEvents(vault, input.chatEvidenceId)) return null;
    const summary: SourceEventsSummary = {
      messages: 0,
      alreadyHere: 0,
      systemLines: 0,
      attachmentsLinked: 0,
      attachmentsMissing: 0,
    };
    const people = loadPeopleIndex(db, input.caseId);
    const existing = readMessagesAround(
      db,
      input.caseId,
      people,
      input.messages.map((message) => Date.parse(message.occurredAt)),
    );
    const repeats = findRepeats(
      existing.map((item) => item.message),
      input.messages.map((message) => ({
        senderKey: senderKeyFor(
          people.resolveSender(message.sender)?.personId ?? null,
          message.sender,
        ),
        text: normaliseMessageText(message.text, message.attachments),
        at: Date.parse(message.occurredAt),
        precision: message.precision,
      })),
    );
    const setNumber = db.prepare('UPDATE events SET number_e164 = ? WHERE id = ?');
    const linkExisting = db.prepare(
      'INSERT OR IGNORE INTO event_evidence (event_id, evidence_id) VALUES (?, ?)',
    );
    input.messages.forEach((message, index) => {
      const evidenceIds: string[] = [];
      for (const name of message.attachments) {
        const id = input.findAttachment(name);
        if (id === undefined) summary.attachmentsMissing += 1;
        else {
          evidenceIds.push(id);
          summary.attachmentsLinked += 1;
        }
      }
      if (message.isSystem) summary.systemLines += 1;
      else summary.messages += 1;
      const repeat = repeats[index];
      const repeated = repeat === null || repeat === undefined ? undefined : existing[repeat];
      if (repeated !== undefined) {
        if (!message.isSystem) summary.alreadyHere += 1;
        for (const id of evidenceIds) linkExisting.run(repeated.id, id);
        return;
      }
      const inserted = events.insert({
        caseId: input.caseId,
        kind: message.isSystem ? 'system' : 'message',
        occurredAt: message.occurredAt,
        actor: message.sender === null ? null : message.sender.slice(0, 500),
        text: message.text,
        details: {
          ...message.details,
          channel: input.channel,
          chatEvidenceId: input.chatEvidenceId,
          ...(input.conversationEvidenceId === undefined ||
          input.conversationEvidenceId === input.chatEvidenceId
            ? {}
            : { transcriptEvidenceId: input.conversationEvidenceId }),
          ...(input.containerEvidenceId === undefined
            ? {}
            : { containerEvidenceId: input.containerEvidenceId }),
          timePrecision: message.precision,
          ...(message.attachments.length === 0 ? {} : { attachments: message.attachments }),
        },
        evidenceIds,
      });
      // A sender written as a number counts under that number ("Who got in touch"), as a call does.
      const e164 = message.sender === null ? null : normalisePhoneNumber(message.sender);
      if (e164 !== null) setNumber.run(e164, inserted.id);
    });
    new PeopleRepository(db).addChatExport(input.caseId, input.chatEvidenceId, {
      messages: summary.messages,
      alreadyHere: summary.alreadyHere,
    });
    vault.record('chat.imported', `evidence:${input.chatEvidenceId}`, {
      caseId: input.caseId,
      source: input.channel,
      messages: summary.messages,
      alreadyHere: summary.alreadyHere,
      systemLines: summary.systemLines,
      attachmentsLinked: summary.attachmentsLinked,
      attachmentsMissing: summary.attachmentsMissing,
      ...input.custody,
    });
    return summary;
  })();
}

/** Marks a container (a zip holding several threads) as read, so importing it again adds nothing. */
export function recordContainerRead(
  vault: Vault,
  caseId: string,
  evidenceId: string,
  channel: MessageChannel,
  totals: { messages: number; alreadyHere: number; threads: number },
): void {
  if (hasChatEvents(vault, evidenceId)) return;
  vault.record('chat.imported', `evidence:${evidenceId}`, { caseId, source: channel, ...totals });
}
