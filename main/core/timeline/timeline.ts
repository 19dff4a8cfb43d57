// One case's timeline: events (messages, calls, visits, notes) and evidence (by when it was
// captured), in order, with the RBI rules each entry appears to break. Times are shown on the case's
// clock; nothing here depends on the machine's own time zone.
import { z } from 'zod';
import { SakshyaError } from '../../../shared/errors';
import type { Database } from '../db/types';
import {
  formatInstantInZone,
  formatWallTime,
  instantToWallTime,
  parseUserTime,
  parseWallTime,
  wallToInstantMs,
} from '../time/zoned-time';
import { readCaseTimezone } from './case-zone';
import { computeFlags, loadRecoveryConductRules, type Flag, type RuleSet } from './flags';

export { readCaseTimezone };

export const EVIDENCE_ENTRY_KINDS = ['screenshot', 'photo', 'document', 'audio', 'video'] as const;

/** A flag with the user's dismissal of it, if they set it aside. */
export type TimelineFlag = Flag & { dismissal: { reason: string; dismissedAt: string } | null };

export interface TimelineEntry {
  id: string;
  source: 'event' | 'evidence';
  kind: string;
  /** UTC ISO 8601. */
  occurredAt: string;
  /** The same instant on the case's clock, with its offset: '2024-05-12T21:15:00+05:30'. */
  occurredAtLocal: string;
  actor: string | null;
  number: string | null;
  text: string;
  evidenceIds: string[];
  counterpartyId: string | null;
  thirdParty: boolean;
  durationSeconds: number | null;
  flags: TimelineFlag[];
  /** Pass as `after` (or `before`) to read the next (or previous) page. */
  cursor: string;
}

export interface TimelineQuery {
  caseId: string;
  /** A local date ('2024-05-12', from its start) or an ISO 8601 time; no zone means the case's. */
  from?: string;
  /** A local date (to its end, inclusive) or an ISO 8601 time (exclusive). */
  to?: string;
  search?: string;
  kinds?: readonly string[];
  counterpartyId?: string;
  /** Only entries with a flag the user has not dismissed. */
  flaggedOnly?: boolean;
  limit?: number;
  before?: string;
  after?: string;
  /** Rule versions not in force by then are ignored; defaults to now. */
  asOf?: string;
  rules?: RuleSet;
}

interface EventRow {
  id: string;
  kind: string;
  occurred_at: string;
  actor: string | null;
  number: string | null;
  text: string;
  details: string;
  number_e164: string | null;
  duration_seconds: number | null;
  direction: 'incoming' | 'outgoing' | null;
  third_party: number;
  counterparty_id: string | null;
}

interface EvidenceRow {
  id: string;
  original_name: string;
  media_type: string;
  captured_at: string | null;
  imported_at: string;
  provenance: string;
  notes: string;
}

export const RECOVERY_KINDS: ReadonlySet<string> = new Set([
  'lender',
  'recovery-agent',
  'loan-app',
]);
const DetailsSchema = z.object({ source: z.string().optional() }).loose();
const ProvenanceFromSchema = z.object({ from: z.string().optional() }).loose();

/** The SQL and parameters for a case's events; exported so a test can check its query plan. */
export function buildEventQuery(
  caseId: string,
  range: { fromIso: string | null; toIso: string | null },
  match: string | null,
): { sql: string; params: string[] } {
  const where = ['case_id = ?'];
  const params = [caseId];
  if (range.fromIso !== null) {
    where.push('occurred_at >= ?');
    params.push(range.fromIso);
  }
  if (range.toIso !== null) {
    where.push('occurred_at < ?');
    params.push(range.toIso);
  }
  if (match !== null) {
    where.push(`id IN (SELECT d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
      WHERE timeline_fts MATCH ? AND d.source = 'event' AND d.case_id = ?)`);
    params.push(match, caseId);
  }
  return {
    sql: `SELECT id, kind, occurred_at, actor, number, text, details, number_e164, duration_seconds, direction,
            third_party, counterparty_id
          FROM events WHERE ${where.join(' AND ')} ORDER BY occurred_at, rowid`,
    params,
  };
}

/** The case's timeline, oldest first. */
export function listTimeline(db: Database, query: TimelineQuery): TimelineEntry[] {
  const timeZone = readCaseTimezone(db, query.caseId);
  const rules = query.rules ?? loadRecoveryConductRules();
  const asOf = query.asOf ?? new Date().toISOString();
  const range = {
    fromIso: query.from === undefined ? null : parseBound(query.from, timeZone, 'start'),
    toIso: query.to === undefined ? null : parseBound(query.to, timeZone, 'end'),
  };
  const match =
    query.search === undefined || query.search.trim() === '' ? null : toFtsQuery(query.search);
  const identity = loadIdentities(db, query.caseId);
  const dismissals = loadDismissals(db, query.caseId);
  const links = loadEvidenceLinks(db, query.caseId);

  const eventQuery = buildEventQuery(query.caseId, range, match);
  const events = db.prepare<string[], EventRow>(eventQuery.sql).all(...eventQuery.params);
  const entries: TimelineEntry[] = events.map((row) => {
    const counterpartyId =
      row.counterparty_id ??
      (row.number_e164 === null ? undefined : identity.byNumber.get(row.number_e164)) ??
      (row.actor === null ? undefined : identity.byHandle.get(row.actor)) ??
      null;
    const details = DetailsSchema.safeParse(JSON.parse(row.details));
    const loggedIncident = details.success && details.data.source === 'incident';
    const fromRecoveryParty =
      loggedIncident ||
      (counterpartyId !== null && RECOVERY_KINDS.has(identity.kinds.get(counterpartyId) ?? ''));
    const flags = computeFlags(
      {
        kind: row.kind,
        occurredAt: row.occurred_at,
        direction: row.direction,
        thirdParty: row.third_party === 1,
        fromRecoveryParty,
      },
      timeZone,
      rules,
      asOf,
    ).map((flag) => ({
      ...flag,
      dismissal: dismissals.get(`${row.id}\u0000${flag.ruleId}`) ?? null,
    }));
    return {
      id: row.id,
      source: 'event',
      kind: row.kind,
      occurredAt: new Date(row.occurred_at).toISOString(),
      occurredAtLocal: formatInstantInZone(row.occurred_at, timeZone),
      actor: row.actor,
      number: row.number_e164 ?? row.number,
      text: row.text,
      evidenceIds: links.get(row.id) ?? [],
      counterpartyId,
      thirdParty: row.third_party === 1,
      durationSeconds: row.duration_seconds,
      flags,
      cursor: '',
    };
  });
  entries.push(...listEvidenceEntries(db, query.caseId, range, match, timeZone));

  const kinds = query.kinds === undefined ? null : new Set(query.kinds);
  let result = entries
    .map((entry) => ({ ...entry, cursor: `${entry.occurredAt}|${entry.source}|${entry.id}` }))
    .filter((entry) => kinds === null || kinds.has(entry.kind))
    .filter(
      (entry) =>
        query.counterpartyId === undefined || entry.counterpartyId === query.counterpartyId,
    )
    .filter(
      (entry) => query.flaggedOnly !== true || entry.flags.some((flag) => flag.dismissal === null),
    )
    .sort((a, b) => (a.cursor < b.cursor ? -1 : a.cursor > b.cursor ? 1 : 0));
  if (query.after !== undefined) {
    const after = query.after;
    result = result.filter((entry) => entry.cursor > after);
  }
  if (query.before !== undefined) {
    const before = query.before;
    result = result.filter((entry) => entry.cursor < before);
    // Paging backwards keeps the entries nearest the cursor.
    if (query.limit !== undefined) return result.slice(Math.max(0, result.length - query.limit));
  }
  return query.limit === undefined ? result : result.slice(0, query.limit);
}

/** Entries grouped by the calendar day they happened on in `timeZone`, days in order. */
export function groupByLocalDay(
  entries: readonly TimelineEntry[],
  timeZone: string,
): { day: string; entries: TimelineEntry[] }[] {
  const days = new Map<string, TimelineEntry[]>();
  for (const entry of entries) {
    const day = formatWallTime(instantToWallTime(Date.parse(entry.occurredAt), timeZone)).slice(
      0,
      10,
    );
    const list = days.get(day) ?? [];
    list.push(entry);
    days.set(day, list);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, list]) => ({ day, entries: list }));
}

export { summariseCounterparty, type CounterpartySummary } from './counterparty-summary';

/**
 * The user's words as an FTS5 query that can only mean "all of these words": each word becomes a
 * quoted phrase (inner quotes doubled) with a prefix match, so operators such as NEAR, AND, '*' or
 * column filters typed by the user are searched for as text, never run as syntax.
 */
export function toFtsQuery(search: string): string {
  return search
    .trim()
    .split(/\s+/u)
    .filter((word) => word !== '')
    .map((word) => `"${word.replaceAll('"', '""')}"*`)
    .join(' ');
}

export function parseBound(text: string, timeZone: string, side: 'start' | 'end'): string {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const wall = parseWallTime(`${trimmed}T00:00:00`);
    if (wall === null) throw new SakshyaError('INVALID_INPUT', `${trimmed} is not a date.`);
    const start = wallToInstantMs(wall, timeZone);
    if (side === 'start') return new Date(start).toISOString();
    // The end of a local day is the start of the next one, found on the calendar, not by adding 24 h.
    const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
    const nextWall = {
      ...wall,
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
    };
    return new Date(wallToInstantMs(nextWall, timeZone)).toISOString();
  }
  return parseUserTime(trimmed, timeZone).utc;
}

export function loadIdentities(
  db: Database,
  caseId: string,
): { byNumber: Map<string, string>; byHandle: Map<string, string>; kinds: Map<string, string> } {
  const byNumber = new Map<string, string>();
  const byHandle = new Map<string, string>();
  const rows = db
    .prepare<[string], { counterparty_id: string; kind: string; value: string }>(
      'SELECT counterparty_id, kind, value FROM counterparty_identifiers WHERE case_id = ?',
    )
    .all(caseId);
  for (const row of rows)
    (row.kind === 'number' ? byNumber : byHandle).set(row.value, row.counterparty_id);
  const kinds = new Map(
    db
      .prepare<[string], { id: string; kind: string }>(
        'SELECT id, kind FROM counterparties WHERE case_id = ?',
      )
      .all(caseId)
      .map((row) => [row.id, row.kind] as const),
  );
  return { byNumber, byHandle, kinds };
}

function loadDismissals(
  db: Database,
  caseId: string,
): Map<string, { reason: string; dismissedAt: string }> {
  const rows = db
    .prepare<[string], { event_id: string; rule_id: string; reason: string; dismissed_at: string }>(
      `SELECT f.event_id, f.rule_id, f.reason, f.dismissed_at FROM flag_dismissals f
       JOIN events e ON e.id = f.event_id WHERE e.case_id = ?`,
    )
    .all(caseId);
  return new Map(
    rows.map((row) => [
      `${row.event_id}\u0000${row.rule_id}`,
      { reason: row.reason, dismissedAt: row.dismissed_at },
    ]),
  );
}

function loadEvidenceLinks(db: Database, caseId: string): Map<string, string[]> {
  const links = new Map<string, string[]>();
  const rows = db
    .prepare<[string], { event_id: string; evidence_id: string }>(
      `SELECT l.event_id, l.evidence_id FROM event_evidence l JOIN events e ON e.id = l.event_id
       WHERE e.case_id = ? ORDER BY l.rowid`,
    )
    .all(caseId);
  for (const row of rows)
    links.set(row.event_id, [...(links.get(row.event_id) ?? []), row.evidence_id]);
  return links;
}

function listEvidenceEntries(
  db: Database,
  caseId: string,
  range: { fromIso: string | null; toIso: string | null },
  match: string | null,
  timeZone: string,
): TimelineEntry[] {
  const where = ['case_id = ?'];
  const params = [caseId];
  // Evidence with no known capture time is placed at its import, the only time known for it.
  if (range.fromIso !== null) {
    where.push('coalesce(captured_at, imported_at) >= ?');
    params.push(range.fromIso);
  }
  if (range.toIso !== null) {
    where.push('coalesce(captured_at, imported_at) < ?');
    params.push(range.toIso);
  }
  if (match !== null) {
    where.push(`id IN (SELECT d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
      WHERE timeline_fts MATCH ? AND d.source = 'evidence' AND d.case_id = ?)`);
    params.push(match, caseId);
  }
  return db
    .prepare<string[], EvidenceRow>(
      `SELECT id, original_name, media_type, captured_at, imported_at, provenance, notes FROM evidence
       WHERE ${where.join(' AND ')}`,
    )
    .all(...params)
    .map((row) => {
      const at = row.captured_at ?? row.imported_at;
      const provenance = ProvenanceFromSchema.safeParse(JSON.parse(row.provenance));
      const from = provenance.success ? (provenance.data.from ?? '') : '';
      return {
        id: row.id,
        source: 'evidence' as const,
        kind: classifyEvidence(row.media_type, row.original_name),
        occurredAt: new Date(at).toISOString(),
        occurredAtLocal: formatInstantInZone(at, timeZone),
        actor: from === '' ? null : from,
        number: null,
        text: row.notes === '' ? row.original_name : `${row.original_name}: ${row.notes}`,
        evidenceIds: [row.id],
        counterpartyId: null,
        thirdParty: false,
        durationSeconds: null,
        flags: [],
        cursor: '',
      };
    });
}

/** What kind of evidence a file is, from its sniffed media type and, for images, its name. */
export function classifyEvidence(
  mediaType: string,
  name: string,
): (typeof EVIDENCE_ENTRY_KINDS)[number] {
  if (mediaType.startsWith('image/'))
    return /screen ?shot|^scr_|^screen/i.test(name) ? 'screenshot' : 'photo';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/')) return 'video';
  return 'document';
}
