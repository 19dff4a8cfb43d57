// Messages read from chat screenshots, from proposal to timeline. One place for the rules, which
// the CLI and the API both call:
// - propose: a screenshot read as a chat (chat-reading.ts) gives messages "as shown in screenshot
//   X", stored as proposals at the instant each visible time stands for on the case's clock. A
//   new reading replaces the proposals still undecided, never a confirmed one.
// - confirm: each confirmed message counts like a chat export's message: an event of kind
//   'message' from the chat's title (the number or name shown), linked to the screenshot, so rule
//   flags, the report and timeline.csv take it up. One that repeats a message already in the case
//   (from a chat export of the same conversation) is not added twice: the one rule of
//   timeline/same-message.ts decides, and the screenshot is linked to the message already there.
// - correct: the user's own time and text replace the computer's reading, then it is confirmed.
// Every proposal, confirmation and correction is in the custody log (times and ids; no text).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SakshyaError } from '../../../shared/errors';
import { EventsRepository } from '../db/repositories/events';
import { EvidenceRepository } from '../db/repositories/evidence';
import type { Database } from '../db/types';
import { loadPeopleIndex, type PeopleIndex } from '../people/people-index';
import { readCaseTimezone } from '../timeline/case-zone';
import {
  findRepeats,
  normaliseMessageText,
  senderKeyFor,
  type ComparableMessage,
} from '../timeline/same-message';
import { formatInstantInZone } from '../time/zoned-time';
import type { Vault } from '../vault/vault';
import type { ProposedChatMessage } from './chat-reading';

export type ScreenshotMessageStatus = 'proposed' | 'confirmed';

export interface ScreenshotMessage {
  id: string;
  caseId: string;
  evidenceId: string;
  position: number;
  side: 'theirs' | 'mine';
  sender: string | null;
  text: string;
  occurredAt: string;
  localTime: string;
  timeShown: string;
  dayShown: boolean;
  box: { x: number; y: number; width: number; height: number };
  status: ScreenshotMessageStatus;
  corrected: boolean;
  eventId: string | null;
  alreadyHere: boolean;
  proposedAt: string;
  decidedAt: string | null;
}

interface Row {
  id: string;
  case_id: string;
  evidence_id: string;
  position: number;
  side: 'theirs' | 'mine';
  sender: string | null;
  text: string;
  occurred_at: string;
  local_time: string;
  time_shown: string;
  day_shown: number;
  box: string;
  status: ScreenshotMessageStatus;
  corrected: number;
  event_id: string | null;
  already_here: number;
  proposed_at: string;
  decided_at: string | null;
}

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

const SELECT = `SELECT id, case_id, evidence_id, position, side, sender, text, occurred_at, local_time,
  time_shown, day_shown, box, status, corrected, event_id, already_here, proposed_at, decided_at
  FROM screenshot_messages`;

function toMessage(row: Row): ScreenshotMessage {
  return {
    id: row.id,
    caseId: row.case_id,
    evidenceId: row.evidence_id,
    position: row.position,
    side: row.side,
    sender: row.sender,
    text: row.text,
    occurredAt: row.occurred_at,
    localTime: row.local_time,
    timeShown: row.time_shown,
    dayShown: row.day_shown === 1,
    box: BoxSchema.parse(JSON.parse(row.box)),
    status: row.status,
    corrected: row.corrected === 1,
    eventId: row.event_id,
    alreadyHere: row.already_here === 1,
    proposedAt: row.proposed_at,
    decidedAt: row.decided_at,
  };
}

export function listScreenshotMessages(
  db: Database,
  filter: { caseId?: string; evidenceId?: string; status?: ScreenshotMessageStatus },
): ScreenshotMessage[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.caseId !== undefined) {
    where.push('case_id = ?');
    params.push(filter.caseId);
  }
  if (filter.evidenceId !== undefined) {
    where.push('evidence_id = ?');
    params.push(filter.evidenceId);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    params.push(filter.status);
  }
  const sql = `${SELECT}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY occurred_at, evidence_id, position`;
  return db
    .prepare<string[], Row>(sql)
    .all(...params)
    .map(toMessage);
}

function requireMessage(db: Database, id: string): ScreenshotMessage {
  const row = db.prepare<[string], Row>(`${SELECT} WHERE id = ?`).get(id);
  if (row === undefined)
    throw new SakshyaError('NOT_FOUND', `No message read from a screenshot has the id ${id}.`);
  return toMessage(row);
}

/**
 * Stores a screenshot's proposed messages in place of its undecided ones; positions already
 * confirmed keep their decision. Returns how many proposals the screenshot now has.
 */
export function storeProposedMessages(
  vault: Vault,
  evidenceId: string,
  header: string | null,
  proposed: readonly ProposedChatMessage[],
): number {
  const db = vault.db;
  const evidence = new EvidenceRepository(db).require(evidenceId);
  const now = new Date().toISOString();
  return db.transaction(() => {
    // A proposal keeps its id when the screenshot is read again (the user may be looking at it);
    // one the new reading no longer shows goes, a decided one stays as decided.
    const before = new Map(
      db
        .prepare<[string], { id: string; position: number; status: ScreenshotMessageStatus }>(
          'SELECT id, position, status FROM screenshot_messages WHERE evidence_id = ?',
        )
        .all(evidenceId)
        .map((row) => [row.position, row]),
    );
    const shown = new Set(proposed.map((message) => message.position));
    const remove = db.prepare('DELETE FROM screenshot_messages WHERE id = ?');
    for (const row of before.values())
      if (row.status === 'proposed' && !shown.has(row.position)) remove.run(row.id);
    const upsert = db.prepare(
      `INSERT INTO screenshot_messages (id, case_id, evidence_id, position, side, sender, text, occurred_at,
         local_time, time_shown, day_shown, box, status, proposed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?)
       ON CONFLICT (id) DO UPDATE SET side = excluded.side, sender = excluded.sender, text = excluded.text,
         occurred_at = excluded.occurred_at, local_time = excluded.local_time, time_shown = excluded.time_shown,
         day_shown = excluded.day_shown, box = excluded.box, proposed_at = excluded.proposed_at`,
    );
    let count = 0;
    for (const message of proposed) {
      const existing = before.get(message.position);
      if (existing !== undefined && existing.status !== 'proposed') continue;
      upsert.run(
        existing?.id ?? randomUUID(),
        evidence.caseId,
        evidenceId,
        message.position,
        message.side,
        header === null || header === '' ? null : header.slice(0, 500),
        message.text.slice(0, 20_000),
        message.at,
        message.localTime,
        message.timeShown.slice(0, 40),
        message.dayShown ? 1 : 0,
        JSON.stringify(message.box),
        now,
      );
      count += 1;
    }
    vault.record('messages.proposed', `evidence:${evidenceId}`, {
      caseId: evidence.caseId,
      proposed: count,
    });
    return count;
  })();
}

/** The user's own sender key and the name their messages go under, from the case's "me". */
function describeMe(db: Database, index: PeopleIndex): { key: string; actor: string | null } {
  const me = [...index.people.values()].find((person) => person.role === 'me');
  if (me === undefined) return { key: 'sender:\u0000me', actor: null };
  const chatName = db
    .prepare<[string, string], { value: string }>(
      "SELECT value FROM person_identifiers WHERE person_id = ? AND case_id = ? AND kind = 'chat-name' ORDER BY tied_at LIMIT 1",
    )
    .get(me.id, index.caseId);
  return { key: senderKeyFor(me.id, null), actor: chatName?.value ?? me.name };
}

function toComparable(
  message: ScreenshotMessage,
  index: PeopleIndex,
  me: { key: string },
): ComparableMessage {
  const senderKey =
    message.side === 'mine'
      ? me.key
      : senderKeyFor(index.resolveSender(message.sender)?.personId ?? null, message.sender);
  return {
    senderKey,
    text: normaliseMessageText(message.text),
    at: Date.parse(message.occurredAt),
    precision: 'minute',
  };
}

/** The case's messages around these instants, as the same-message rule compares them. */
function readCaseMessages(
  db: Database,
  caseId: string,
  index: PeopleIndex,
  times: readonly number[],
) {
  const from = new Date(Math.min(...times) - 60_000).toISOString();
  const to = new Date(Math.max(...times) + 60_000).toISOString();
  return db
    .prepare<
      [string, string, string],
      { id: string; occurred_at: string; actor: string | null; text: string; details: string }
    >(
      `SELECT id, occurred_at, actor, text, details FROM events
       WHERE case_id = ? AND kind = 'message' AND occurred_at >= ? AND occurred_at <= ? ORDER BY occurred_at, rowid`,
    )
    .all(caseId, from, to)
    .map((row) => {
      const details = z
        .object({
          timePrecision: z.enum(['minute', 'second']).optional(),
          attachments: z.array(z.string()).optional(),
        })
        .loose()
        .safeParse(JSON.parse(row.details));
      return {
        id: row.id,
        message: {
          senderKey: senderKeyFor(index.resolveSender(row.actor)?.personId ?? null, row.actor),
          text: normaliseMessageText(
            row.text,
            details.success ? (details.data.attachments ?? []) : [],
          ),
          at: Date.parse(row.occurred_at),
          precision: details.success ? (details.data.timePrecision ?? 'second') : 'second',
        } satisfies ComparableMessage,
      };
    });
}

export interface ConfirmSummary {
  confirmed: number;
  /** Of those, how many a chat export already had (linked, not added again). */
  alreadyHere: number;
}

/** Confirms proposals: all of a case's, or the ones named. */
export function confirmScreenshotMessages(
  vault: Vault,
  input: { caseId: string; all: true } | { caseId: string; ids: readonly string[] },
): ConfirmSummary {
  const db = vault.db;
  return db.transaction(() => {
    const pending =
      'all' in input
        ? listScreenshotMessages(db, { caseId: input.caseId, status: 'proposed' })
        : input.ids.map((id) => requireMessage(db, id));
    for (const message of pending) {
      if (message.caseId !== input.caseId)
        throw new SakshyaError(
          'INVALID_INPUT',
          `The message ${message.id} belongs to another case.`,
        );
      if (message.status !== 'proposed')
        throw new SakshyaError('INVALID_INPUT', `The message ${message.id} is already confirmed.`);
    }
    return recordConfirmed(vault, input.caseId, pending, false);
  })();
}

function recordConfirmed(
  vault: Vault,
  caseId: string,
  messages: readonly ScreenshotMessage[],
  corrected: boolean,
): ConfirmSummary {
  const db = vault.db;
  const summary: ConfirmSummary = { confirmed: 0, alreadyHere: 0 };
  if (messages.length === 0) return summary;
  const index = loadPeopleIndex(db, caseId);
  const me = describeMe(db, index);
  const timeZone = readCaseTimezone(db, caseId);
  const existing = readCaseMessages(
    db,
    caseId,
    index,
    messages.map((message) => Date.parse(message.occurredAt)),
  );
  const repeats = findRepeats(
    existing.map((item) => item.message),
    messages.map((message) => toComparable(message, index, me)),
  );
  const events = new EventsRepository(db);
  const now = new Date().toISOString();
  const link = db.prepare(
    'INSERT OR IGNORE INTO event_evidence (event_id, evidence_id) VALUES (?, ?)',
  );
  const update = db.prepare(
    `UPDATE screenshot_messages SET status = 'confirmed', event_id = ?, already_here = ?, decided_at = ?,
       corrected = max(corrected, ?) WHERE id = ?`,
  );
  messages.forEach((message, at) => {
    const repeat = repeats[at];
    const repeated = repeat === null || repeat === undefined ? undefined : existing[repeat];
    let eventId: string;
    if (repeated !== undefined) {
      eventId = repeated.id;
      link.run(eventId, message.evidenceId);
      summary.alreadyHere += 1;
    } else {
      eventId = events.insert({
        caseId,
        kind: 'message',
        occurredAt: message.occurredAt,
        actor: message.side === 'mine' ? me.actor : message.sender,
        text: message.text,
        details: {
          source: 'screenshot',
          screenshotEvidenceId: message.evidenceId,
          screenshotMessageId: message.id,
          side: message.side,
          localTime: message.localTime.replace(' ', 'T'),
          timeShown: message.timeShown,
          timePrecision: 'minute',
          zoneAssumed: true,
          corrected: corrected || message.corrected,
        },
        evidenceIds: [message.evidenceId],
      }).id;
    }
    update.run(eventId, repeated === undefined ? 0 : 1, now, corrected ? 1 : 0, message.id);
    vault.record(
      corrected ? 'message.corrected' : 'message.confirmed',
      `evidence:${message.evidenceId}`,
      {
        caseId,
        messageId: message.id,
        eventId,
        at: message.occurredAt,
        localTime: formatInstantInZone(message.occurredAt, timeZone),
        alreadyHere: repeated !== undefined,
      },
    );
    summary.confirmed += 1;
  });
  return summary;
}

/**
 * The user's correction of one message read from a screenshot: its instant and/or text. A
 * proposal is confirmed with the corrected values; a confirmed one has its event corrected.
 */
export function correctScreenshotMessage(
  vault: Vault,
  input: { id: string; at?: string; text?: string },
): ScreenshotMessage {
  const db = vault.db;
  if (input.at === undefined && input.text === undefined)
    throw new SakshyaError(
      'INVALID_INPUT',
      'Give the corrected time (--at) or text (--text), or both.',
    );
  if (input.text?.trim() === '')
    throw new SakshyaError('INVALID_INPUT', 'The corrected text is empty.');
  if (input.at !== undefined && Number.isNaN(Date.parse(input.at)))
    throw new SakshyaError('INVALID_INPUT', 'The corrected time is not a date and time.');
  return db.transaction(() => {
    const message = requireMessage(db, input.id);
    const at = input.at === undefined ? message.occurredAt : new Date(input.at).toISOString();
    const text = input.text?.trim() ?? message.text;
    const timeZone = readCaseTimezone(db, message.caseId);
    const localTime = formatInstantInZone(at, timeZone).slice(0, 16).replace('T', ' ');
    db.prepare(
      'UPDATE screenshot_messages SET occurred_at = ?, text = ?, local_time = ?, corrected = 1 WHERE id = ?',
    ).run(at, text, localTime, message.id);
    const updated = requireMessage(db, message.id);
    if (message.status === 'proposed') recordConfirmed(vault, message.caseId, [updated], true);
    else if (message.eventId !== null && !message.alreadyHere) {
      db.prepare('UPDATE events SET occurred_at = ?, text = ? WHERE id = ?').run(
        at,
        text,
        message.eventId,
      );
      vault.record('message.corrected', `evidence:${message.evidenceId}`, {
        caseId: message.caseId,
        messageId: message.id,
        eventId: message.eventId,
        at,
        previousAt: message.occurredAt,
        textChanged: text !== message.text,
      });
    } else {
      throw new SakshyaError(
        'INVALID_INPUT',
        'This message is the same as one from a chat export; correct it there, not in the screenshot.',
      );
    }
    return requireMessage(db, message.id);
  })();
}

/**
 * The `evidence show` section of a chat screenshot: the messages read from it, proposed or
 * confirmed (registered in text-service.ts's EVIDENCE_SHOW_SECTIONS).
 */
export const SCREENSHOT_MESSAGES_SECTION = {
  key: 'messages',
  build(
    vault: Vault,
    evidence: { id: string },
  ): { json: ScreenshotMessage[]; lines: string[] } | null {
    const messages = listScreenshotMessages(vault.db, { evidenceId: evidence.id });
    if (messages.length === 0) return null;
    const proposed = messages.filter((message) => message.status === 'proposed').length;
    return {
      json: messages,
      lines: [
        `Messages read from this screenshot (${String(messages.length)}; ${String(proposed)} still to confirm):`,
        ...messages.map(
          (message) =>
            `  ${message.id}  ${message.localTime}  ${message.side === 'mine' ? 'you' : (message.sender ?? 'them')}: ${message.text}  [${message.status}]`,
        ),
      ],
    };
  },
};
