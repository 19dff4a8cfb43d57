// The one timeline builder. The app reads it a page at a time (around a date, or before or after a
// cursor); the CLI, export and drafts walk the whole of it through listTimeline, which reads the
// same pages, so the screen and the bundle cannot drift apart. Each source (events, evidence with a capture time, evidence placed
// at its import) is read in order from its own index with a LIMIT, and the three are merged, so a
// page of 200 costs the same whether the case holds a hundred entries or a hundred thousand.
import { z } from 'zod';
import { SakshyaError } from '../../../shared/errors';
import type { Database } from '../db/types';
import { COUNTERPARTY_CONDITION, counterpartyParams } from './counterparty-summary';
import { computeFlags, loadRecoveryConductRules, type RuleSet } from './flags';
import { prepareCached } from '../db/statement-cache';
import { findHighlights, splitSearchTerms, type TextRange } from './highlight';
import { formatLocalInstant } from '../time/local-day';
import { readCaseTimezone } from './case-zone';
import type { FlagHint } from '../../../shared/contract/people';
import { explainMissingFlags } from '../people/flag-hint';
import {
  describeMessageContact,
  loadPeopleIndex,
  type PeopleIndex,
  type SenderTie,
} from '../people/people-index';
import { describeCallContact, PHONE_LOG_SOURCE } from '../people/call-contact';
import { SAME_CALL_HIDDEN_SQL } from './same-call';
import {
  EVIDENCE_ENTRY_KINDS,
  loadIdentities,
  parseBound,
  RECOVERY_KINDS,
  toFtsQuery,
  type TimelineEntry,
  type TimelineFlag,
  readEntryChannel,
} from './timeline-entry';
import { loadDismissals, loadEvidenceLinks, placeholders } from './event-annotations';
import {
  admitsProposed,
  PROPOSED_COLUMNS,
  PROPOSED_SOURCE,
  toProposedEntry,
  type ProposedRow,
} from './proposed-entries';

export interface TimelineFilters {
  caseId: string;
  /** A local date ('2024-05-12', from its start) or an ISO 8601 time; no zone means the case's. */
  from?: string;
  /** A local date (to its end, inclusive) or an ISO 8601 time (exclusive). */
  to?: string;
  search?: string;
  kinds?: readonly string[];
  counterpartyId?: string;
  /** Evidence carrying this tag (events have no tags, so they drop out). */
  tag?: string;
  /** Only entries with a flag the user has not dismissed. */
  flaggedOnly?: boolean;
  /**
   * Also messages read from screenshots and not yet confirmed, marked 'proposed' (the app's pages
   * only; proposed-entries.ts).
   */
  withProposed?: boolean;
}

export interface TimelinePageQuery extends TimelineFilters {
  /** Centre the page on this local date or time; ignored when a cursor is given. */
  around?: string;
  before?: string;
  after?: string;
  /** Entries per page; 200 by default. */
  limit?: number;
  asOf?: string;
  rules?: RuleSet;
}

export type TimelinePageEntry = TimelineEntry & { highlights: TextRange[] };

export interface TimelinePage {
  timezone: string;
  entries: TimelinePageEntry[];
  /** True when older (newer) entries exist beyond this page. */
  hasBefore: boolean;
  hasAfter: boolean;
  /**
   * On a page asked for without a cursor: why the case shows no flags when the user can fix it
   * ("No messages are tied to the harasser yet"), else null. Absent on pages read by cursor.
   */
  flagHint?: FlagHint | null;
}

type Source = TimelineEntry['source'];
export type Direction = 'after' | 'before';
export interface Bound {
  at: string;
  source: string;
  id: string;
}

export interface SourceSpec {
  source: Source;
  table: 'events' | 'evidence' | 'screenshot_messages';
  at: string;
  extra: string | null;
}

/** Evidence kinds in SQL, mirroring classifyEvidence (a test checks they agree). */
export const EVIDENCE_KIND_SQL = `CASE
  WHEN t.media_type LIKE 'image/%' THEN CASE
    WHEN t.original_name LIKE '%screenshot%' OR t.original_name LIKE '%screen shot%'
      OR t.original_name LIKE 'scr\\_%' ESCAPE '\\' OR t.original_name LIKE 'screen%' THEN 'screenshot'
    ELSE 'photo' END
  WHEN t.media_type LIKE 'audio/%' THEN 'audio'
  WHEN t.media_type LIKE 'video/%' THEN 'video'
  ELSE 'document' END`;

export const TIMELINE_SOURCES: readonly SourceSpec[] = [
  { source: 'event', table: 'events', at: 'occurred_at', extra: null },
  { source: 'evidence', table: 'evidence', at: 'captured_at', extra: 'captured_at IS NOT NULL' },
  // Evidence with no known capture time is placed at its import, the only time known for it.
  { source: 'evidence', table: 'evidence', at: 'imported_at', extra: 'captured_at IS NULL' },
  PROPOSED_SOURCE,
];

const EVENT_COLUMNS = `t.id, t.kind, t.occurred_at AS at, t.actor, t.number, t.text, t.details,
  t.number_e164, t.duration_seconds, t.direction, t.third_party, t.counterparty_id`;
const EVIDENCE_COLUMNS = `t.id, ${EVIDENCE_KIND_SQL} AS kind, coalesce(t.captured_at, t.imported_at) AS at,
  t.original_name, t.provenance, t.notes`;

interface EventRow {
  id: string;
  kind: string;
  at: string;
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
  kind: string;
  at: string;
  original_name: string;
  provenance: string;
  notes: string;
}

type Row =
  | ({ source: 'event' } & EventRow)
  | ({ source: 'evidence' } & EvidenceRow)
  | ({ source: 'proposed' } & ProposedRow);

const DEFAULT_LIMIT = 200;
const DetailsSchema = z
  .object({
    source: z.string().optional(),
    chatEvidenceId: z.string().optional(),
    channel: z.string().optional(),
  })
  .loose();
const ProvenanceFromSchema = z.object({ from: z.string().optional() }).loose();
const EVIDENCE_KINDS = new Set<string>(EVIDENCE_ENTRY_KINDS);

export interface Context {
  db: Database;
  filters: TimelineFilters;
  timeZone: string;
  range: { fromIso: string | null; toIso: string | null };
  /** Matches of the search per source, gathered once per request; null without a search. */
  matches: { event: number; evidence: number } | null;
  terms: string[];
  rules: RuleSet;
  asOf: string;
  identity: ReturnType<typeof loadIdentities>;
  /** Who each message's sender is (people/people-index.ts), for the flags on messages. */
  people: PeopleIndex;
  /** Kinds that can carry a flag under the rules in use; flagged-only narrows to these in SQL. */
  flaggableKinds: string[];
}

export function createTimelineContext(
  db: Database,
  filters: TimelineFilters,
  options: { asOf?: string; rules?: RuleSet },
): Context {
  const timeZone = readCaseTimezone(db, filters.caseId);
  const rules = options.rules ?? loadRecoveryConductRules();
  const search = filters.search?.trim() ?? '';
  const flaggable = new Set<string>();
  for (const rule of rules.rules)
    for (const version of rule.versions) for (const kind of version.covers) flaggable.add(kind);
  return {
    db,
    filters,
    timeZone,
    range: {
      fromIso: filters.from === undefined ? null : parseBound(filters.from, timeZone, 'start'),
      toIso: filters.to === undefined ? null : parseBound(filters.to, timeZone, 'end'),
    },
    matches: search === '' ? null : gatherMatches(db, filters.caseId, toFtsQuery(search)),
    terms: splitSearchTerms(search),
    rules,
    asOf: options.asOf ?? new Date().toISOString(),
    identity: loadIdentities(db, filters.caseId),
    people: loadPeopleIndex(db, filters.caseId),
    flaggableKinds: [...flaggable],
  };
}

/** Above this many matches in a source, walking it by time beats sorting the matches. */
const MATCH_DRIVEN_LIMIT = 2000;

/**
 * The search's matches in this case, into a temporary table (row keys only, no text) that every
 * statement of the request then joins, so the index is searched once per request, not per query.
 */
function gatherMatches(
  db: Database,
  caseId: string,
  match: string,
): { event: number; evidence: number } {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS timeline_matches (
    source TEXT NOT NULL, source_id TEXT NOT NULL, PRIMARY KEY (source, source_id)) WITHOUT ROWID`);
  prepareCached<[]>(db, 'DELETE FROM temp.timeline_matches').run();
  prepareCached<[string, string]>(
    db,
    `INSERT OR IGNORE INTO temp.timeline_matches (source, source_id)
     SELECT d.source, d.source_id FROM timeline_fts f JOIN timeline_fts_docs d ON d.doc = f.rowid
     WHERE timeline_fts MATCH ? AND d.case_id = ?`,
  ).run(match, caseId);
  const counts = { event: 0, evidence: 0 };
  const rows = prepareCached<[], { source: 'event' | 'evidence'; n: number }>(
    db,
    'SELECT source, count(*) AS n FROM temp.timeline_matches GROUP BY source',
  ).all();
  for (const row of rows) counts[row.source] = row.n;
  return counts;
}

/**
 * The FROM and WHERE of one source under the filters (the source's table is `t`), or null when no
 * entry of it can match. With a search, few matches are found by key and sorted; many are met
 * while walking the source by time.
 */
export function buildSourceWhere(
  spec: SourceSpec,
  context: Pick<Context, 'filters' | 'range' | 'matches' | 'flaggableKinds'>,
): { from: string; conditions: string[]; params: string[] } | null {
  const { filters, range, matches } = context;
  const conditions: string[] = [];
  const params: string[] = [];
  let from = `${spec.table} AS t`;
  if (spec.source === 'proposed') {
    if (!admitsProposed(filters, matches !== null)) return null;
  } else if (matches !== null) {
    const count = matches[spec.source];
    if (count === 0) return null;
    if (count <= MATCH_DRIVEN_LIMIT) {
      // CROSS JOIN fixes the order: the matches first, then each row by its key.
      from = `temp.timeline_matches m CROSS JOIN ${spec.table} AS t`;
      conditions.push(`m.source = '${spec.source}'`, 't.id = m.source_id');
    } else {
      conditions.push(
        `t.id IN (SELECT source_id FROM temp.timeline_matches WHERE source = '${spec.source}')`,
      );
    }
  }
  conditions.push('t.case_id = ?');
  params.push(filters.caseId);
  if (spec.extra !== null) conditions.push(`t.${spec.extra}`);
  if (range.fromIso !== null) {
    conditions.push(`t.${spec.at} >= ?`);
    params.push(range.fromIso);
  }
  if (range.toIso !== null) {
    conditions.push(`t.${spec.at} < ?`);
    params.push(range.toIso);
  }
  if (spec.source === 'proposed') return { from, conditions, params };
  const isEvent = spec.source === 'event';
  if (filters.kinds !== undefined) {
    const kinds = filters.kinds.filter((kind) => EVIDENCE_KINDS.has(kind) !== isEvent);
    if (kinds.length === 0) return null;
    conditions.push(`${isEvent ? 't.kind' : EVIDENCE_KIND_SQL} IN (${placeholders(kinds.length)})`);
    params.push(...kinds);
  }
  if (isEvent) {
    if (filters.tag !== undefined) return null;
    // A typed call the phone's call log also holds is shown once, as the call log's (same-call.ts).
    conditions.push(SAME_CALL_HIDDEN_SQL);
    if (filters.counterpartyId !== undefined) {
      conditions.push(COUNTERPARTY_CONDITION.replace(/\be\./g, 't.'));
      params.push(...counterpartyParams(filters.caseId, filters.counterpartyId));
    }
    if (filters.flaggedOnly === true) {
      const kinds = context.flaggableKinds;
      conditions.push(`(t.kind IN (${placeholders(kinds.length)}) OR t.third_party = 1)`);
      params.push(...kinds);
    }
  } else {
    if (filters.counterpartyId !== undefined || filters.flaggedOnly === true) return null;
    if (filters.tag !== undefined) {
      conditions.push('EXISTS (SELECT 1 FROM json_each(t.tags) WHERE json_each.value = ?)');
      params.push(filters.tag);
    }
  }
  return { from, conditions, params };
}

/** One source's rows past `bound` in `direction`, nearest first; exported for the plan test. */
export function buildPageQuery(
  spec: SourceSpec,
  context: Pick<Context, 'filters' | 'range' | 'matches' | 'flaggableKinds'>,
  direction: Direction,
  bound: Bound | null,
  limit: number,
): { sql: string; params: (string | number)[] } | null {
  const where = buildSourceWhere(spec, context);
  if (where === null) return null;
  const conditions = [...where.conditions];
  const params: (string | number)[] = [...where.params];
  const [cmp, cmpOrEqual, order] = direction === 'after' ? ['>', '>=', 'ASC'] : ['<', '<=', 'DESC'];
  const at = `t.${spec.at}`;
  if (bound !== null) {
    // The page order is (time, source, id): past the bound is a later time, or the same time and
    // a source (then id) further along.
    const sourceAhead =
      direction === 'after' ? spec.source > bound.source : spec.source < bound.source;
    if (spec.source === bound.source) {
      conditions.push(`${at} ${cmpOrEqual} ? AND (${at} ${cmp} ? OR t.id ${cmp} ?)`);
      params.push(bound.at, bound.at, bound.id);
    } else {
      conditions.push(`${at} ${sourceAhead ? cmpOrEqual : cmp} ?`);
      params.push(bound.at);
    }
  }
  const columns =
    spec.source === 'event'
      ? EVENT_COLUMNS
      : spec.source === 'proposed'
        ? PROPOSED_COLUMNS
        : EVIDENCE_COLUMNS;
  params.push(limit);
  return {
    sql: `SELECT ${columns} FROM ${where.from} WHERE ${conditions.join(' AND ')}
          ORDER BY ${at} ${order}, t.id ${order} LIMIT ?`,
    params,
  };
}

/** A page of the timeline, oldest first. */
export function listTimelinePage(db: Database, query: TimelinePageQuery): TimelinePage {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_LIMIT, 1), 1000);
  const context = createTimelineContext(db, query, query);
  const page = (entries: TimelinePageEntry[], hasBefore: boolean, hasAfter: boolean) => ({
    timezone: context.timeZone,
    entries,
    hasBefore,
    hasAfter,
    ...(query.after === undefined && query.before === undefined
      ? { flagHint: explainMissingFlags(db, query.caseId, undefined, context.people) }
      : {}),
  });
  if (query.after !== undefined) {
    const after = collectEntries(context, 'after', parseCursor(query.after), limit);
    return page(after.entries, true, after.more);
  }
  if (query.before !== undefined) {
    const before = collectEntries(context, 'before', parseCursor(query.before), limit);
    return page(before.entries.reverse(), before.more, true);
  }
  if (query.around === undefined) {
    const first = collectEntries(context, 'after', null, limit);
    return page(first.entries, false, first.more);
  }
  const centre = { at: parseBound(query.around, context.timeZone, 'start'), source: '', id: '' };
  let before = collectEntries(context, 'before', centre, Math.floor(limit / 2));
  const after = collectEntries(context, 'after', centre, limit - before.entries.length);
  if (after.entries.length < limit - before.entries.length && before.more) {
    before = collectEntries(context, 'before', centre, limit - after.entries.length);
  }
  return page([...before.entries.reverse(), ...after.entries], before.more, after.more);
}

export function parseCursor(cursor: string): Bound {
  const match = /^([^|]+)\|(event|evidence|proposed)\|(.+)$/.exec(cursor);
  if (match === null)
    throw new SakshyaError('INVALID_INPUT', 'The timeline position is not valid.');
  const [, at = '', source = '', id = ''] = match;
  return { at, source, id };
}

function compareRows(a: Row, b: Row): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Up to `limit` entries past `bound`, nearest first. Flagged-only is decided on the computed flags,
 * so batches are read until enough entries pass or the sources run out.
 */
export function collectEntries(
  context: Context,
  direction: Direction,
  start: Bound | null,
  limit: number,
): { entries: TimelinePageEntry[]; more: boolean } {
  const kept: TimelinePageEntry[] = [];
  if (limit <= 0) return { entries: kept, more: hasAny(context, direction, start) };
  const batchSize = context.filters.flaggedOnly === true ? Math.max(limit + 1, 500) : limit + 1;
  for (const entry of walkEntries(context, direction, start, batchSize)) {
    kept.push(entry);
    if (kept.length > limit) return { entries: kept.slice(0, limit), more: true };
  }
  return { entries: kept, more: false };
}

/**
 * Every entry past `start` in `direction`, nearest first, read `batchSize` rows at a time: the
 * page's own reads, so a walk of the whole case gives exactly the entries the pages show.
 */
export function* walkEntries(
  context: Context,
  direction: Direction,
  start: Bound | null,
  batchSize: number,
): Generator<TimelinePageEntry, void, undefined> {
  let bound = start;
  const postFilter = context.filters.flaggedOnly === true;
  for (;;) {
    const rows = readMerged(context, direction, bound, batchSize);
    for (const entry of toEntries(context, rows)) {
      if (postFilter && !entry.flags.some((flag) => flag.dismissal === null)) continue;
      yield entry;
    }
    const last = rows.at(-1);
    if (rows.length < batchSize || last === undefined) return;
    bound = { at: last.at, source: last.source, id: last.id };
  }
}

function hasAny(context: Context, direction: Direction, bound: Bound | null): boolean {
  return readMerged(context, direction, bound, 1).length > 0;
}

function readMerged(
  context: Context,
  direction: Direction,
  bound: Bound | null,
  limit: number,
): Row[] {
  const rows: Row[] = [];
  for (const spec of TIMELINE_SOURCES) {
    const query = buildPageQuery(spec, context, direction, bound, limit);
    if (query === null) continue;
    const found = prepareCached<(string | number)[], EventRow & EvidenceRow & ProposedRow>(
      context.db,
      query.sql,
    ).all(...query.params);
    for (const row of found) rows.push({ ...row, source: spec.source });
  }
  rows.sort(direction === 'after' ? compareRows : (a, b) => compareRows(b, a));
  return rows.slice(0, limit);
}

function toEntries(context: Context, rows: readonly Row[]): TimelinePageEntry[] {
  const eventIds = rows.filter((row) => row.source === 'event').map((row) => row.id);
  const dismissals = loadDismissals(context.db, eventIds);
  const links = loadEvidenceLinks(context.db, eventIds);
  return rows.map((row) => {
    const base =
      row.source === 'event'
        ? toEventEntry(context, row, dismissals, links.get(row.id) ?? [])
        : row.source === 'proposed'
          ? toProposedEntry(row)
          : toEvidenceEntry(row);
    return {
      ...base,
      occurredAt: new Date(row.at).toISOString(),
      occurredAtLocal: formatLocalInstant(Date.parse(row.at), context.timeZone),
      cursor: `${row.at}|${row.source}|${row.id}`,
      highlights: findHighlights(base.text, context.terms),
    };
  });
}

type EntryBody = Omit<TimelineEntry, 'occurredAt' | 'occurredAtLocal' | 'cursor'>;

function toEventEntry(
  context: Context,
  row: EventRow,
  dismissals: Map<string, TimelineFlag['dismissal']>,
  evidenceIds: string[],
): EntryBody {
  const { identity } = context;
  const counterpartyId =
    row.counterparty_id ??
    (row.number_e164 === null ? undefined : identity.byNumber.get(row.number_e164)) ??
    (row.actor === null ? undefined : identity.byHandle.get(row.actor)) ??
    null;
  const parsed = DetailsSchema.safeParse(JSON.parse(row.details));
  const details = parsed.success ? parsed.data : {};
  // A message's sender is tied to a person (or not): that decides whether the rules apply to it,
  // whether it reached a relative on their phone, and whether the phone's owner wrote it.
  const contact =
    row.kind === 'message'
      ? describeMessageContact(context.people, row.actor, details.chatEvidenceId ?? null)
      : null;
  const groupedUnderRecovery =
    counterpartyId !== null && RECOVERY_KINDS.has(identity.kinds.get(counterpartyId) ?? '');
  // A call from the phone's own log is judged by whose number it is (people/call-contact.ts).
  const call =
    row.kind === 'call' && details.source === PHONE_LOG_SOURCE
      ? describeCallContact(context.people, row.number_e164 ?? row.number, groupedUnderRecovery)
      : null;
  const fromRecoveryParty =
    call !== null
      ? call.fromRecoveryParty
      : details.source === 'incident' ||
        groupedUnderRecovery ||
        contact?.fromRecoveryParty === true;
  const thirdParty = row.third_party === 1 || contact?.thirdParty === true;
  const flags = computeFlags(
    {
      kind: row.kind,
      occurredAt: row.at,
      direction: row.direction ?? contact?.direction ?? null,
      thirdParty,
      fromRecoveryParty,
    },
    context.timeZone,
    context.rules,
    context.asOf,
  ).map((flag) => ({
    ...flag,
    dismissal: dismissals.get(`${row.id}\u0000${flag.ruleId}`) ?? null,
  }));
  return {
    id: row.id,
    source: 'event',
    kind: row.kind,
    actor: row.actor,
    number: row.number_e164 ?? row.number,
    text: row.text,
    evidenceIds,
    counterpartyId,
    thirdParty,
    durationSeconds: row.duration_seconds,
    channel: readEntryChannel(row.kind, details),
    flags,
    sender: describeSender(contact?.tie ?? call?.tie ?? null),
  };
}

function describeSender(tie: SenderTie | null): TimelineEntry['sender'] {
  return tie === null ? null : { personId: tie.personId, role: tie.role };
}

function toEvidenceEntry(row: EvidenceRow): EntryBody {
  const provenance = ProvenanceFromSchema.safeParse(JSON.parse(row.provenance));
  const from = provenance.success ? (provenance.data.from ?? '') : '';
  return {
    id: row.id,
    source: 'evidence',
    kind: row.kind,
    actor: from === '' ? null : from,
    number: null,
    text: row.notes === '' ? row.original_name : `${row.original_name}: ${row.notes}`,
    evidenceIds: [row.id],
    counterpartyId: null,
    thirdParty: false,
    durationSeconds: null,
    channel: null,
    flags: [],
    sender: null,
  };
}
