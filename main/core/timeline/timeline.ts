// One case's timeline as a whole, for the CLI, export and drafts: events (messages, calls, visits,
// notes) and evidence (by when it was captured), in order, with the RBI rules each entry appears to
// break. It walks the app's own pages (timeline-page.ts), so every view shows the same entries and
// flags. Times are shown on the case's clock; nothing here depends on the machine's own time zone.
import { formatWallTime, instantToWallTime } from '../time/zoned-time';
import type { Database } from '../db/types';
import type { RuleSet } from './flags';
import type { TimelineEntry } from './timeline-entry';
import {
  createTimelineContext,
  parseCursor,
  walkEntries,
  type Bound,
  type TimelineFilters,
} from './timeline-page';

export { readCaseTimezone } from './case-zone';
export {
  classifyEvidence,
  EVIDENCE_ENTRY_KINDS,
  loadIdentities,
  parseBound,
  RECOVERY_KINDS,
  toFtsQuery,
  type TimelineEntry,
  type TimelineFlag,
} from './timeline-entry';

export interface TimelineQuery extends TimelineFilters {
  /** At most this many entries: the first ones, or with `before` the ones nearest it. */
  limit?: number;
  /** Only entries before (after) this cursor. */
  before?: string;
  after?: string;
  /** Rule versions not in force by then are ignored; defaults to now. */
  asOf?: string;
  rules?: RuleSet;
}

/** Rows read per step of a walk: large enough that a 100k-entry case takes few statements. */
const WALK_BATCH = 2000;

/** The case's timeline, oldest first. */
export function listTimeline(db: Database, query: TimelineQuery): TimelineEntry[] {
  const context = createTimelineContext(db, query, query);
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const entries: TimelineEntry[] = [];
  if (limit <= 0) return entries;
  const after = query.after === undefined ? null : parseCursor(query.after);
  const before = query.before === undefined ? null : parseCursor(query.before);
  // Paging backwards keeps the entries nearest the cursor.
  const [direction, start, stop] =
    before === null ? (['after', after, null] as const) : (['before', before, after] as const);
  for (const entry of walkEntries(context, direction, start, WALK_BATCH)) {
    if (stop !== null && compareBounds(parseCursor(entry.cursor), stop) <= 0) break;
    entries.push(entry);
    if (entries.length >= limit) break;
  }
  return direction === 'after' ? entries : entries.reverse();
}

function compareBounds(a: Bound, b: Bound): number {
  for (const key of ['at', 'source', 'id'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
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
