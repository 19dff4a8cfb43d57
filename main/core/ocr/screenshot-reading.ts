// Reads one stored picture as a chat and stores what it proposes (screenshot-messages.ts). The
// words come from the text already read for it (evidence_text) when there is some, else from a
// fresh pass; the picture is decrypted in memory only. The capture time is the evidence's own
// (EXIF, file name or file time, as the import found it): "Today" and the weekdays on the screen
// are read relative to it. A picture with no capture time proposes nothing, since its days
// cannot be placed.
import { EvidenceRepository } from '../db/repositories/evidence';
import { EvidenceTextRepository } from '../db/repositories/evidence-text';
import { readCaseTimezone } from '../timeline/case-zone';
import { toCalendarDateInZone } from '../time/calendar-date';
import { openBlob } from '../vault/blob-store';
import type { Vault } from '../vault/vault';
import {
  decodeRaw,
  proposeChatMessages,
  readChatScreen,
  type ChatScreenReading,
} from './chat-reading';
import type { ChatTimeReader } from './chat-times';
import type { TextReading, TextRecognizer } from './recognize';
import { storeProposedMessages } from './screenshot-messages';

/** Pictures larger than this are not read as chats (a screenshot is a few MB at most). */
const MAX_SCREENSHOT_BYTES = 40 * 1024 * 1024;
const CHAT_PICTURE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

export interface ScreenshotReaders {
  recognizer: TextRecognizer;
  times: ChatTimeReader;
}

export type ScreenshotOutcome =
  | { status: 'proposed'; count: number }
  | { status: 'not-a-chat' | 'no-capture-time' | 'not-a-picture' };

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function readStoredText(vault: Vault, evidenceId: string): TextReading | null {
  const stored = new EvidenceTextRepository(vault.db).get(evidenceId);
  if (stored?.status !== 'read' || stored.lang === null) return null;
  return {
    status: 'read',
    text: stored.text,
    lang: stored.lang,
    words: stored.layout.words,
    lines: stored.layout.lines,
    confidence: stored.confidence ?? 0,
    width: stored.layout.width,
    height: stored.layout.height,
  };
}

/** What reading a picture as a chat needs: its capture instant and day on the case's clock. */
export interface ChatContext {
  capturedAt: string;
  timeZone: string;
  captureDay: string;
}

/**
 * The context to read a stored picture as a chat in, or the reason it is not read as one (not a
 * picture type a screenshot comes in, too large, or no capture time to place its days).
 */
export function chatContextOf(
  vault: Vault,
  evidenceId: string,
): ChatContext | { status: 'not-a-picture' | 'no-capture-time' } {
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  if (!CHAT_PICTURE_TYPES.has(evidence.mediaType) || evidence.size > MAX_SCREENSHOT_BYTES)
    return { status: 'not-a-picture' };
  if (evidence.capturedAt === null) return { status: 'no-capture-time' };
  const timeZone = readCaseTimezone(vault.db, evidence.caseId);
  return {
    capturedAt: evidence.capturedAt,
    timeZone,
    captureDay: toCalendarDateInZone(evidence.capturedAt, timeZone),
  };
}

/** Stores the messages a chat screen shows (read on any thread) as proposals of the picture. */
export function storeChatScreen(
  vault: Vault,
  evidenceId: string,
  screen: ChatScreenReading | null,
  context: ChatContext,
): ScreenshotOutcome {
  const proposed =
    screen === null ? [] : proposeChatMessages(screen, context.capturedAt, context.timeZone);
  if (screen === null || proposed.length === 0) return { status: 'not-a-chat' };
  return {
    status: 'proposed',
    count: storeProposedMessages(vault, evidenceId, screen.header, proposed),
  };
}

/** Reads one picture's bytes as a chat screen; null when it does not look like one. */
export async function readScreenFromBytes(
  bytes: Buffer,
  reading: TextReading,
  readers: ScreenshotReaders,
  captureDay: string,
): Promise<ChatScreenReading | null> {
  let image;
  try {
    image = await decodeRaw(bytes);
  } catch {
    return null;
  }
  return readChatScreen(image, reading, readers, captureDay);
}

/** Reads one piece of evidence as a chat screenshot and stores its proposed messages. */
export async function proposeMessagesFromEvidence(
  vault: Vault,
  evidenceId: string,
  readers: ScreenshotReaders,
): Promise<ScreenshotOutcome> {
  const context = chatContextOf(vault, evidenceId);
  if ('status' in context) return context;
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  const bytes = await readAll(openBlob(vault.layout, evidence.blobName, vault.identity));
  const reading =
    readStoredText(vault, evidenceId) ?? (await readers.recognizer.recognize(bytes, 'en'));
  const screen = await readScreenFromBytes(bytes, reading, readers, context.captureDay);
  return storeChatScreen(vault, evidenceId, screen, context);
}
