// What an "SMS Backup & Restore" import (android-import.ts) compares each batch against: the
// messages and calls already in the case around the batch's times, read as the same-message rule
// (timeline/same-message.ts) compares them. Kept apart from the import itself so each file stays
// one concern: this one only reads.
import { z } from 'zod';
import type { Database } from '../db/types';
import type { PeopleIndex } from '../people/people-index';
import {
  normaliseMessageText,
  senderKeyFor,
  type ComparableMessage,
} from '../timeline/same-message';

/** Where to look, and which rows are this import's own (left out: repeats within one export stay). */
export interface ExistingScope {
  db: Database;
  caseId: string;
  /** The backup being imported. */
  evidenceId: string;
  /** Events with a rowid at or above this may be this import's own. */
  firstRowid: number;
  people: PeopleIndex;
}

const StoredDetailsSchema = z
  .object({
    chatEvidenceId: z.string().optional(),
    sourceEvidenceId: z.string().optional(),
    timePrecision: z.enum(['minute', 'second']).optional(),
    attachments: z.array(z.string()).optional(),
    callType: z.string().optional(),
  })
  .loose();

interface ExistingRow {
  id: string;
  kind: string;
  occurred_at: string;
  actor: string | null;
  number: string | null;
  number_e164: string | null;
  direction: string | null;
  duration_seconds: number | null;
  text: string;
  details: string;
}

/** The key a number's calls and messages compare by: its person when tied, else the number. */
export function numberKey(people: PeopleIndex, numberE164: string | null, raw: string): string {
  const sender = numberE164 ?? raw;
  return senderKeyFor(people.resolveSender(sender)?.personId ?? null, sender);
}

/**
 * The messages and calls already in the case in the minutes of `times` (UTC milliseconds), as the
 * same-message rule compares them. This import's own earlier batches are left out.
 */
export function readExisting(
  scope: ExistingScope,
  times: readonly number[],
): { id: string; message: ComparableMessage }[] {
  const statement = scope.db.prepare<[string, string, string, number, string], ExistingRow>(
    `SELECT id, kind, occurred_at, actor, number, number_e164, direction, duration_seconds, text, details
     FROM events WHERE case_id = ? AND occurred_at >= ? AND occurred_at < ?
       AND kind IN ('message', 'system', 'call')
       AND (rowid < ? OR coalesce(json_extract(details, '$.sourceEvidenceId'), '') <> ?)
     ORDER BY occurred_at, rowid`,
  );
  const found: { id: string; message: ComparableMessage }[] = [];
  for (const [from, to] of spanMinutes(times)) {
    for (const row of statement.all(
      scope.caseId,
      new Date(from).toISOString(),
      new Date(to).toISOString(),
      scope.firstRowid,
      scope.evidenceId,
    )) {
      found.push({ id: row.id, message: toComparable(scope.people, row) });
    }
  }
  return found;
}

function toComparable(people: PeopleIndex, row: ExistingRow): ComparableMessage {
  const parsed = StoredDetailsSchema.safeParse(JSON.parse(row.details));
  const details = parsed.success ? parsed.data : {};
  const at = Date.parse(row.occurred_at);
  const precision =
    details.timePrecision ?? (details.chatEvidenceId === undefined ? 'second' : 'minute');
  if (row.kind === 'call') {
    return {
      senderKey: numberKey(people, row.number_e164, row.number ?? ''),
      text:
        details.callType === undefined
          ? `\u0000manual-call:${row.id}`
          : `\u0000call:${details.callType}:${String(row.duration_seconds ?? '')}`,
      at,
      precision,
    };
  }
  const outgoing = row.direction === 'outgoing' && row.actor === null;
  return {
    senderKey: outgoing
      ? `outgoing:${row.number_e164 ?? row.number ?? ''}`
      : senderKeyFor(people.resolveSender(row.actor)?.personId ?? null, row.actor),
    text: normaliseMessageText(row.text, details.attachments ?? []),
    at,
    precision,
  };
}

/** The minutes the times fall in, merged into a few ranges [from, to) of UTC milliseconds. */
export function spanMinutes(times: readonly number[]): [number, number][] {
  const minutes = [...new Set(times.map((at) => Math.floor(at / 60_000) * 60_000))].sort(
    (a, b) => a - b,
  );
  const spans: [number, number][] = [];
  for (const minute of minutes) {
    const last = spans.at(-1);
    // Ranges a few minutes apart are read as one: fewer statements, a few more rows.
    if (last !== undefined && minute - last[1] <= 5 * 60_000) last[1] = minute + 60_000;
    else spans.push([minute, minute + 60_000]);
  }
  return spans;
}
