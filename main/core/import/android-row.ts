// One "SMS Backup & Restore" record as the row the Android import stores (android-import.ts), and a
// batch of rows in the compact form a parsing thread hands to the writing one
// (android-parse-worker.ts). Everything here needs no database: it runs on whichever thread parses.
import { normalisePhoneNumber } from '../people/phone-numbers';
import {
  AndroidBackupError,
  isIncomingCall,
  readAndroidBackup,
  type AndroidBackupProblem,
  type AndroidRecord,
  type MmsPart,
} from '../readers/android-backup';
import { PHONE_LOG_SOURCE } from '../people/call-contact';
import { zonedWallTimeToUtc } from '../time/zoned-time';
import { TimeOrderedIds } from './android-rows';
import type { EventLoopSlicer } from './event-loop-turn';
import type { HashedStream } from './hashed-stream';

export interface Row {
  id: string;
  kind: 'message' | 'call';
  occurredAt: string;
  /** occurredAt in UTC milliseconds, read once. */
  occurredMs: number;
  actor: string | null;
  /** The number or address as the file writes it ('' for none). */
  raw: string;
  number: string | null;
  numberE164: string | null;
  text: string;
  direction: 'incoming' | 'outgoing';
  durationSeconds: number | null;
  /** The stored details, as JSON already: the object itself is never needed again. */
  details: string;
  /** A call's type; null for a message. */
  callType: string | null;
  /** An MMS that carries files (its text compares as "a file sent" when it has no other). */
  withFiles: boolean;
  evidenceIds: string[];
}

/** Rows ready to write, with the MMS files they carry (by row index) and the records left out. */
export interface RowBatch {
  rows: Row[];
  files: [number, MmsPart[]][];
  /** Records with no time that could be read. */
  undated: number;
  /** On the last batch: the stored copy's SHA-256 as read, and the damage that ended it, if any. */
  end?: { sha256: string; problem: AndroidBackupProblem | null };
}

export function newRowBatch(): RowBatch {
  return { rows: [], files: [], undated: 0 };
}

/**
 * Reads the stored copy into batches of about `size` records, on whichever thread calls it. The
 * last batch carries the copy's hash (the part after any damage hashed too) and the damage that
 * ended the read: everything before it is kept. Any other error (the copy cannot be read or
 * decrypted) is thrown. `turns`: the event loop's turns while parsing, on a thread that has more
 * to do than this.
 */
export async function* readRowBatches(
  stored: HashedStream,
  builder: RowBuilder,
  size: number,
  turns?: EventLoopSlicer,
): AsyncGenerator<RowBatch> {
  let batch = newRowBatch();
  let problem: AndroidBackupProblem | null = null;
  let finished = false;
  try {
    try {
      for await (const records of readAndroidBackup(stored.read())) {
        for (const record of records) {
          // Checked without an await per record (a promise and a microtask each, thousands a batch).
          if (turns?.due === true) await turns.yieldNow();
          builder.add(batch, record);
        }
        if (batch.rows.length + batch.undated >= size) {
          yield batch;
          batch = newRowBatch();
        } else if (turns !== undefined) await turns.yieldIfDue();
      }
    } catch (error) {
      if (!(error instanceof AndroidBackupError)) throw error;
      problem = error.problem;
    }
    batch.end = { sha256: await stored.finish(), problem };
    finished = true;
    yield batch;
  } finally {
    if (!finished) await stored.close();
  }
}

/** Builds rows from records: ids, times, numbers and details, with no database. */
export class RowBuilder {
  private readonly ids = new TimeOrderedIds();
  /** Each distinct number as written, read once: libphonenumber takes tens of µs per number. */
  private readonly numbers = new Map<string, string | null>();

  constructor(
    private readonly evidenceId: string,
    private readonly timezone: string,
  ) {}

  /** Adds one record to the batch (or counts it as undated). */
  add(batch: RowBatch, record: AndroidRecord): void {
    const row = this.toRow(record);
    if (row === null) {
      batch.undated += 1;
      return;
    }
    if (record.kind === 'mms' && record.files.length > 0)
      batch.files.push([batch.rows.length, record.files]);
    batch.rows.push(row);
  }

  /**
   * One record as the row to store. Built with as few objects as possible: hundreds of thousands
   * of records go through here, and every short-lived object is paid for in scavenges (a CPU
   * profile at 150,000 messages put 9% of the import in toRow and 13% in garbage collection,
   * before this was trimmed).
   */
  private toRow(record: AndroidRecord): Row | null {
    let occurredMs: number;
    let occurredAt: string;
    if (record.date !== null) {
      occurredMs = record.date;
      occurredAt = new Date(record.date).toISOString();
    } else {
      const local =
        record.readableLocal === null
          ? null
          : zonedWallTimeToUtc(record.readableLocal, this.timezone);
      if (local === null) return null;
      occurredAt = local;
      occurredMs = Date.parse(local);
    }
    const raw = record.kind === 'call' ? record.number : record.address;
    const numberE164 = raw === '' ? null : this.readNumber(raw);
    // The keys in the order the stored JSON has always had them.
    const details: Record<string, unknown> = {
      source: PHONE_LOG_SOURCE,
      sourceEvidenceId: this.evidenceId,
      timePrecision: 'second',
    };
    if (record.date === null) details.zoneAssumed = true;
    if (record.contactName !== null) details.contactName = record.contactName;
    const number = raw === '' ? null : raw.slice(0, 100);
    if (record.kind === 'call') {
      details.callType = record.type;
      return {
        id: this.ids.next(),
        kind: 'call',
        occurredAt,
        occurredMs,
        actor: null,
        raw,
        number,
        numberE164,
        text: '',
        direction: isIncomingCall(record.type) ? 'incoming' : 'outgoing',
        durationSeconds: record.durationSeconds,
        details: JSON.stringify(details),
        callType: record.type,
        withFiles: false,
        evidenceIds: [],
      };
    }
    details.chatEvidenceId = this.evidenceId;
    details.channel = record.kind;
    if (record.direction === 'outgoing') details.outgoing = true;
    const actor = record.direction === 'incoming' ? (numberE164 ?? raw).slice(0, 500) : null;
    return {
      id: this.ids.next(),
      kind: 'message',
      occurredAt,
      occurredMs,
      actor: actor === '' ? null : actor,
      raw,
      number,
      numberE164,
      text: record.body,
      direction: record.direction,
      durationSeconds: null,
      details: JSON.stringify(details),
      callType: null,
      withFiles: record.kind === 'mms' && record.files.length > 0,
      evidenceIds: [],
    };
  }

  private readNumber(raw: string): string | null {
    const known = this.numbers.get(raw);
    if (known !== undefined) return known;
    // A backup rarely holds more than a few thousand numbers; a hostile one cannot grow this forever.
    if (this.numbers.size >= 50_000) this.numbers.clear();
    const e164 = normalisePhoneNumber(raw);
    this.numbers.set(raw, e164);
    return e164;
  }
}

/**
 * A batch as it crosses between threads. Structured clone of 5,000 row objects cost about 15 µs
 * per row to post and 9-20 µs per row to receive (a scratch measurement, load 3-8); the same rows
 * as columns of strings, 5-10 and 1.2-1.6 µs. Values that repeat from row to row (numbers, the
 * details JSON, which differs only by contact name) go once per batch in `words`, each row
 * pointing to them (-1 for null). The typed arrays' buffers are moved, not copied.
 */
export interface PackedRows {
  ids: string[];
  occurredAt: string[];
  texts: string[];
  words: string[];
  /** Per row: actor, raw, number, numberE164, details, callType, as indexes into `words`. */
  refs: Int32Array;
  occurredMs: Float64Array;
  /** NaN for none. */
  durations: Float64Array;
  /** Bit 0: a call; bit 1: outgoing; bit 2: with files. */
  flags: Uint8Array;
}

const REFS = 6;

export function packRows(rows: readonly Row[]): PackedRows {
  const count = rows.length;
  const words: string[] = [];
  const known = new Map<string, number>();
  const refs = new Int32Array(count * REFS);
  const word = (value: string | null): number => {
    if (value === null) return -1;
    let at = known.get(value);
    if (at === undefined) {
      at = words.length;
      words.push(value);
      known.set(value, at);
    }
    return at;
  };
  const packed: PackedRows = {
    ids: new Array<string>(count),
    occurredAt: new Array<string>(count),
    texts: new Array<string>(count),
    words,
    refs,
    occurredMs: new Float64Array(count),
    durations: new Float64Array(count),
    flags: new Uint8Array(count),
  };
  rows.forEach((row, index) => {
    packed.ids[index] = row.id;
    packed.occurredAt[index] = row.occurredAt;
    packed.texts[index] = row.text;
    const at = index * REFS;
    refs[at] = word(row.actor);
    refs[at + 1] = word(row.raw);
    refs[at + 2] = word(row.number);
    refs[at + 3] = word(row.numberE164);
    refs[at + 4] = word(row.details);
    refs[at + 5] = word(row.callType);
    packed.occurredMs[index] = row.occurredMs;
    packed.durations[index] = row.durationSeconds ?? NaN;
    packed.flags[index] =
      (row.kind === 'call' ? 1 : 0) |
      (row.direction === 'outgoing' ? 2 : 0) |
      (row.withFiles ? 4 : 0);
  });
  return packed;
}

/** The buffers packRows made, to move with the message rather than copy. */
export function transferablesOf(packed: PackedRows): ArrayBuffer[] {
  return [packed.refs, packed.occurredMs, packed.durations, packed.flags].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

export function unpackRows(packed: PackedRows): Row[] {
  const { words, refs } = packed;
  const word = (at: number): string | null => {
    const ref = refs[at] ?? -1;
    return ref < 0 ? null : (words[ref] ?? null);
  };
  const rows = new Array<Row>(packed.ids.length);
  for (let index = 0; index < rows.length; index += 1) {
    const at = index * REFS;
    const flags = packed.flags[index] ?? 0;
    const duration = packed.durations[index] ?? NaN;
    rows[index] = {
      id: packed.ids[index] ?? '',
      kind: (flags & 1) === 0 ? 'message' : 'call',
      occurredAt: packed.occurredAt[index] ?? '',
      occurredMs: packed.occurredMs[index] ?? 0,
      actor: word(at),
      raw: word(at + 1) ?? '',
      number: word(at + 2),
      numberE164: word(at + 3),
      text: packed.texts[index] ?? '',
      direction: (flags & 2) === 0 ? 'incoming' : 'outgoing',
      durationSeconds: Number.isNaN(duration) ? null : duration,
      details: word(at + 4) ?? '',
      callType: word(at + 5),
      withFiles: (flags & 4) !== 0,
      evidenceIds: [],
    };
  }
  return rows;
}
