// How often and when a counterparty got in touch. Computed in SQL over the events' indexes rather
// than from the full timeline, so a case of 100,000 entries answers in milliseconds.
import type { Database } from '../db/types';
import { formatInstantInZone } from '../time/zoned-time';
import { readCaseTimezone } from './case-zone';
import { prepareCached } from '../db/statement-cache';
import {
  createLocalDayResolver,
  dayFromNumber,
  localDaySql,
  quarterHourSql,
  readSteadyOffset,
} from '../time/local-day';
import { SAME_CALL_HIDDEN_SQL } from './same-call';

export interface CounterpartySummary {
  counterpartyId: string;
  contacts: number;
  firstContact: string | null;
  lastContact: string | null;
  /** The local day with the most contacts (the earliest such day on a tie). */
  peakDay: { day: string; contacts: number } | null;
  thirdPartyContacts: number;
}

export const CONTACT_KINDS: readonly string[] = ['call', 'message', 'visit', 'threat', 'post'];

/**
 * The senders the user tied to the harasser (people/): names as chats write them, and e-mail
 * addresses and handles compared in lower case without '@', as the people index compares them.
 * They count for the case's own counterparty, so "Who got in touch" merges the harasser's number,
 * handle and e-mail once the user ties them together. Parameters: caseId, personId, caseId, personId.
 */
const TIED_SENDERS = `(SELECT value FROM person_identifiers WHERE case_id = ? AND person_id = ? AND kind = 'chat-name'
  UNION SELECT lower(ltrim(trim(value), '@')) FROM person_identifiers
    WHERE case_id = ? AND person_id = ? AND kind IN ('email', 'handle'))`;

/** The person whose tied senders count for a counterparty: the harasser, for the case's own. */
function tiedPersonFor(caseId: string, counterpartyId: string): string {
  return counterpartyId === `case-${caseId}` ? `harasser-${caseId}` : '';
}

/**
 * SQL (for an `events e` row) true when the event belongs to the counterparty: the one recorded on
 * it, else the owner of its number, else the owner of its handle, else (for the case's own
 * counterparty) a sender the user tied to the harasser — the order the timeline uses.
 * Parameters: counterpartyParams.
 */
export const COUNTERPARTY_CONDITION = `(e.counterparty_id = ? OR (e.counterparty_id IS NULL AND (
  e.number_e164 IN (SELECT value FROM counterparty_identifiers WHERE case_id = ? AND kind = 'number' AND counterparty_id = ?)
  OR ((e.actor IN (SELECT value FROM counterparty_identifiers WHERE case_id = ? AND kind = 'handle' AND counterparty_id = ?)
       OR e.actor IN ${TIED_SENDERS})
      AND (e.number_e164 IS NULL OR e.number_e164 NOT IN
        (SELECT value FROM counterparty_identifiers WHERE case_id = ? AND kind = 'number'))))))`;

export function counterpartyParams(caseId: string, counterpartyId: string): string[] {
  const person = tiedPersonFor(caseId, counterpartyId);
  return [
    counterpartyId,
    caseId,
    counterpartyId,
    caseId,
    counterpartyId,
    caseId,
    person,
    caseId,
    person,
    caseId,
  ];
}

/**
 * The summary query; exported so a test can check its plan. Four index-driven parts (recorded on
 * the event, by number, by handle, by a sender tied to the harasser) instead of one OR, which SQLite would answer by reading the case.
 */
// A typed call the phone's call log also holds counts once, as the timeline shows it. Its mark is
// in the row's details, which the index does not hold, so each part names its index: left to
// itself SQLite would read every event of the case of that kind instead of one contact's.
const ONCE = SAME_CALL_HIDDEN_SQL.replace(/\bt\./g, '');

export function buildSummaryQuery(
  caseId: string,
  counterpartyId: string,
): { sql: string; params: string[] } {
  const kinds = CONTACT_KINDS.map(() => '?').join(', ');
  const person = tiedPersonFor(caseId, counterpartyId);
  const owned = (kind: 'number' | 'handle') =>
    `(SELECT value FROM counterparty_identifiers WHERE case_id = ? AND kind = '${kind}' AND counterparty_id = ?)`;
  return {
    sql: `SELECT occurred_at AS at, third_party AS third FROM events INDEXED BY events_by_counterparty
            WHERE counterparty_id = ? AND case_id = ? AND kind IN (${kinds}) AND ${ONCE}
          UNION ALL
          SELECT occurred_at, third_party FROM events INDEXED BY events_by_contact
            WHERE case_id = ? AND number_e164 IN ${owned('number')} AND counterparty_id IS NULL
              AND kind IN (${kinds}) AND ${ONCE}
          UNION ALL
          SELECT occurred_at, third_party FROM events INDEXED BY events_by_contact
            WHERE case_id = ? AND actor IN ${owned('handle')} AND counterparty_id IS NULL
              AND kind IN (${kinds}) AND ${ONCE} AND (number_e164 IS NULL OR number_e164 NOT IN
                (SELECT value FROM counterparty_identifiers WHERE case_id = ? AND kind = 'number'))
          UNION ALL
          SELECT occurred_at, third_party FROM events INDEXED BY events_by_contact
            WHERE case_id = ? AND actor IN ${TIED_SENDERS} AND counterparty_id IS NULL
              AND kind IN (${kinds}) AND ${ONCE} AND actor NOT IN ${owned('handle')}
              AND (number_e164 IS NULL OR number_e164 NOT IN
                (SELECT value FROM counterparty_identifiers WHERE case_id = ? AND kind = 'number'))
`,
    params: [
      counterpartyId,
      caseId,
      ...CONTACT_KINDS,
      caseId,
      caseId,
      counterpartyId,
      ...CONTACT_KINDS,
      caseId,
      caseId,
      counterpartyId,
      ...CONTACT_KINDS,
      caseId,
      caseId,
      caseId,
      person,
      caseId,
      person,
      ...CONTACT_KINDS,
      caseId,
      counterpartyId,
      caseId,
    ],
  };
}

/** How often and when a counterparty got in touch, on the case's clock. */
export function summariseCounterparty(
  db: Database,
  caseId: string,
  counterpartyId: string,
): CounterpartySummary {
  const timeZone = readCaseTimezone(db, caseId);
  const query = buildSummaryQuery(caseId, counterpartyId);
  // Counted per day in SQL: a few hundred rows back instead of one per contact. When the zone keeps
  // one offset over the whole case, SQL finds the local day itself; else per UTC quarter hour.
  const span = prepareCached<[string], { first: string | null; last: string | null }>(
    db,
    'SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM events WHERE case_id = ?',
  ).get(caseId);
  const offset =
    span?.first == null || span.last == null
      ? null
      : readSteadyOffset(Date.parse(span.first), Date.parse(span.last), timeZone);
  const bucket = offset === null ? quarterHourSql('at') : localDaySql('at', offset);
  const rows = prepareCached<
    string[],
    { bucket: string | number; n: number; third: number; first: string; last: string }
  >(
    db,
    `SELECT ${bucket} AS bucket, count(*) AS n, sum(third) AS third, min(at) AS first,
       max(at) AS last FROM (${query.sql}) GROUP BY bucket`,
  ).all(...query.params);
  const dayOf = createLocalDayResolver(timeZone);
  const perDay = new Map<string, number>();
  let contacts = 0;
  let thirdPartyContacts = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (const row of rows) {
    const day =
      offset === null ? dayOf(Date.parse(`${String(row.bucket)}:00Z`)) : dayFromNumber(row.bucket);
    perDay.set(day, (perDay.get(day) ?? 0) + row.n);
    contacts += row.n;
    thirdPartyContacts += row.third;
    if (first === null || row.first < first) first = row.first;
    if (last === null || row.last > last) last = row.last;
  }
  let peakDay: CounterpartySummary['peakDay'] = null;
  for (const [day, contacts] of [...perDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (peakDay === null || contacts > peakDay.contacts) peakDay = { day, contacts };
  }
  return {
    counterpartyId,
    contacts,
    firstContact: first === null ? null : formatInstantInZone(first, timeZone),
    lastContact: last === null ? null : formatInstantInZone(last, timeZone),
    peakDay,
    thirdPartyContacts,
  };
}
