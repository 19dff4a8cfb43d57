// Reads WhatsApp "Export chat" transcripts (Android and iPhone, 12- and 24-hour clocks, any
// day/month order) into messages with wall-clock times. whatsapp-chat-parser finds where messages
// start and end, who wrote them and what they attach. We read each message's date and time from
// the header ourselves because the library returns a JS Date built in this machine's zone, which
// moves or drops wall-clock times that fall in a daylight-saving gap here. Chat times carry no
// zone; the caller interprets them in the case's time zone.
import { parseString, type Message } from 'whatsapp-chat-parser';
import { SakshyaError } from '../../../shared/errors';
import { formatWallTime, isValidWallTime, type WallTime } from '../time/zoned-time';

export interface ChatMessage {
  /** 'YYYY-MM-DDTHH:mm:ss', the exporting phone's wall clock. */
  localTime: string;
  /** Null for system lines ("You were added", "Messages and calls are end-to-end encrypted…"). */
  author: string | null;
  /** The message as written; a multi-line message keeps its line breaks. */
  text: string;
  /** File names the message attaches, e.g. 'IMG-20240512-WA0003.jpg'. */
  attachments: string[];
  isSystem: boolean;
}

export type DateOrder = 'day-first' | 'month-first' | 'ambiguous';

export interface ParsedChat {
  messages: ChatMessage[];
  systemLines: ChatMessage[];
  /**
   * The order the file itself shows. 'ambiguous' means no date in the whole file had a day above
   * 12, so the caller must ask the user; the messages were then read day-first (the Indian usage)
   * unless `dayFirst` was given.
   */
  dateOrder: DateOrder;
  clock: '12-hour' | '24-hour';
  platform: 'android' | 'ios' | 'unknown';
}

// The library's own message-header pattern (whatsapp-chat-parser 4.0.2, src/parser.ts). Using the
// same one lets us pair each header with the message the library built from it.
const HEADER =
  /^(?:\u200E|\u200F)*(\[?)(\d{1,4}[-/.]\s?\d{1,4}[-/.]\s?\d{1,4})[,.]?\s\D*?(\d{1,2}[.:]\d{1,2}(?:[.:]\d{1,2})?)(?:\s([ap]\.?\s?m\.?))?\]?(?:\s-|:)?\s([^]+)/i;
const LINE_BREAK = /(?:\r\n|\r|\n)/;
// Direction marks and isolates that exports put around names and phone numbers.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

interface Header {
  bracketed: boolean;
  date: [string, string, string];
  time: string;
  meridiem: 'AM' | 'PM' | null;
}

/** Decodes an exported transcript: UTF-8 (or UTF-16 with a BOM), BOM removed, line ends made '\n'. */
export function readChatExportText(bytes: Buffer): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = bytes.subarray(2).toString('utf16le');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  } else {
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export function parseWhatsAppChat(text: string, options: { dayFirst?: boolean } = {}): ParsedChat {
  const headers = findHeaders(text);
  const dateOrder = detectDateOrder(headers);
  const dayFirst = options.dayFirst ?? dateOrder !== 'month-first';
  const parsed: Message[] = parseString(text, { parseAttachments: true, daysFirst: dayFirst });
  if (parsed.length !== headers.length) {
    throw new SakshyaError(
      'INTERNAL',
      'The chat parser and the header reader disagree on where messages start.',
    );
  }

  const messages: ChatMessage[] = [];
  const systemLines: ChatMessage[] = [];
  parsed.forEach((message, index) => {
    const header = headers[index];
    if (!header) return;
    const author =
      message.author === null ? null : message.author.replace(BIDI_CONTROLS, '').trim();
    const entry: ChatMessage = {
      localTime: readHeaderTime(header, dayFirst),
      author: author === '' ? null : author,
      // The line break that ends the file belongs to no message.
      text: message.message.replace(/^[\u200e\u200f]+/, '').replace(/\n+$/, ''),
      attachments: message.attachment ? [message.attachment.fileName] : [],
      isSystem: author === null,
    };
    (entry.isSystem ? systemLines : messages).push(entry);
  });

  return {
    messages,
    systemLines,
    dateOrder,
    clock: headers.some((header) => header.meridiem !== null) ? '12-hour' : '24-hour',
    platform: detectPlatform(headers),
  };
}

function findHeaders(text: string): Header[] {
  const headers: Header[] = [];
  for (const line of text.split(LINE_BREAK)) {
    const match = HEADER.exec(line);
    if (!match) continue;
    const [, bracket, date = '', time = '', meridiem] = match;
    headers.push({
      bracketed: bracket === '[',
      date: orderDateParts(date),
      time,
      meridiem: meridiem === undefined ? null : /p/i.test(meridiem) ? 'PM' : 'AM',
    });
  }
  return headers;
}

/**
 * Puts the year last, as the library does: the longest part is the year, so '2024-05-12' becomes
 * ['05', '12', '2024'] and '12/05/24' stays as written.
 */
function orderDateParts(date: string): [string, string, string] {
  const [a = '', b = '', c = ''] = date.split(/[-/.]\s?/);
  const longest = Math.max(a.length, b.length, c.length);
  if (c.length === longest) return [a, b, c];
  if (b.length === longest) return [a, c, b];
  return [b, c, a];
}

/** Any first number above 12 means day-first; failing that, any second number above 12 means month-first. */
function detectDateOrder(headers: Header[]): DateOrder {
  if (headers.some((header) => Number(header.date[0]) > 12)) return 'day-first';
  if (headers.some((header) => Number(header.date[1]) > 12)) return 'month-first';
  return 'ambiguous';
}

function detectPlatform(headers: Header[]): ParsedChat['platform'] {
  if (headers.length === 0) return 'unknown';
  return headers.every((header) => header.bracketed)
    ? 'ios'
    : headers.some((header) => header.bracketed)
      ? 'unknown'
      : 'android';
}

function readHeaderTime(header: Header, dayFirst: boolean): string {
  const [first, second, yearText] = header.date;
  const [hourText = '0', minuteText = '0', secondText = '0'] = header.time.split(/[.:]/);
  let hour = Number(hourText);
  // Some locales write midnight as '00:08 a. m.'; an hour above 12 already is a 24-hour reading.
  if (header.meridiem !== null && hour <= 12)
    hour = (hour % 12) + (header.meridiem === 'PM' ? 12 : 0);
  const wall: WallTime = {
    year: Number(yearText.padStart(4, '2000')),
    month: Number(dayFirst ? second : first),
    day: Number(dayFirst ? first : second),
    hour,
    minute: Number(minuteText),
    second: Number(secondText),
    millisecond: 0,
  };
  if (!isValidWallTime(wall)) {
    throw new SakshyaError(
      'INVALID_INPUT',
      'A date in this chat does not fit the chosen day and month order.',
    );
  }
  return formatWallTime(wall);
}
