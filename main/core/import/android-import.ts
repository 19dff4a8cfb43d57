// "SMS Backup & Restore" files (calls-*.xml, sms-*.xml) turned into timeline events. The file itself
// goes through the pipeline like any other (streamed once into the encryptor, hashed, recorded);
// its records are then read in a second streaming pass from the stored copy, decrypted as it
// streams, so the events say exactly what the evidence holds and memory stays bounded whatever the
// file's size. Records are written a few thousand at a time, each batch in its own transaction,
// and one `android.imported` custody entry closes the import. An import cut short (a crash, a lock,
// Cancel) leaves events with no closing entry; the next import of the same file removes them and
// reads it again, so nothing is counted twice.
//
// Each message counts once under timeline/same-message.ts (the same person or raw sender, the same
// text, the same instant at the coarser precision); repeats within one export stay. Calls follow
// the same rule, their "text" being their type and length. MMS pictures become evidence of their
// own (entry-import.ts), linked to their message.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SakshyaError } from '../../../shared/errors';
import { formatImportWarning } from '../../../shared/import-warnings';
import type { StoredEvidence } from '../db/repositories/evidence';
import { PeopleRepository } from '../db/repositories/people';
import type { Database } from '../db/types';
import { describeCallContact, PHONE_LOG_SOURCE } from '../people/call-contact';
import { loadPeopleIndex, type PeopleIndex } from '../people/people-index';
import {
  readBackupDate,
  sniffAndroidBackup,
  type AndroidBackupKind,
  type MmsPart,
} from '../readers/android-backup';
import { computeFlags, loadRecoveryConductRules } from '../timeline/flags';
import { loadIdentities, RECOVERY_KINDS } from '../timeline/timeline-entry';
import {
  findRepeats,
  normaliseMessageText,
  senderKeyFor,
  type ComparableMessage,
} from '../timeline/same-message';
import { openBlob } from '../vault/blob-store';
import type { CaptureDetails, Vault } from '../vault/vault';
import { numberKey, readExisting } from './android-existing';
import { startParseThread, ParseThreadLost } from './android-parse-thread';
import { readRowBatches, RowBuilder, type Row, type RowBatch } from './android-row';
import { EventBulkWriter } from './android-rows';
import { EventLoopSlicer } from './event-loop-turn';
import { importOneStream } from './entry-import';
import { isCancelled, type FileImportContext } from './import-file';
import type { ImportFileResult } from './import-types';
import { HashedStream } from './hashed-stream';

/** The `source` every event from these files carries (the timeline shows it as "Android"). */
export const ANDROID_SOURCE = PHONE_LOG_SOURCE;
const IMPORTED = 'android.imported';
/**
 * Records written per transaction. Each commit writes every page it dirtied, and a batch adds to
 * one leaf of each number-keyed index per number it holds, so small batches rewrite the same index
 * pages again and again. Measured on a real vault (bench/scratch-events.ts, 100,000 messages from
 * 300 numbers): 7.4 KiB written to disk per message with batches of 2,000, 3.7 KiB with 10,000.
 * Staging the batches in an unindexed table and moving them into `events` in one sorted
 * transaction at the end wrote 4.0 KiB per message, and held the write lock for the whole move.
 * 5,000, not 10,000: the bench at 500,000 messages (quiet, same hour) gave 8,074 messages/s and a
 * peak RSS of 408 MiB at 5,000 against 8,564/s and 442 MiB at 10,000 (each batch's parsed records
 * are held until it commits), and a smaller batch answers Cancel sooner.
 */
const BATCH = 5_000;
const HEAD_BYTES = 8192;
/**
 * Bytes read from the stored copy at a time (openBlob reads 1 MiB for big files). Each read is a
 * fresh Buffer outside V8's heap, and a 1 MiB one lives while its thousands of records are parsed
 * and turned into rows: long enough to outlive two scavenges and be promoted, so dead read buffers
 * piled up until V8's external-memory limit forced a full collection (~80 MiB of ArrayBuffers at
 * the peak, kept by malloc afterwards). A 64 KiB read dies young. Bench, 200,000 messages in the
 * core host's worker, same run: peak RSS 311 MiB against 376 MiB, the same messages per second.
 * Side effect: a batch is written once BATCH rows are pending after a read, so with smaller reads
 * batches are closer to 5,000 (they averaged about 6,000 with 1 MiB reads), and the bench at
 * 500,000 wrote 6.69 KiB per message against 5.82.
 */
const READ_CHUNK = 64 * 1024;
/** Longest stretch of parsing before the event loop gets a turn. */
const SLICE_MS = 50;

/** What kind of backup a just-stored file is, from its first bytes; null for anything else. */
export async function sniffAndroidFile(
  file: string,
): Promise<{ kind: AndroidBackupKind; capture: CaptureDetails | undefined } | null> {
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    const kind = sniffAndroidBackup(head);
    if (kind === null) return null;
    const made = readBackupDate(head);
    // The app records when it made the backup: the time this evidence stands for.
    const capture: CaptureDetails | undefined =
      made === null
        ? undefined
        : {
            capturedAt: new Date(made).toISOString(),
            source: 'chat-export',
            confidence: 'high',
            zoneAssumed: false,
            detail: 'the time the backup was made, as SMS Backup & Restore records it in the file',
          };
    return { kind, capture };
  } finally {
    await handle.close();
  }
}

/** 'sms-20240512.xml' and 'calls-20240512.xml': a file named this is meant as a backup. */
export function looksLikeAndroidBackup(name: string): boolean {
  return /^(?:sms|calls)-.*\.xml$/i.test(path.basename(name));
}

export function hasAndroidEvents(vault: Vault, evidenceId: string): boolean {
  return vault.custody(`evidence:${evidenceId}`).some((entry) => entry.action === IMPORTED);
}

export interface AndroidImportSummary {
  kind: AndroidBackupKind;
  /** SMS and MMS in the file (received and sent), including those already here. */
  messages: number;
  calls: number;
  /** Of the messages and calls, how many were already in the case. */
  alreadyHere: number;
  /** Calls to her from a number tied to the harasser, and how many of them broke the RBI hours. */
  callsFromThem: number;
  callsOutsideHours: number;
  filesLinked: number;
  /** Records with no time that could be read. */
  undated: number;
}

interface Session {
  ctx: FileImportContext;
  writer: EventBulkWriter;
  evidence: StoredEvidence;
  people: PeopleIndex;
  recoveryNumbers: ReadonlySet<string>;
  /** Events with a rowid at or above this may be this import's own (see readExisting). */
  firstRowid: number;
  summary: AndroidImportSummary;
  onResult: (result: ImportFileResult) => void;
}

/**
 * Reads a stored backup into events. Null when this file was already read. A damaged or cut-short
 * file keeps every record before the damage and says so in a warning on the result.
 *
 * The stored copy is decrypted, parsed and made into rows on a second thread while this one writes
 * (android-parse-thread.ts); when that thread cannot start, or is lost before the end, the file is
 * read on this thread, from its start, as before.
 */
export async function importAndroidBackup(
  ctx: FileImportContext,
  evidence: StoredEvidence,
  kind: AndroidBackupKind,
  result: ImportFileResult,
  onResult: (result: ImportFileResult) => void,
): Promise<AndroidImportSummary | null> {
  const { vault } = ctx;
  if (hasAndroidEvents(vault, evidence.id)) return null;
  // A copy stored before this import (one cut short, the file then added again) is checked whole
  // before anything is read from it: its MMS pictures become evidence as they are read, before the
  // end's hash check, so a copy swapped for another one sealed to the vault's public recipient
  // would otherwise plant pictures in her case (session review, 2026-12-07).
  if (result.status !== 'imported') await assertStoredCopyIntact(vault, evidence);
  removeLeftovers(vault.db, ctx.caseId, evidence.id);
  const thread = startParseThread(vault, evidence, {
    batch: BATCH,
    readChunk: READ_CHUNK,
    timezone: ctx.timezone,
  });
  if (thread !== null) {
    try {
      return await importFrom(ctx, evidence, kind, result, onResult, () =>
        thread.batches(ctx.signal),
      );
    } catch (error) {
      if (!(error instanceof ParseThreadLost)) throw error;
      // What the lost thread's batches wrote is removed; the file is read again here.
      removeLeftovers(vault.db, ctx.caseId, evidence.id);
    }
  }
  return await importFrom(ctx, evidence, kind, result, onResult, (turns) =>
    readRowBatches(
      new HashedStream(openBlob(vault.layout, evidence.blobName, vault.identity, READ_CHUNK)),
      new RowBuilder(evidence.id, ctx.timezone),
      BATCH,
      turns,
    ),
  );
}

const SWAPPED_COPY =
  'the stored copy of this file does not match its hash; its messages were not added';

async function assertStoredCopyIntact(vault: Vault, evidence: StoredEvidence): Promise<void> {
  const stored = new HashedStream(
    openBlob(vault.layout, evidence.blobName, vault.identity, READ_CHUNK),
  );
  if ((await stored.finish()) !== evidence.sha256)
    throw new SakshyaError('INTEGRITY_FAILURE', SWAPPED_COPY);
}

/** Where an import's batches come from: the parsing thread, or this thread (with its turns). */
type BatchSource = (turns: EventLoopSlicer) => AsyncGenerator<RowBatch>;

async function importFrom(
  ctx: FileImportContext,
  evidence: StoredEvidence,
  kind: AndroidBackupKind,
  result: ImportFileResult,
  onResult: (result: ImportFileResult) => void,
  source: BatchSource,
): Promise<AndroidImportSummary | null> {
  const session = openSession(ctx, evidence, kind, onResult);
  session.writer.widen();
  try {
    return await readIntoEvents(session, result, source);
  } finally {
    session.writer.restore();
  }
}

/** Writes the batches as they come, each in its own transaction; null when cancelled. */
async function readIntoEvents(
  session: Session,
  result: ImportFileResult,
  source: BatchSource,
): Promise<AndroidImportSummary | null> {
  const { ctx, evidence } = session;
  const { vault } = ctx;
  // Progress, timers and Cancel get a turn after each batch and during a long parse (see
  // event-loop-turn.ts): otherwise a buffered read runs on in promise callbacks for seconds.
  const turns = new EventLoopSlicer(SLICE_MS);
  let end: RowBatch['end'];
  for await (const batch of source(turns)) {
    // A batch parsed ahead is not written once Cancel was pressed.
    if (isCancelled(ctx)) break;
    await writeBatch(session, batch, turns);
    end = batch.end;
    if (end !== undefined) break;
    await turns.yieldNow();
    // The log's checkpoint, kept out of the batches' commits (android-rows.ts).
    if (session.writer.checkpointIfDue()) await turns.yieldNow();
    if (isCancelled(ctx)) break;
  }
  if (end === undefined) {
    // Cancelled: what is written stays, and the next import of the file finishes it.
    result.warnings.push(formatImportWarning('android-not-finished'));
    return null;
  }
  // Everything before the damage is kept; it is her evidence as far as it goes.
  if (end.problem !== null) result.warnings.push(formatImportWarning(`android-${end.problem}`));
  // The events must say what the evidence holds: a stored copy swapped for another one sealed to
  // the vault's (public) recipient by someone without the passphrase is caught here.
  if (end.sha256 !== evidence.sha256) {
    removeLeftovers(vault.db, ctx.caseId, evidence.id);
    throw new SakshyaError('INTEGRITY_FAILURE', SWAPPED_COPY);
  }
  if (session.summary.undated > 0) result.warnings.push(formatImportWarning('android-undated'));
  closeImport(session);
  return session.summary;
}

function openSession(
  ctx: FileImportContext,
  evidence: StoredEvidence,
  kind: AndroidBackupKind,
  onResult: (result: ImportFileResult) => void,
): Session {
  const { db } = ctx.vault;
  const identity = loadIdentities(db, ctx.caseId);
  const recoveryNumbers = new Set(
    [...identity.byNumber]
      .filter(([, id]) => RECOVERY_KINDS.has(identity.kinds.get(id) ?? ''))
      .map(([number]) => number),
  );
  const last = db.prepare<[], number | null>('SELECT max(rowid) FROM events').pluck().get() ?? 0;
  return {
    ctx,
    writer: new EventBulkWriter(db),
    evidence,
    people: loadPeopleIndex(db, ctx.caseId),
    recoveryNumbers,
    firstRowid: last + 1,
    summary: {
      kind,
      messages: 0,
      calls: 0,
      alreadyHere: 0,
      callsFromThem: 0,
      callsOutsideHours: 0,
      filesLinked: 0,
      undated: 0,
    },
    onResult,
  };
}

/** Events an earlier, unfinished import of this file wrote (it never recorded its custody entry). */
function removeLeftovers(db: Database, caseId: string, evidenceId: string): void {
  db.prepare(
    `DELETE FROM events WHERE case_id = ? AND kind IN ('message', 'call')
       AND json_extract(details, '$.sourceEvidenceId') = ?`,
  ).run(caseId, evidenceId);
}

function closeImport(session: Session): void {
  const { ctx, evidence, summary } = session;
  const { vault } = ctx;
  vault.db.transaction(() => {
    if (summary.kind === 'sms') {
      new PeopleRepository(vault.db).addChatExport(ctx.caseId, evidence.id, {
        messages: summary.messages,
        alreadyHere: Math.min(summary.alreadyHere, summary.messages),
      });
    }
    vault.record(IMPORTED, `evidence:${evidence.id}`, { caseId: ctx.caseId, ...summary });
  })();
}

/** Pictures first (each committed as evidence at once), then the batch's events in one go. */
async function writeBatch(
  session: Session,
  batch: RowBatch,
  turns: EventLoopSlicer,
): Promise<void> {
  session.summary.undated += batch.undated;
  for (const [index, parts] of batch.files) {
    const row = batch.rows[index];
    if (row === undefined) continue;
    for (const part of parts) {
      if (turns.due) await turns.yieldNow();
      const id = await importPart(session, part, row.occurredAt);
      if (id !== null) row.evidenceIds.push(id);
    }
  }
  if (batch.rows.length === 0) return;
  session.writer.batch(() => {
    insertRows(session, batch.rows);
  });
}

/**
 * A row as the same-message rule compares it. Only needed when the case already holds events in
 * the batch's minutes (from another export), so it is built then and not for every row.
 */
function toComparable(session: Session, row: Row): ComparableMessage {
  if (row.kind === 'call') {
    return {
      senderKey: numberKey(session.people, row.numberE164, row.raw),
      text: `\u0000call:${row.callType ?? ''}:${String(row.durationSeconds ?? '')}`,
      at: row.occurredMs,
      precision: 'second',
    };
  }
  // The actor before it was emptied to null: the sender key of '' is 'sender:'.
  const actor = row.direction === 'incoming' ? (row.actor ?? '') : null;
  return {
    senderKey:
      row.direction === 'outgoing'
        ? `outgoing:${row.numberE164 ?? row.raw}`
        : senderKeyFor(session.people.resolveSender(actor)?.personId ?? null, actor),
    text: normaliseMessageText(row.text, row.withFiles ? [''] : []),
    at: row.occurredMs,
    precision: 'second',
  };
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
};

/** A part's name as a file name: no folders, no control characters, at most 200 characters. */
function cleanPartName(name: string): string {
  let clean = '';
  for (let index = 0; index < Math.min(name.length, 200); index += 1) {
    const code = name.charCodeAt(index);
    clean += code < 0x20 || name[index] === '/' || name[index] === '\\' ? '_' : name.charAt(index);
  }
  return clean;
}

/** One MMS file part as evidence of its own (or the evidence it already is); its id, or null. */
async function importPart(
  session: Session,
  part: MmsPart,
  occurredAt: string,
): Promise<string | null> {
  const bytes = Buffer.from(part.data, 'base64');
  if (bytes.length === 0) return null;
  const { ctx } = session;
  const fallback = `mms-${occurredAt.replace(/[^0-9]/g, '').slice(0, 14)}.${EXTENSIONS[part.contentType] ?? 'bin'}`;
  const name = cleanPartName(part.name ?? '') || fallback;
  const outcome = await importOneStream(
    { ...ctx, group: undefined, waitTurn: undefined, onBytes: () => undefined },
    {
      source: Readable.from([bytes]),
      size: bytes.length,
      displayPath: `${session.evidence.originalName} › ${name}`,
      originalName: name,
      fallbackCapture: {
        capturedAt: occurredAt,
        source: 'chat-export',
        confidence: 'high',
        zoneAssumed: false,
        detail: 'the time of the MMS that carried this file, from the SMS backup',
      },
    },
  );
  session.onResult(outcome.result);
  if (outcome.evidence === null) return null;
  session.summary.filesLinked += 1;
  return outcome.evidence.id;
}

function insertRows(session: Session, rows: readonly Row[]): void {
  const { ctx, summary, writer } = session;
  const existing = readExisting(
    {
      db: ctx.vault.db,
      caseId: ctx.caseId,
      evidenceId: session.evidence.id,
      firstRowid: session.firstRowid,
      people: session.people,
    },
    rows.map((row) => row.occurredMs),
  );
  // With nothing in the case around the batch's times, nothing can be a repeat.
  const repeats =
    existing.length === 0
      ? []
      : findRepeats(
          existing.map((item) => item.message),
          rows.map((row) => toComparable(session, row)),
        );
  // The bulk writer rather than EventsRepository.insert: a backup holds hundreds of thousands of
  // records, and the repository validates and prepares per row. The columns are the same.
  const now = new Date().toISOString();
  rows.forEach((row, index) => {
    if (row.kind === 'call') countCall(session, row);
    else summary.messages += 1;
    const repeat = repeats[index];
    const repeated = repeat === null || repeat === undefined ? undefined : existing[repeat];
    if (repeated !== undefined) {
      summary.alreadyHere += 1;
      for (const id of row.evidenceIds) writer.link(repeated.id, id);
      return;
    }
    writer.add({
      id: row.id,
      caseId: ctx.caseId,
      kind: row.kind,
      occurredAt: row.occurredAt,
      actor: row.actor,
      number: row.number,
      text: row.text,
      details: row.details,
      createdAt: now,
      numberE164: row.numberE164,
      durationSeconds: row.durationSeconds,
      direction: row.direction,
    });
    for (const id of row.evidenceIds) writer.link(row.id, id);
  });
}

/** Counts a call for the summary: from them, and outside the hours, by the timeline's own rules. */
function countCall(session: Session, row: Row): void {
  const { summary, people } = session;
  summary.calls += 1;
  if (row.direction !== 'incoming') return;
  const contact = describeCallContact(
    people,
    row.numberE164 ?? row.number,
    row.numberE164 !== null && session.recoveryNumbers.has(row.numberE164),
  );
  if (contact.tie?.role !== 'harasser') return;
  summary.callsFromThem += 1;
  const flags = computeFlags(
    {
      kind: 'call',
      occurredAt: row.occurredAt,
      direction: 'incoming',
      thirdParty: false,
      fromRecoveryParty: contact.fromRecoveryParty,
    },
    session.ctx.timezone,
    loadRecoveryConductRules(),
    new Date(),
  );
  if (flags.some((flag) => flag.ruleId === 'contact-hours')) summary.callsOutsideHours += 1;
}
