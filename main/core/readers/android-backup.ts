// Reads the XML files of "SMS Backup & Restore" (SyncTech): `calls-*.xml` (<calls><call …/></calls>)
// and `sms-*.xml` (<smses><sms …/><mms …><parts><part …/></parts><addrs><addr …/></addrs></mms>).
// The files can be hundreds of MB, so they are read as a stream with saxes (a well-kept streaming
// XML parser): records come out one by one as their elements close, and memory stays bounded by
// the largest single element (an MMS with its pictures in base64), which is capped.
//
// Safety: a DOCTYPE is refused outright (no DTD, no entity of any kind beyond XML's five and
// character references, so no "billion laughs" and no external entity can be fetched or expanded).
//
// Format quirk handled by hand (no library does it): the app writes characters outside the Basic
// Multilingual Plane (emoji) as two character references, one per UTF-16 surrogate
// (`&#55357;&#56832;`), which XML forbids and every conforming parser rejects. Pairs are joined
// into one reference before the parser sees them; a lone surrogate becomes U+FFFD.
//
// Times: `date` is the instant in epoch milliseconds (no zone question). `readable_date` is only
// read when `date` is missing or unreadable; it is then wall-clock time in the phone's locale,
// read by the caller in the case's zone.
import { SaxesParser } from 'saxes';

export type AndroidBackupKind = 'calls' | 'sms';

export const CALL_TYPES = [
  'incoming',
  'outgoing',
  'missed',
  'voicemail',
  'rejected',
  'blocked',
  'answered-elsewhere',
  'unknown',
] as const;
export type CallType = (typeof CALL_TYPES)[number];

interface RecordTime {
  /** Epoch milliseconds from `date`, or null when the file gives none that can be read. */
  date: number | null;
  /** 'YYYY-MM-DDTHH:mm:ss' read from `readable_date`, only when `date` is unusable. */
  readableLocal: string | null;
}

export interface CallRecord extends RecordTime {
  kind: 'call';
  /** As the file writes it; '' for a hidden number. */
  number: string;
  durationSeconds: number | null;
  type: CallType;
  /** 1 allowed, 2 restricted, 3 unknown, 4 payphone (Android's CallLog.Calls). */
  presentation: number | null;
  contactName: string | null;
}

export interface SmsRecord extends RecordTime {
  kind: 'sms';
  address: string;
  direction: 'incoming' | 'outgoing';
  body: string;
  contactName: string | null;
}

export interface MmsPart {
  contentType: string;
  name: string | null;
  /** base64, as in the file. */
  data: string;
}

export interface MmsRecord extends RecordTime {
  kind: 'mms';
  /** The sender for a received MMS, the first recipient for a sent one. */
  address: string;
  direction: 'incoming' | 'outgoing';
  /** The text parts, joined with line breaks. */
  body: string;
  /** The parts that carry a file (pictures, audio, video); text and SMIL layout parts are not here. */
  files: MmsPart[];
  contactName: string | null;
}

export type AndroidRecord = CallRecord | SmsRecord | MmsRecord;

export type AndroidBackupProblem =
  'not-a-backup' | 'doctype' | 'malformed' | 'truncated' | 'element-too-large';

export class AndroidBackupError extends Error {
  constructor(
    readonly problem: AndroidBackupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'AndroidBackupError';
  }
}

/**
 * How deep elements may nest. The app writes four levels (smses, mms, parts, part); every open
 * element costs the parser (saxes keeps a stack of them) about 100 bytes of memory and time for
 * each 3 bytes of `<a>`, so a crafted file nested a few million deep took gigabytes and minutes.
 */
export const MAX_DEPTH = 16;

/** One element (an MMS with its pictures) may be at most this many characters of XML. */
export const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;

// The app writes an XML declaration, a comment naming itself and a stylesheet line before the root.
// A DOCTYPE is let through here only so that the reader can refuse it by name.
const HEAD =
  /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>\s*)*<(smses|calls)[\s>/]/;

/** What kind of backup a file is, from its first few KB of text; null for anything else. */
export function sniffAndroidBackup(head: string): AndroidBackupKind | null {
  const match = HEAD.exec(head);
  if (match === null) return null;
  return match[1] === 'calls' ? 'calls' : 'sms';
}

/** The `backup_date` (epoch ms) on the root element in the file's first lines, if it has one. */
export function readBackupDate(head: string): number | null {
  const root = /<(?:smses|calls)\b[^>]*>/.exec(head)?.[0] ?? '';
  const date = readInteger(/\sbackup_date="([^"]*)"/.exec(root)?.[1]);
  return date !== null && date > 946_684_800_000 && date < 4_102_444_800_000 ? date : null;
}

const CALL_TYPE_CODES: Record<string, CallType> = {
  '1': 'incoming',
  '2': 'outgoing',
  '3': 'missed',
  '4': 'voicemail',
  '5': 'rejected',
  '6': 'blocked',
  '7': 'answered-elsewhere',
};

/** Whether a call was made to the phone's owner (everything but an outgoing call). */
export function isIncomingCall(type: CallType): boolean {
  return type !== 'outgoing';
}

/** The app writes absent values as the text 'null'. */
function readText(value: string | undefined): string | null {
  if (value === undefined || value === 'null') return null;
  return value;
}

function readInteger(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

function readTime(attributes: Record<string, string>): RecordTime {
  const date = readInteger(attributes.date);
  // Before 2000 or absurdly far ahead means a broken value, not a real message.
  if (date !== null && date > 946_684_800_000 && date < 4_102_444_800_000) {
    return { date, readableLocal: null };
  }
  return { date: null, readableLocal: parseReadableDate(attributes.readable_date ?? '') };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `readable_date` as the app writes it in common locales: '12 May 2024 21:15:00',
 * 'May 12, 2024 9:15:00 PM', '12-May-2024 9:15:00 pm', '12/05/2024 21:15:00' (day first, as
 * Indian phones write it). Null when it cannot be read unambiguously.
 */
export function parseReadableDate(text: string): string | null {
  const clean = text.trim().replace(/\s+/g, ' ');
  const named =
    /^(?:(\d{1,2})[ -]([a-z]{3})[a-z]*\.?,?[ -](\d{4})|([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})),? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([ap]\.? ?m\.?)?$/i.exec(
      clean,
    );
  const numeric =
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([ap]\.? ?m\.?)?$/i.exec(
      clean,
    );
  let day: number;
  let month: number;
  let year: number;
  let hour: number;
  let minute: number;
  let second: number;
  let meridiem: string | undefined;
  if (named !== null) {
    const monthName = (named[2] ?? named[4] ?? '').toLowerCase();
    month = MONTHS.indexOf(monthName) + 1;
    day = Number(named[1] ?? named[5]);
    year = Number(named[3] ?? named[6]);
    hour = Number(named[7]);
    minute = Number(named[8]);
    second = Number(named[9] ?? 0);
    meridiem = named[10];
  } else if (numeric !== null) {
    day = Number(numeric[1]);
    month = Number(numeric[2]);
    year = Number(numeric[3]);
    hour = Number(numeric[4]);
    minute = Number(numeric[5]);
    second = Number(numeric[6] ?? 0);
    meridiem = numeric[7];
  } else return null;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
  }
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    month < 1 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(year)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

function toCall(attributes: Record<string, string>): CallRecord {
  const duration = readInteger(attributes.duration);
  return {
    kind: 'call',
    ...readTime(attributes),
    number: (readText(attributes.number) ?? '').trim(),
    durationSeconds: duration === null || duration < 0 ? null : Math.min(duration, 86_400 * 7),
    type: CALL_TYPE_CODES[attributes.type ?? ''] ?? 'unknown',
    presentation: readInteger(attributes.presentation),
    contactName: readContactName(attributes.contact_name),
  };
}

function readContactName(value: string | undefined): string | null {
  const name = readText(value)?.trim() ?? '';
  return name === '' || name === '(Unknown)' ? null : name.slice(0, 200);
}

function toSms(attributes: Record<string, string>): SmsRecord | null {
  // type: 1 received, 2 sent; 3 draft, 4 outbox, 5 failed, 6 queued were never exchanged.
  const type = attributes.type;
  if (type !== '1' && type !== '2') return null;
  return {
    kind: 'sms',
    ...readTime(attributes),
    address: (readText(attributes.address) ?? '').trim(),
    direction: type === '1' ? 'incoming' : 'outgoing',
    body: readText(attributes.body) ?? '',
    contactName: readContactName(attributes.contact_name),
  };
}

interface OpenMms {
  attributes: Record<string, string>;
  texts: string[];
  files: MmsPart[];
  from: string | null;
  to: string | null;
}

function finishMms(open: OpenMms): MmsRecord | null {
  // msg_box: 1 inbox, 2 sent (others are drafts and the outbox).
  const box = open.attributes.msg_box;
  if (box !== '1' && box !== '2') return null;
  const direction = box === '1' ? 'incoming' : 'outgoing';
  const listed = (readText(open.attributes.address) ?? '').split('~')[0]?.trim() ?? '';
  const address = (direction === 'incoming' ? open.from : open.to) ?? listed;
  return {
    kind: 'mms',
    ...readTime(open.attributes),
    address,
    direction,
    body: open.texts.join('\n'),
    files: open.files,
    contactName: readContactName(open.attributes.contact_name),
  };
}

function takePart(open: OpenMms, attributes: Record<string, string>): void {
  const contentType = (readText(attributes.ct) ?? '').toLowerCase();
  if (contentType === 'text/plain') {
    const text = readText(attributes.text);
    if (text !== null && text !== '') open.texts.push(text);
    return;
  }
  if (contentType === 'application/smil') return;
  const data = readText(attributes.data);
  if (data === null || data === '') return;
  open.files.push({
    contentType,
    name: readText(attributes.cl) ?? readText(attributes.name) ?? readText(attributes.fn),
    data,
  });
}

// addr type 137 is the sender (PduHeaders.FROM), 151 a recipient (TO).
function takeAddress(open: OpenMms, attributes: Record<string, string>): void {
  const address = readText(attributes.address)?.trim() ?? '';
  if (address === '' || address === 'insert-address-token') return;
  if (attributes.type === '137' && open.from === null) open.from = address;
  if (attributes.type === '151' && open.to === null) open.to = address;
}

/**
 * Attribute values as text (saxes gives objects only when namespaces are on, which they are not):
 * the parser's own object when every value is text already, as it always is here, so a record
 * costs no second copy of its attributes.
 */
function readAttributes(
  attributes: Record<string, string | { value: string }>,
): Record<string, string> {
  let plain: Record<string, string> | null = null;
  for (const key in attributes) {
    const value = attributes[key];
    if (typeof value === 'string') continue;
    plain ??= { ...(attributes as Record<string, string>) };
    plain[key] = value?.value ?? '';
  }
  return plain ?? (attributes as Record<string, string>);
}

/** Joins the app's surrogate-pair character references (see the top of this file). */
export class SurrogateRefJoiner {
  private carry = '';

  /** Text ready for the parser; a reference that may continue in the next chunk is held back. */
  take(text: string): string {
    const all = this.carry + text;
    let cut = Math.max(0, all.length - 40);
    const amp = all.lastIndexOf('&', cut);
    if (amp >= 0 && amp > cut - 24 && !all.slice(amp, cut).includes(';')) cut = amp;
    // Only the end of the text can hold the reference (at most 10 characters): a regex anchored at
    // the end of the whole chunk would scan all of it.
    const before = /&#(x[0-9a-f]{1,6}|\d{1,7});$/i.exec(all.slice(Math.max(0, cut - 12), cut));
    if (before !== null && isHigh(readRef(before[1] ?? ''))) cut -= before[0].length;
    this.carry = all.slice(cut);
    return joinSurrogateRefs(all.slice(0, cut));
  }

  finish(): string {
    const rest = joinSurrogateRefs(this.carry);
    this.carry = '';
    return rest;
  }
}

function readRef(body: string): number {
  return body.startsWith('x') || body.startsWith('X') ? parseInt(body.slice(1), 16) : Number(body);
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function joinSurrogateRefs(text: string): string {
  if (!text.includes('&#')) return text;
  const refs = /&#(x[0-9a-f]{1,6}|\d{1,7});/gi;
  let out = '';
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = refs.exec(text)) !== null) {
    const code = readRef(match[1] ?? '');
    if (!isHigh(code) && !isLow(code)) continue;
    out += text.slice(last, match.index);
    const end = match.index + match[0].length;
    refs.lastIndex = end;
    const next = isHigh(code) ? refs.exec(text) : null;
    const low = next !== null && next.index === end ? readRef(next[1] ?? '') : -1;
    if (next !== null && isLow(low)) {
      out += `&#${String(0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00))};`;
      last = next.index + next[0].length;
      refs.lastIndex = last;
    } else {
      out += '&#65533;';
      last = end;
      refs.lastIndex = end;
    }
  }
  return out + text.slice(last);
}

/** Reads a backup as it streams past; records come out in the file's order. */
export class AndroidBackupReader {
  kind: AndroidBackupKind | null = null;
  private readonly parser = new SaxesParser({ position: false });
  private readonly decoder = new TextDecoder('utf-8');
  private readonly joiner = new SurrogateRefJoiner();
  private readonly ready: AndroidRecord[] = [];
  private readonly path: string[] = [];
  private mms: OpenMms | null = null;
  private sinceTag = 0;
  private failure: AndroidBackupError | null = null;

  constructor() {
    this.parser.on('doctype', () => {
      this.fail('doctype', 'the file declares a DOCTYPE, which a backup never does');
    });
    this.parser.on('opentag', (tag) => {
      this.open(tag);
    });
    this.parser.on('closetag', (tag) => {
      this.close(tag.name);
    });
  }

  /** Feeds the next bytes; returns the records they completed. Throws AndroidBackupError. */
  write(bytes: Uint8Array): AndroidRecord[] {
    this.feed(this.joiner.take(this.decoder.decode(bytes, { stream: true })));
    return this.ready.splice(0);
  }

  /** Records completed before a write or end threw: they came before the damage, and are kept. */
  takeReady(): AndroidRecord[] {
    return this.ready.splice(0);
  }

  /** The end of the file; returns the last records. Throws when the file is cut short. */
  end(): AndroidRecord[] {
    this.feed(this.joiner.take(this.decoder.decode()) + this.joiner.finish());
    const done = this.ready.splice(0);
    try {
      this.parser.close();
    } catch {
      throw new AndroidBackupError('truncated', 'the file is cut short');
    }
    if (this.kind === null) throw new AndroidBackupError('not-a-backup', 'no backup in the file');
    return done;
  }

  private feed(text: string): void {
    if (this.failure !== null) throw this.failure;
    this.sinceTag += text.length;
    if (this.sinceTag > MAX_ELEMENT_CHARS) {
      throw new AndroidBackupError('element-too-large', 'one element of the file is too large');
    }
    try {
      this.parser.write(text);
    } catch (error) {
      if (error instanceof AndroidBackupError) throw error;
      throw new AndroidBackupError('malformed', 'the file is not well-formed XML');
    }
  }

  private fail(problem: AndroidBackupProblem, message: string): never {
    this.failure = new AndroidBackupError(problem, message);
    throw this.failure;
  }

  private open(tag: {
    name: string;
    attributes: Record<string, string | { value: string }>;
  }): void {
    this.sinceTag = 0;
    const { name } = tag;
    const attributes = readAttributes(tag.attributes);
    const depth = this.path.length;
    if (depth >= MAX_DEPTH)
      this.fail('malformed', 'elements are nested far deeper than a backup ever nests them');
    this.path.push(name);
    if (depth === 0) {
      if (name === 'calls') this.kind = 'calls';
      else if (name === 'smses') this.kind = 'sms';
      else this.fail('not-a-backup', 'the file is not an SMS Backup & Restore backup');
      return;
    }
    if (depth === 1) {
      if (this.kind === 'calls' && name === 'call') this.ready.push(toCall(attributes));
      else if (this.kind === 'sms' && name === 'sms') {
        const sms = toSms(attributes);
        if (sms !== null) this.ready.push(sms);
      } else if (this.kind === 'sms' && name === 'mms') {
        this.mms = { attributes, texts: [], files: [], from: null, to: null };
      }
      return;
    }
    if (this.mms === null) return;
    if (name === 'part' && this.path[depth - 1] === 'parts') takePart(this.mms, attributes);
    if (name === 'addr' && this.path[depth - 1] === 'addrs') takeAddress(this.mms, attributes);
  }

  private close(name: string): void {
    this.sinceTag = 0;
    this.path.pop();
    if (name === 'mms' && this.path.length === 1 && this.mms !== null) {
      const record = finishMms(this.mms);
      this.mms = null;
      if (record !== null) this.ready.push(record);
    }
  }
}

/** Reads a whole stream of a backup, yielding records in batches as they complete. */
export async function* readAndroidBackup(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<AndroidRecord[], AndroidBackupKind> {
  const reader = new AndroidBackupReader();
  // The records a chunk completed before its damage are given out before the error is thrown.
  const read = function* (take: () => AndroidRecord[]): Generator<AndroidRecord[]> {
    let records: AndroidRecord[];
    try {
      records = take();
    } catch (error) {
      const before = reader.takeReady();
      if (before.length > 0) yield before;
      throw error;
    }
    if (records.length > 0) yield records;
  };
  for await (const chunk of source) yield* read(() => reader.write(chunk));
  yield* read(() => reader.end());
  return reader.kind ?? 'sms';
}
