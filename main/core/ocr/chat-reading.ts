// A chat screenshot read as a chat: its header (name or number), its day separators and its
// bubbles, each with side, text and visible time, and from those the messages it shows, each at an
// instant on the case's clock. The words come from the one recognition pass (TextRecognizer);
// chat-layout.ts says where the header, pills, bubbles and time areas are; the times get their
// own restricted pass (chat-times.ts). A picture with no bubble whose time can be read proposes
// nothing, so photos and documents never turn into messages.
import sharp from 'sharp';
import { zonedWallTimeToUtc } from '../time/zoned-time';
import { toCalendarDateInZone } from '../time/calendar-date';
import {
  analyseChatLayout,
  readDominantColour,
  type Box,
  type ChatLayout,
  type RawImage,
} from './chat-layout';
import { fillHoles, rereadBubbles, scoreWords } from './chat-bubble-text';
import { resolveDaySeparator } from './chat-days';
import {
  parseShownTime,
  prepareInkCrop,
  toHour24,
  type ChatTimeReader,
  type ShownTime,
} from './chat-times';
import type { OcrBox, OcrWord, TextReading, TextRecognizer } from './recognize';

export interface ChatBubbleReading {
  side: 'theirs' | 'mine';
  text: string;
  /** The time as read, or null when none could be read. */
  time: ShownTime | null;
  box: Box;
}

export interface ChatDayReading {
  shown: string;
  /** YYYY-MM-DD, or null when the words are not a day. */
  date: string | null;
  box: Box;
}

export interface ChatScreenReading {
  /** The title as read (a saved name or a number), or null. */
  header: string | null;
  /** In reading order, top to bottom. */
  items: (({ kind: 'day' } & ChatDayReading) | ({ kind: 'bubble' } & ChatBubbleReading))[];
}

export interface ProposedChatMessage {
  /** Position in the screenshot, top to bottom, from 0. */
  position: number;
  side: 'theirs' | 'mine';
  text: string;
  /** UTC ISO instant of the visible time on its day. */
  at: string;
  /** The local day and time as the screen gave them, e.g. "2024-05-13 21:41". */
  localTime: string;
  /** Whether a day separator above the bubble gave its day (else the capture day was assumed). */
  dayShown: boolean;
  /** The time as shown ("9:41 pm"). */
  timeShown: string;
  box: Box;
}

function contains(box: Box, word: OcrBox, margin = 0): boolean {
  const x = (word.x0 + word.x1) / 2;
  const y = (word.y0 + word.y1) / 2;
  return (
    x >= box.x - margin &&
    x < box.x + box.width + margin &&
    y >= box.y - margin &&
    y < box.y + box.height + margin
  );
}

function joinWords(words: readonly OcrWord[]): string {
  return words
    .map((word) => word.text)
    .join(' ')
    .trim();
}

const HEADER_NOISE = /^(online|typing|last seen|tap here|click here|recording)/i;

/** The title line: the tallest line of the header band that is not the status bar or a status. */
function readHeader(
  layout: ChatLayout,
  reading: Extract<TextReading, { status: 'read' }>,
): string | null {
  const band = layout.header;
  if (band === null) return null;
  const candidates = reading.lines
    .filter((line) => contains(band, line.bbox))
    .map((line) => ({
      text: joinWords(reading.words.slice(line.firstWord, line.firstWord + line.wordCount)),
      height: line.bbox.y1 - line.bbox.y0,
      top: line.bbox.y0,
    }))
    // The status bar's clock and battery sit in the band's top quarter.
    .filter((line) => line.top > band.y + band.height * 0.22 && !HEADER_NOISE.test(line.text))
    .filter((line) => /[\p{L}\p{N}]{2}/u.test(line.text));
  candidates.sort((a, b) => b.height - a.height || a.top - b.top);
  return candidates[0]?.text.replace(/^[^\p{L}\p{N}+]+/u, '') ?? null;
}

/**
 * The title read again from the title bar alone, made dark-on-white against the bar's own colour:
 * the whole-picture pass loses white text on WhatsApp's green bar. The status bar (top third of
 * the band) is left out.
 */
async function readHeaderAgain(
  image: RawImage,
  layout: ChatLayout,
  recognizer: TextRecognizer,
  preferred: 'en' | 'hi',
): Promise<string | null> {
  const band = layout.header;
  if (band === null) return null;
  const top = band.y + Math.round(band.height * 0.32);
  const box = { x: 0, y: top, width: band.width, height: band.y + band.height - top - 2 };
  const fill = readDominantColour(image, box);
  const crop = await prepareInkCrop(image, { box, fill }, Math.round(box.height * 1.5));
  const padded = await sharp(crop.png)
    .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#ffffff' })
    .png()
    .toBuffer();
  // English first: names and numbers in title bars are mostly Latin, and digits read best so.
  let best: { text: string; confidence: number } | null = null;
  for (const language of preferred === 'hi' ? (['en', 'hi'] as const) : (['en'] as const)) {
    // One model per try: this loop chooses the models (a second, Hindi pass inside recognize
    // cost 0.3–0.7 s per screenshot on English titles, which the icons make look unsure).
    const reading = await recognizer.recognize(padded, language, { onePass: true });
    if (reading.status !== 'read') continue;
    const title = pickTitleLine(reading);
    if (title !== null && (best === null || title.confidence > best.confidence)) best = title;
    // A sure English title (most are names or numbers in Latin script) needs no Hindi pass.
    if (best !== null && best.confidence >= 85) break;
  }
  return best === null ? null : cleanTitle(best.text);
}

/** The title: the line of the tallest sure words (the avatar, read as a tall unsure "word", is not). */
function pickTitleLine(
  reading: Extract<TextReading, { status: 'read' }>,
): { text: string; confidence: number } | null {
  const lines = reading.lines
    .map((line) => {
      const words = reading.words
        .slice(line.firstWord, line.firstWord + line.wordCount)
        .filter((word) => word.confidence >= 70);
      return {
        text: joinWords(words),
        height: Math.max(0, ...words.map((word) => word.bbox.y1 - word.bbox.y0)),
        confidence:
          words.reduce((sum, word) => sum + word.confidence, 0) / Math.max(1, words.length),
      };
    })
    .filter((line) => !HEADER_NOISE.test(line.text) && /[\p{L}\p{N}]{2}/u.test(line.text));
  lines.sort((a, b) => b.height - a.height);
  return lines[0] ?? null;
}

/** A number in the title is the title; otherwise the words, without the icons' one-letter noise. */
function cleanTitle(text: string): string | null {
  const number = /(?:\+\s?91[\s-]?)?[6-9]\d{4}[\s-]?\d{5}(?!\d)/.exec(text);
  if (number !== null) return number[0].trim();
  const words = text.split(/\s+/).filter((word) => word.length > 1 && /[\p{L}\p{N}]/u.test(word));
  return words.length === 0 ? null : words.join(' ');
}

/** Decodes a picture upright to raw RGB, as TextRecognizer's word boxes refer to it. */
export async function decodeRaw(bytes: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(bytes, { limitInputPixels: 200_000_000, failOn: 'error' })
    .rotate()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data };
}

/** The chat as shown in one screenshot, or null when the picture does not look like a chat. */
export async function readChatScreen(
  image: RawImage,
  reading: TextReading,
  readers: { recognizer: TextRecognizer; times: ChatTimeReader },
  captureDay: string,
): Promise<ChatScreenReading | null> {
  const { recognizer, times } = readers;
  if (reading.status !== 'read') return null;
  const layout = analyseChatLayout(image);
  const bubbles = layout.blocks.filter((block) => block.kind === 'bubble');
  if (bubbles.length === 0) return null;
  const timed = bubbles.filter((block) => block.time !== null);
  const timeTexts = await times.readAreas(
    image,
    timed.map((block) => ({ box: block.time ?? block.box, fill: block.fill })),
  );
  const timeByBlock = new Map(
    timed.map((block, index) => [block, parseShownTime(timeTexts[index] ?? '')]),
  );
  const preferred = reading.lang === 'eng' ? 'en' : 'hi';
  const again = await rereadBubbles(image, bubbles, recognizer, preferred);
  const rereadByBlock = new Map(bubbles.map((block, index) => [block, again[index] ?? []]));
  const items: ChatScreenReading['items'] = [];
  for (const block of layout.blocks) {
    const inside = reading.words.filter((word) => contains(block.box, word.bbox));
    if (block.kind === 'day') {
      const shown = joinWords(inside);
      items.push({
        kind: 'day',
        shown,
        date: resolveDaySeparator(shown, captureDay),
        box: block.box,
      });
      continue;
    }
    const timeBox = block.time;
    const first =
      timeBox === null ? inside : inside.filter((word) => !contains(timeBox, word.bbox, 4));
    const second = rereadByBlock.get(block) ?? [];
    const [base, other] =
      scoreWords(second) > scoreWords(first) ? [second, first] : [first, second];
    const words = fillHoles(base, other, false);
    items.push({
      kind: 'bubble',
      side: block.side === 'mine' ? 'mine' : 'theirs',
      text: joinWords(words),
      time: timeByBlock.get(block) ?? null,
      box: block.box,
    });
  }
  const header =
    (await readHeaderAgain(image, layout, recognizer, preferred)) ?? readHeader(layout, reading);
  return { header, items };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * The messages a screen shows, each at its instant in the case's zone: the visible time on the day
 * of the nearest separator above it (the capture day when none is shown). A bubble without a
 * readable time or text, or one that would fall after the capture, is not proposed.
 */
export function proposeChatMessages(
  screen: ChatScreenReading,
  capturedAt: string,
  timeZone: string,
): ProposedChatMessage[] {
  const captureDay = toCalendarDateInZone(capturedAt, timeZone);
  const captureMs = Date.parse(capturedAt);
  // A 12-hour screen shows am/pm on every time: a time read without it there is not trusted.
  const twelveHour = screen.items.some(
    (item) => item.kind === 'bubble' && item.time?.meridiem != null,
  );
  const proposed: ProposedChatMessage[] = [];
  // null: no separator yet (the capture day); 'unreadable': one was shown but not read, so the
  // day of the bubbles under it is unknown and they are not proposed.
  let day: string | null = null;
  let dayUnreadable = false;
  let position = 0;
  // Chats run oldest to newest: a time earlier than the one above it on the same day means a day
  // separator was missed, so the day of that bubble and of those below it is not known.
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const item of screen.items) {
    if (item.kind === 'day') {
      day = item.date;
      dayUnreadable = item.date === null;
      latestMs = Number.NEGATIVE_INFINITY;
      continue;
    }
    const time = item.time;
    position += 1;
    if (
      dayUnreadable ||
      time === null ||
      item.text === '' ||
      (twelveHour && time.meridiem === null)
    )
      continue;
    const date = day ?? captureDay;
    const wall = `${date}T${pad(toHour24(time))}:${pad(time.minute)}:00`;
    const at = zonedWallTimeToUtc(wall, timeZone);
    if (Date.parse(at) < latestMs) {
      dayUnreadable = true;
      continue;
    }
    latestMs = Date.parse(at);
    // A minute's grace: the screenshot's own clock and the messages' may differ slightly.
    if (Date.parse(at) > captureMs + 60_000) continue;
    proposed.push({
      position: position - 1,
      side: item.side,
      text: item.text,
      at,
      localTime: `${date} ${wall.slice(11, 16)}`,
      dayShown: day !== null,
      timeShown: time.shown,
      box: item.box,
    });
  }
  return proposed;
}
