// Telegram Desktop's "Export chat history" / "Export Telegram data" in JSON: `result.json`, either
// one chat (`{name, type, id, messages}`) or the whole account (`{chats: {list: [...]}}`), with the
// media in folders beside it (photos/, files/, voice_messages/, video_files/…) named by a relative
// path in each message. Written by hand: no maintained npm reader of this format exists, and the
// format is plain JSON documented by its fields. Text comes either as a string or as an array of
// plain strings and formatted parts ({type:'bold', text:'…'}); both are joined into one string.
// Instants come from `date_unixtime` (seconds, UTC); the zone-less `date` is only a fallback, and
// the caller reads it in the case's zone and says so.
import { z } from 'zod';

export interface TelegramMessage {
  /** The message id inside its chat. */
  id: number | null;
  /** UTC milliseconds from `date_unixtime`, or null when only the zone-less `date` is given. */
  unixMs: number | null;
  /** The zone-less `date` as written ('2024-05-12T21:43:10'). */
  localTime: string | null;
  /** `from` (the sender's name as Telegram shows it), or the `actor` of a service line. */
  sender: string | null;
  /** 'user123456789' / 'channel123': Telegram's own id of the sender. */
  senderId: string | null;
  text: string;
  isService: boolean;
  forwardedFrom: string | null;
  replyToMessageId: number | null;
  /** Relative paths of the media files the export wrote ('photos/photo_1@12-05-2024_21-43-10.jpg'). */
  media: string[];
  /** True when the message had media the export left out ("File not included…"). */
  mediaOmitted: boolean;
}

export interface TelegramChat {
  name: string | null;
  type: string | null;
  id: string | null;
  messages: TelegramMessage[];
}

export interface TelegramExport {
  scope: 'chat' | 'account';
  chats: TelegramChat[];
  /**
   * The account owner's sender id ('user42'), from a whole-account export's
   * `personal_information.user_id`; null for a single chat, which does not say whose export it is.
   */
  ownerId: string | null;
}

const TextPart = z.union([
  z.string(),
  z.object({ type: z.string().optional(), text: z.string().catch('') }).loose(),
]);
const TextField = z.union([z.string(), z.array(TextPart)]).optional();

const MessageSchema = z
  .object({
    id: z.number().optional(),
    type: z.string().optional(),
    date: z.string().optional(),
    date_unixtime: z.union([z.string(), z.number()]).optional(),
    from: z.string().nullable().optional(),
    from_id: z.union([z.string(), z.number()]).optional(),
    actor: z.string().nullable().optional(),
    action: z.string().optional(),
    text: TextField,
    forwarded_from: z.string().nullable().optional(),
    reply_to_message_id: z.number().optional(),
    photo: z.string().optional(),
    file: z.string().optional(),
    thumbnail: z.string().optional(),
  })
  .loose();

const ChatSchema = z
  .object({
    name: z.string().nullable().optional(),
    type: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
    messages: z.array(z.unknown()),
  })
  .loose();

const AccountSchema = z
  .object({
    chats: z.object({ list: z.array(z.unknown()) }).loose(),
    personal_information: z
      .object({ user_id: z.union([z.string(), z.number()]).optional() })
      .loose()
      .optional(),
    left_chats: z
      .object({ list: z.array(z.unknown()) })
      .loose()
      .optional(),
  })
  .loose();

/** What Telegram writes where a file was not exported. */
const NOT_INCLUDED = /^\(File (?:not included|exceeds maximum size)/i;

/** Joins a message's text: a plain string, or plain strings and formatted parts in order. */
export function joinTelegramText(text: z.infer<typeof TextField>): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text.map((part) => (typeof part === 'string' ? part : part.text)).join('');
}

/** True when the value has the shape of a Telegram export (one chat or a whole account). */
export function looksLikeTelegramExport(value: unknown): boolean {
  const chat = ChatSchema.safeParse(value);
  // Meta's message_N.json also has `messages`, but lists `participants`; Telegram never does.
  if (chat.success && typeof value === 'object' && value !== null && 'participants' in value)
    return false;
  if (chat.success) {
    const first = chat.data.messages[0];
    return (
      (chat.data.messages.length === 0 && chat.data.type !== undefined) ||
      (typeof first === 'object' && first !== null && ('date_unixtime' in first || 'date' in first))
    );
  }
  return AccountSchema.safeParse(value).success;
}

/** Reads a parsed result.json; null when it is not a Telegram export. */
export function readTelegramExport(value: unknown): TelegramExport | null {
  if (!looksLikeTelegramExport(value)) return null;
  const account = AccountSchema.safeParse(value);
  if (account.success && !('messages' in (value as object))) {
    const chats = [...account.data.chats.list, ...(account.data.left_chats?.list ?? [])]
      .map(readChat)
      .filter((chat): chat is TelegramChat => chat !== null);
    const userId = account.data.personal_information?.user_id;
    // Messages name their sender as 'user' + the numeric id (from_id: "user42").
    const ownerId =
      userId === undefined || String(userId).trim() === '' ? null : `user${String(userId).trim()}`;
    return { scope: 'account', chats, ownerId };
  }
  const chat = readChat(value);
  return chat === null ? null : { scope: 'chat', chats: [chat], ownerId: null };
}

function readChat(value: unknown): TelegramChat | null {
  const parsed = ChatSchema.safeParse(value);
  if (!parsed.success) return null;
  const messages: TelegramMessage[] = [];
  for (const raw of parsed.data.messages) {
    const message = readMessage(raw);
    if (message !== null) messages.push(message);
  }
  return {
    name: parsed.data.name ?? null,
    type: parsed.data.type ?? null,
    id: parsed.data.id === undefined ? null : String(parsed.data.id),
    messages,
  };
}

function readMessage(raw: unknown): TelegramMessage | null {
  const parsed = MessageSchema.safeParse(raw);
  if (!parsed.success) return null;
  const m = parsed.data;
  const seconds = m.date_unixtime === undefined ? NaN : Number(m.date_unixtime);
  const unixMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
  const localTime =
    m.date !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(m.date) ? m.date : null;
  if (unixMs === null && localTime === null) return null;
  const isService = m.type === 'service';
  const media: string[] = [];
  let mediaOmitted = false;
  for (const file of [m.photo, m.file]) {
    if (file === undefined) continue;
    if (NOT_INCLUDED.test(file)) mediaOmitted = true;
    else media.push(file);
  }
  const text = joinTelegramText(m.text);
  return {
    id: m.id ?? null,
    unixMs,
    localTime,
    sender: (isService ? m.actor : m.from) ?? null,
    senderId: m.from_id === undefined ? null : String(m.from_id),
    text: isService && text === '' ? (m.action ?? '').replaceAll('_', ' ') : text,
    isService,
    forwardedFrom: m.forwarded_from ?? null,
    replyToMessageId: m.reply_to_message_id ?? null,
    media,
    mediaOmitted,
  };
}

/** The owner's names as her messages carry them, when the export gives her id (else none). */
export function findTelegramOwner(found: TelegramExport): string[] {
  if (found.ownerId === null) return [];
  const names = new Set<string>();
  for (const chat of found.chats) {
    for (const message of chat.messages) {
      if (!message.isService && message.senderId === found.ownerId && message.sender !== null)
        names.add(message.sender);
    }
  }
  // Two names for one id (she renamed herself between exports or chats): each is hers.
  return [...names];
}
