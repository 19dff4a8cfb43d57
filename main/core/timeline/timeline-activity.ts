// The timeline's activity per local day (for the chart) and the tags on its evidence (for the tag
// filter), under the same filters as the pages in timeline-page.ts.
import type { Database } from '../db/types';
import type { RuleSet } from './flags';
import {
  createLocalDayResolver,
  dayFromNumber,
  localDaySql,
  quarterHourSql,
  readSteadyOffset,
} from '../time/local-day';
import { prepareCached } from '../db/statement-cache';
import { readCaseTimezone } from './timeline';
import {
  buildSourceWhere,
  collectEntries,
  createTimelineContext,
  EVIDENCE_KIND_SQL,
  parseCursor,
  TIMELINE_SOURCES,
  type Bound,
  type TimelineFilters,
} from './timeline-page';

/** Entries per local day, by kind, for the activity chart: the same filters, no paging. */
export function listTimelineActivity(
  db: Database,
  filters: TimelineFilters,
  options: { asOf?: string; rules?: RuleSet } = {},
): { timezone: string; days: { day: string; counts: Record<string, number> }[] } {
  const context = createTimelineContext(db, filters, options);
  const dayOf = createLocalDayResolver(context.timeZone);
  const days = new Map<string, Record<string, number>>();
  const addToDay = (day: string, kind: string, count: number) => {
    const counts = days.get(day) ?? {};
    counts[kind] = (counts[kind] ?? 0) + count;
    days.set(day, counts);
  };
  const add = (atMs: number, kind: string, count: number) => {
    addToDay(dayOf(atMs), kind, count);
  };
  if (filters.flaggedOnly === true) {
    // Flags are worked out in code, so flagged entries are counted from the entries themselves.
    let bound: Bound | null = null;
    for (;;) {
      const batch = collectEntries(context, 'after', bound, 2000);
      for (const entry of batch.entries) add(Date.parse(entry.occurredAt), entry.kind, 1);
      const last = batch.entries.at(-1);
      if (!batch.more || last === undefined) break;
      bound = parseCursor(last.cursor);
    }
  } else {
    for (const spec of TIMELINE_SOURCES) {
      const where = buildSourceWhere(spec, context);
      if (where === null) continue;
      const at = `t.${spec.at}`;
      const kind =
        spec.source === 'event'
          ? 't.kind'
          : spec.source === 'proposed'
            ? "'message'"
            : EVIDENCE_KIND_SQL;
      const sql = (bucket: string) =>
        `SELECT ${bucket} AS bucket, ${kind} AS kind, count(*) AS n FROM ${where.from}
         WHERE ${where.conditions.join(' AND ')} GROUP BY bucket, kind`;
      const span = prepareCached<string[], { first: string | null; last: string | null }>(
        db,
        `SELECT min(${at}) AS first, max(${at}) AS last FROM ${where.from}
           WHERE ${where.conditions.join(' AND ')}`,
      ).get(...where.params);
      if (span?.first == null || span.last == null) continue;
      const offset = readSteadyOffset(
        Date.parse(span.first),
        Date.parse(span.last),
        context.timeZone,
      );
      if (offset !== null) {
        // One offset over the whole span (India, and most zones without summer time): SQL can
        // put each entry on its local day itself.
        const rows = prepareCached<string[], { bucket: number; kind: string; n: number }>(
          db,
          sql(localDaySql(at, offset)),
        ).all(...where.params);
        for (const row of rows) addToDay(dayFromNumber(row.bucket), row.kind, row.n);
        continue;
      }
      // Otherwise counted per UTC quarter hour (every zone offset is a multiple of 15 minutes),
      // and each quarter put on its local day here.
      const rows = prepareCached<string[], { bucket: string; kind: string; n: number }>(
        db,
        sql(quarterHourSql(at)),
      ).all(...where.params);
      for (const row of rows) add(Date.parse(`${row.bucket}:00Z`), row.kind, row.n);
    }
  }
  return {
    timezone: context.timeZone,
    days: [...days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, counts]) => ({ day, counts })),
  };
}

/** The tags on a case's evidence, for the tag filter. */
export function listEvidenceTags(db: Database, caseId: string): string[] {
  readCaseTimezone(db, caseId);
  return prepareCached<[string], string>(
    db,
    `SELECT DISTINCT j.value FROM evidence e, json_each(e.tags) j
       WHERE e.case_id = ? AND j.type = 'text' ORDER BY j.value`,
  )
    .pluck()
    .all(caseId);
}
