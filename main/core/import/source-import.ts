// Telling the other chat and mail sources apart in the pipeline, by content: a Telegram Desktop
// result.json, an Instagram or Messenger message_N.json, an e-mail file. The names only choose
// which files of a zip are worth reading into memory; what a file is is decided by what it holds.
// A file that is named as one of these exports but cannot be read as one is kept as a plain file,
// with a warning saying so (as a damaged WhatsApp export is).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { formatImportWarning } from '../../../shared/import-warnings';
import { readEmail, looksLikeEmail, type ParsedEmail } from '../readers/email';
import {
  isMetaThreadName,
  readMetaProfile,
  readMetaThread,
  type MetaProfile,
  type MetaThread,
} from '../readers/meta-messages';
import { findTelegramOwner, readTelegramExport } from '../readers/telegram';
import type { CaptureDetails } from '../vault/vault';
import { CHAT_TEXT_MAX_BYTES } from './chat-import';
import { describeEmailCapture, describeEmailMessage } from './email-import';
import { describeMetaCapture, describeMetaMessages } from './meta-import';
import type { SourceMessage } from './source-messages';
import { describeTelegramCapture, describeTelegramMessages } from './telegram-import';

export type SourceFound =
  | {
      kind: 'telegram';
      channel: 'telegram';
      messages: SourceMessage[];
      chats: number;
      /** The account owner's names as her messages carry them, when the export says whose it is. */
      owners: string[];
      /** False for a single chat's export, which does not say whose it is. */
      ownerKnown: boolean;
    }
  | {
      kind: 'meta';
      channel: 'instagram' | 'messenger';
      messages: SourceMessage[];
      thread: MetaThread;
    }
  | { kind: 'email'; channel: 'email'; messages: SourceMessage[]; mail: ParsedEmail }
  /** An Instagram or Facebook profile file: no messages, but it names whose export it is. */
  | { kind: 'meta-profile'; channel: 'instagram'; messages: []; profile: MetaProfile };

export interface SourceRead {
  found: SourceFound | null;
  capture?: CaptureDetails | undefined;
  warnings: string[];
}

const DAMAGED = formatImportWarning('source-export-damaged');
const NO_DATE = formatImportWarning('email-no-date');
const TOO_LARGE = formatImportWarning('chat-too-large');

/** result.json and message_N.json: the names under which these exports write their messages. */
export function isSourceExportName(name: string): boolean {
  const base = path.posix.basename(name.replace(/\\/g, '/'));
  return base === 'result.json' || isMetaThreadName(base);
}

/** Reads a JSON export's text; null when it is not one of ours. */
export function readSourceJson(text: string, name: string, timeZone: string): SourceRead {
  const named = isSourceExportName(name);
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('{')) return { found: null, warnings: named ? [DAMAGED] : [] };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    // Cut short or damaged: a file named as an export deserves a word; other JSON stays a file.
    return { found: null, warnings: named ? [DAMAGED] : [] };
  }
  const telegram = readTelegramExport(value);
  if (telegram !== null) {
    const messages = describeTelegramMessages(telegram, timeZone);
    return {
      found: {
        kind: 'telegram',
        channel: 'telegram',
        messages,
        chats: telegram.chats.length,
        owners: findTelegramOwner(telegram),
        ownerKnown: telegram.ownerId !== null,
      },
      capture: describeTelegramCapture(messages),
      warnings: [],
    };
  }
  const thread = readMetaThread(value, name);
  if (thread !== null) {
    return {
      found: {
        kind: 'meta',
        channel: thread.platform,
        messages: describeMetaMessages(thread),
        thread,
      },
      capture: describeMetaCapture(thread),
      warnings: [],
    };
  }
  const profile = readMetaProfile(value);
  if (profile !== null) {
    return {
      found: { kind: 'meta-profile', channel: 'instagram', messages: [], profile },
      warnings: [],
    };
  }
  return { found: null, warnings: named ? [DAMAGED] : [] };
}

/** Reads a mail file's bytes; null when the text does not start like a mail. */
export async function readSourceEmail(bytes: Buffer): Promise<SourceRead> {
  if (!looksLikeEmail(bytes.subarray(0, 64 * 1024).toString('latin1'))) {
    return { found: null, warnings: [] };
  }
  let mail: ParsedEmail;
  try {
    mail = await readEmail(bytes);
  } catch {
    return { found: null, warnings: [DAMAGED] };
  }
  const message = describeEmailMessage(mail);
  return {
    found: {
      kind: 'email',
      channel: 'email',
      messages: message === null ? [] : [message],
      mail,
    },
    capture: describeEmailCapture(mail),
    warnings: message === null ? [NO_DATE] : [],
  };
}

/** A plain-text file that is not a WhatsApp transcript: one of the other sources, or nothing. */
export async function inspectSourceText(
  file: string,
  name: string,
  timeZone: string,
): Promise<SourceRead> {
  const { size } = await fsp.stat(file);
  if (size > CHAT_TEXT_MAX_BYTES) {
    return { found: null, warnings: isSourceExportName(name) ? [TOO_LARGE] : [] };
  }
  const bytes = await fsp.readFile(file);
  const start = bytes
    .subarray(0, 16)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (start.startsWith('{') || isSourceExportName(name)) {
    return readSourceJson(bytes.toString('utf8'), name, timeZone);
  }
  const mail = await readSourceEmail(bytes);
  // A file named as a mail that does not read as one: kept, with a word.
  if (mail.found === null && mail.warnings.length === 0 && /\.eml$/i.test(name))
    return { found: null, warnings: [DAMAGED] };
  return mail;
}
