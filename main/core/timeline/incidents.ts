// Incidents the user logs by hand (a call, a visit to the office, a threat, a public post), and
// call-log rows pasted in bulk. Each incident is a timeline event plus a custody entry, written in
// one transaction so the log never misses an incident nor names one that is not there.
import { z } from 'zod';
import type { TimelineEvent } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { EventsRepository } from '../db/repositories/events';
import { isValidWallTime, parseUserTime, wallToInstantMs } from '../time/zoned-time';
import { normalisePhoneNumber } from '../people/phone-numbers';
import type { Vault } from '../vault/vault';
import { findCounterpartyId } from './counterparties';

import { INCIDENT_KINDS } from './incident-kinds';

export { INCIDENT_KINDS, type IncidentKind } from './incident-kinds';

const NewIncidentSchema = z.object({
  caseId: z.string().min(1),
  kind: z.enum(INCIDENT_KINDS),
  at: z.string().min(1),
  number: z.string().trim().max(100).optional(),
  durationSeconds: z.number().int().nonnegative().max(86_400).optional(),
  text: z.string().max(20_000).default(''),
  thirdParty: z.boolean().default(false),
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  evidenceIds: z.array(z.string()).default([]),
});

export type NewIncident = z.input<typeof NewIncidentSchema>;

export interface Incident extends TimelineEvent {
  numberE164: string | null;
  durationSeconds: number | null;
  direction: 'incoming' | 'outgoing';
  thirdParty: boolean;
  counterpartyId: string | null;
}

/**
 * Logs an incident. `at` is ISO 8601; without a zone it is read in the case's time zone. A number
 * that cannot be read as a phone number is kept as written but groups with nothing.
 */
export function addIncident(vault: Vault, input: NewIncident): Incident {
  const parsed = NewIncidentSchema.safeParse(input);
  if (!parsed.success) throw new SakshyaError('INVALID_INPUT', `incident: ${parsed.error.message}`);
  const incident = parsed.data;
  const db = vault.db;
  return db.transaction(() => {
    const zone = vault.getCase(incident.caseId).timezone;
    const when = parseUserTime(incident.at, zone);
    const number = incident.number === undefined || incident.number === '' ? null : incident.number;
    const numberE164 = number === null ? null : normalisePhoneNumber(number);
    const counterpartyId =
      numberE164 === null ? null : findCounterpartyId(db, incident.caseId, 'number', numberE164);
    const event = new EventsRepository(db).insert({
      caseId: incident.caseId,
      kind: incident.kind,
      occurredAt: when.utc,
      number,
      text: incident.text,
      details: { source: 'incident', zoneAssumed: when.zoneAssumed },
      evidenceIds: incident.evidenceIds,
    });
    db.prepare(
      `UPDATE events SET number_e164 = ?, duration_seconds = ?, direction = ?, third_party = ?, counterparty_id = ?
       WHERE id = ?`,
    ).run(
      numberE164,
      incident.durationSeconds ?? null,
      incident.direction,
      incident.thirdParty ? 1 : 0,
      counterpartyId,
      event.id,
    );
    vault.record('incident.logged', `event:${event.id}`, {
      caseId: incident.caseId,
      kind: incident.kind,
      occurredAt: event.occurredAt,
      number: numberE164 ?? number,
      thirdParty: incident.thirdParty,
      evidenceIds: event.evidenceIds,
    });
    return {
      ...event,
      numberE164,
      durationSeconds: incident.durationSeconds ?? null,
      direction: incident.direction,
      thirdParty: incident.thirdParty,
      counterpartyId,
    };
  })();
}

export interface CallLogRow {
  line: number;
  number: string;
  /** UTC ISO 8601. */
  at: string;
  durationSeconds: number | null;
}

export type CallLogProblemCode = 'format' | 'number' | 'hour' | 'date' | 'duration';

export interface CallLogProblem {
  line: number;
  text: string;
  /** Which check failed, so the app can say it in the user's language. */
  code: CallLogProblemCode;
  reason: string;
}

const ROW =
  /^\s*([^,]+?)\s*,\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*(?:,\s*(.*?)\s*)?$/i;

/**
 * Reads pasted call-log rows, one per line: `number, DD/MM/YYYY HH:mm[:ss] [am|pm][, duration]`,
 * e.g. `+91 98765 43210, 12/05/2024 21:15, 3:20`. Dates are day first, as Indian phones show them,
 * and read in the case's time zone. Durations are `m:ss`, `h:mm:ss` or plain seconds. Blank lines
 * are skipped; every other line that cannot be read is reported with the reason, never guessed.
 */
export function parseCallLogRows(
  text: string,
  caseTimezone: string,
): { rows: CallLogRow[]; problems: CallLogProblem[] } {
  const rows: CallLogRow[] = [];
  const problems: CallLogProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const result = parseRow(raw, caseTimezone);
    if ('code' in result) problems.push({ line, text: raw, ...result });
    else rows.push({ line, ...result });
  });
  return { rows, problems };
}

function parseRow(
  raw: string,
  zone: string,
): Omit<CallLogRow, 'line'> | { code: CallLogProblemCode; reason: string } {
  const match = ROW.exec(raw);
  if (match === null)
    return { code: 'format', reason: 'expected: number, DD/MM/YYYY HH:mm, duration' };
  const [, numberText = '', dd, mm, yy = '', hh, mi, ss, meridiem, durationText] = match;
  if (normalisePhoneNumber(numberText) === null)
    return { code: 'number', reason: `"${numberText}" is not a phone number` };
  let hour = Number(hh);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12)
      return { code: 'hour', reason: 'the hour must be 1 to 12 with am or pm' };
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  const wall = {
    year: yy.length === 2 ? 2000 + Number(yy) : Number(yy),
    month: Number(mm),
    day: Number(dd),
    hour,
    minute: Number(mi),
    second: ss === undefined ? 0 : Number(ss),
    millisecond: 0,
  };
  if (!isValidWallTime(wall)) return { code: 'date', reason: 'the date or time does not exist' };
  const instant = wallToInstantMs(wall, zone);
  const durationSeconds =
    durationText === undefined || durationText === '' ? null : parseDuration(durationText);
  if (durationSeconds === undefined || (durationSeconds ?? 0) > 86_400)
    return { code: 'duration', reason: `"${durationText ?? ''}" is not a duration like 3:20` };
  return { number: numberText, at: new Date(instant).toISOString(), durationSeconds };
}

/** '3:20' → 200, '1:02:03' → 3723, '45' → 45; undefined when unreadable. */
function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+):)?(\d+):([0-5]\d)$|^(\d+)\s*s?$/i.exec(text);
  if (match === null) return undefined;
  const [, h, m, s, plain] = match;
  if (plain !== undefined) return Number(plain);
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
}

/**
 * Pasted call-log rows logged as call incidents, all in one transaction: either every readable row
 * is added or (on a failure) none is. Unreadable rows are reported and skipped, never guessed.
 */
export function addCallLogRows(
  vault: Vault,
  caseId: string,
  text: string,
  options: { preview?: boolean } = {},
): { added: number; rows: CallLogRow[]; problems: CallLogProblem[] } {
  const zone = vault.getCase(caseId).timezone;
  const { rows, problems } = parseCallLogRows(text, zone);
  if (options.preview === true || rows.length === 0) return { added: 0, rows, problems };
  vault.db.transaction(() => {
    for (const row of rows) {
      addIncident(vault, {
        caseId,
        kind: 'call',
        at: row.at,
        number: row.number,
        durationSeconds: row.durationSeconds ?? undefined,
      });
    }
  })();
  return { added: rows.length, rows, problems };
}
