// Timeline events of a case, each optionally citing evidence of the same case.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT_KINDS, TimelineEventSchema, type TimelineEvent } from '../../../../shared/domain';
import type { Database } from '../types';
import {
  assertEvidenceInCase,
  IdSchema,
  JsonObjectSchema,
  parseInput,
  parseJsonColumn,
  parseRow,
  resolveClock,
  runWrite,
  UtcTimestampSchema,
  type Clock,
  type RepositoryOptions,
  groupEvidenceLinks,
} from './row-helpers';

const NewEventSchema = z.object({
  id: IdSchema.optional(),
  caseId: z.string(),
  kind: z.enum(EVENT_KINDS),
  occurredAt: UtcTimestampSchema,
  actor: z.string().max(500).nullable().default(null),
  number: z.string().max(100).nullable().default(null),
  text: z.string().default(''),
  details: JsonObjectSchema.default({}),
  evidenceIds: z.array(z.string()).default([]),
  createdAt: UtcTimestampSchema.optional(),
});

export type NewEvent = z.input<typeof NewEventSchema>;

interface EventRow {
  id: string;
  case_id: string;
  kind: string;
  occurred_at: string;
  actor: string | null;
  number: string | null;
  text: string;
  details: string;
  created_at: string;
}

interface LinkRow {
  event_id: string;
  evidence_id: string;
}

const SELECT_EVENTS =
  'SELECT id, case_id, kind, occurred_at, actor, number, text, details, created_at FROM events';

export class EventsRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  insert(input: NewEvent): TimelineEvent {
    const parsed = parseInput(NewEventSchema, input, 'event');
    const evidenceIds = [...new Set(parsed.evidenceIds)];
    const event: TimelineEvent = {
      ...parsed,
      id: parsed.id ?? randomUUID(),
      evidenceIds,
      createdAt: parsed.createdAt ?? this.now().toISOString(),
    };
    this.db.transaction(() => {
      assertEvidenceInCase(this.db, event.caseId, evidenceIds);
      runWrite(
        () =>
          this.db
            .prepare(
              `INSERT INTO events (id, case_id, kind, occurred_at, actor, number, text, details, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              event.id,
              event.caseId,
              event.kind,
              event.occurredAt,
              event.actor,
              event.number,
              event.text,
              JSON.stringify(event.details),
              event.createdAt,
            ),
        {
          duplicate: `event ${event.id} already exists`,
          missingReference: `case ${event.caseId} does not exist`,
        },
      );
      const link = this.db.prepare(
        'INSERT INTO event_evidence (event_id, evidence_id) VALUES (?, ?)',
      );
      for (const evidenceId of evidenceIds) link.run(event.id, evidenceId);
    })();
    return event;
  }

  get(id: string): TimelineEvent | undefined {
    const row = this.db.prepare<[string], EventRow>(`${SELECT_EVENTS} WHERE id = ?`).get(id);
    if (row === undefined) return undefined;
    const links = this.db
      .prepare<[string], LinkRow>(
        'SELECT event_id, evidence_id FROM event_evidence WHERE event_id = ? ORDER BY rowid',
      )
      .all(id);
    return mapEventRow(row, groupLinks(links));
  }

  /** In the order things happened (ties: the order they were recorded). */
  listByCase(caseId: string): TimelineEvent[] {
    const rows = this.db
      .prepare<[string], EventRow>(
        `${SELECT_EVENTS} WHERE case_id = ? ORDER BY occurred_at, created_at, rowid`,
      )
      .all(caseId);
    const links = this.db
      .prepare<[string], LinkRow>(
        `SELECT l.event_id, l.evidence_id FROM event_evidence l JOIN events e ON e.id = l.event_id
         WHERE e.case_id = ? ORDER BY l.rowid`,
      )
      .all(caseId);
    const byEvent = groupLinks(links);
    return rows.map((row) => mapEventRow(row, byEvent));
  }
}

function groupLinks(links: readonly LinkRow[]): Map<string, string[]> {
  return groupEvidenceLinks(links, (link) => link.event_id);
}

function mapEventRow(row: EventRow, links: ReadonlyMap<string, string[]>): TimelineEvent {
  return parseRow(
    TimelineEventSchema,
    {
      id: row.id,
      caseId: row.case_id,
      kind: row.kind,
      occurredAt: row.occurred_at,
      actor: row.actor,
      number: row.number,
      text: row.text,
      details: parseJsonColumn(row.details),
      evidenceIds: links.get(row.id) ?? [],
      createdAt: row.created_at,
    },
    `event ${row.id}`,
  );
}
