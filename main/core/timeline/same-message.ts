// When two messages are the same message, for every source (WhatsApp now; SMS, Telegram and text
// read from screenshots later): the same person (or the same raw sender, before the sender is tied
// to anyone), the same text, and the same instant at the coarser precision of the two sources
// (WhatsApp exports give minutes, other sources seconds). Only messages already in the case are
// matched; repeats within one export ("PAY NOW" three times in a minute) stay separate, and each
// message already here stands for at most one new one. Pure: the callers read and write.

export type TimePrecision = 'minute' | 'second';

export interface ComparableMessage {
  /** From senderKeyFor: the person when the sender is tied, else the raw sender. */
  senderKey: string;
  text: string;
  /** UTC milliseconds. */
  at: number;
  precision: TimePrecision;
}

const MINUTE_MS = 60_000;
const SECOND_MS = 1000;

/** The person a sender is tied to, else the sender as the source names them. */
export function senderKeyFor(personId: string | null, rawSender: string | null): string {
  if (personId !== null) return `person:${personId}`;
  return rawSender === null ? 'system' : `sender:${rawSender.trim()}`;
}

// A media message reads differently in an export with media ('IMG-…jpg (file attached)') and
// without ('<Media omitted>'); both are "a file sent".
const MEDIA_PLACEHOLDER =
  /^(?:<\s*(?:media|image|video|audio|sticker|gif|document)\s+omitted\s*>|(?:image|video|audio|sticker|gif|document)\s+omitted)$/i;

/**
 * The text as compared: line ends and surrounding space evened out; a message that only sends a
 * file compares as "a file" whatever the export wrote for it.
 */
export function normaliseMessageText(text: string, attachments: readonly string[] = []): string {
  const trimmed = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200e\u200f]/g, '')
    .trim();
  if (MEDIA_PLACEHOLDER.test(trimmed)) return '\u0000file';
  if (attachments.length > 0) {
    const rest = attachments.reduce(
      (left, name) =>
        left.replace(`${name} (file attached)`, '').replace(`<attached: ${name}>`, ''),
      trimmed,
    );
    if (rest.trim() === '') return '\u0000file';
  }
  return trimmed;
}

function floorTo(at: number, step: number): number {
  return Math.floor(at / step) * step;
}

/** True when the two are the same message under the rule above. */
export function isSameMessage(a: ComparableMessage, b: ComparableMessage): boolean {
  if (a.senderKey !== b.senderKey || a.text !== b.text) return false;
  const step = a.precision === 'minute' || b.precision === 'minute' ? MINUTE_MS : SECOND_MS;
  return floorTo(a.at, step) === floorTo(b.at, step);
}

/**
 * For each incoming message, the index of the message already here that it repeats, or null when
 * it is new. Each message already here is used at most once, in order, so three identical lines
 * in a minute match three, never one.
 */
export function findRepeats(
  existing: readonly ComparableMessage[],
  incoming: readonly ComparableMessage[],
): (number | null)[] {
  // Any two same messages fall in the same minute, whatever their precision.
  const buckets = new Map<string, number[]>();
  existing.forEach((message, index) => {
    const key = `${message.senderKey}\u0000${message.text}\u0000${floorTo(message.at, MINUTE_MS)}`;
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [index]);
    else list.push(index);
  });
  return incoming.map((message) => {
    const key = `${message.senderKey}\u0000${message.text}\u0000${floorTo(message.at, MINUTE_MS)}`;
    const candidates = buckets.get(key);
    if (candidates === undefined) return null;
    const position = candidates.findIndex((index) => {
      const candidate = existing[index];
      return candidate !== undefined && isSameMessage(candidate, message);
    });
    if (position < 0) return null;
    const [matched] = candidates.splice(position, 1);
    return matched ?? null;
  });
}
