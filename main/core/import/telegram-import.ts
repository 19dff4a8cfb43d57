// Telegram Desktop JSON exports (../readers/telegram.ts) as timeline messages. Instants come from
// `date_unixtime`; a message that has only the zone-less `date` is read in the case's zone and
// says so (zoneAssumed). Forwarded messages and replies are marked in the event's details; the
// media files the export wrote are linked by their relative paths.
import type { CaptureDetails } from '../vault/vault';
import type { TelegramExport } from '../readers/telegram';
import { formatInstantInZone, zonedWallTimeToUtc } from '../time/zoned-time';
import type { SourceMessage } from './source-messages';
import type { ImportedMessage } from './import-types';

/** Every message of the export, oldest first within each chat. */
export function describeTelegramMessages(found: TelegramExport, timeZone: string): SourceMessage[] {
  const messages: SourceMessage[] = [];
  for (const chat of found.chats) {
    for (const message of chat.messages) {
      const zoneAssumed = message.unixMs === null;
      const occurredAt =
        message.unixMs === null
          ? zonedWallTimeToUtc(message.localTime ?? '', timeZone)
          : new Date(message.unixMs).toISOString();
      messages.push({
        occurredAt,
        sender: message.sender,
        text: message.text,
        isSystem: message.isService,
        attachments: message.media,
        precision: 'second',
        details: {
          zoneAssumed,
          ...(zoneAssumed && message.localTime !== null ? { localTime: message.localTime } : {}),
          ...(message.id === null ? {} : { messageId: message.id }),
          ...(message.senderId === null ? {} : { senderId: message.senderId }),
          ...(message.forwardedFrom === null ? {} : { forwardedFrom: message.forwardedFrom }),
          ...(message.replyToMessageId === null ? {} : { replyTo: message.replyToMessageId }),
          ...(message.mediaOmitted ? { mediaOmitted: true } : {}),
          ...(found.scope === 'account' && chat.name !== null ? { thread: chat.name } : {}),
          // The chat's id tells apart two chats with the same name: each opens as its own thread.
          ...(found.scope === 'account' && chat.id !== null ? { threadId: chat.id } : {}),
        },
      });
    }
  }
  return messages;
}

/** The export was made at or after its last message. */
export function describeTelegramCapture(messages: readonly SourceMessage[]): CaptureDetails {
  const last = messages.reduce<string | null>(
    (latest, message) =>
      latest === null || message.occurredAt > latest ? message.occurredAt : latest,
    null,
  );
  const assumed = messages.some((message) => message.details.zoneAssumed === true);
  return last === null
    ? {
        capturedAt: null,
        source: 'unknown',
        confidence: 'low',
        detail: 'the export has no dated messages',
        zoneAssumed: false,
      }
    : {
        capturedAt: last,
        source: 'chat-export',
        confidence: 'medium',
        zoneAssumed: assumed,
        detail:
          'the time of the last message in the Telegram export; the export was made at or after it',
      };
}

/** For the import's result: each message as the CLI and the window list them. */
export function listSourceMessages(
  messages: readonly SourceMessage[],
  timeZone: string,
): ImportedMessage[] {
  return messages.map((message) => ({
    time: formatInstantInZone(message.occurredAt, timeZone),
    sender: message.sender,
    text: message.text,
  }));
}
