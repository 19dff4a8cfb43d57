// The timeline calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
// A case's timeline a page at a time (with rule flags and search highlights), its activity per day,
// per-counterparty summaries, incidents logged by hand or pasted from a call log, dismissing a flag,
// and grouping numbers and handles into named counterparties.
import { z } from 'zod';
import { COUNTERPARTY_KINDS, EVENT_KINDS } from '../domain';
import type { ApiCallTable } from './call-table';
import { FlagHintSchema } from './people';

export const INCIDENT_KINDS = ['call', 'visit', 'message', 'threat', 'post'] as const;
export const EVIDENCE_ENTRY_KINDS = ['screenshot', 'photo', 'document', 'audio', 'video'] as const;
export const TIMELINE_KINDS = [...EVENT_KINDS, ...EVIDENCE_ENTRY_KINDS] as const;
/** What a page holds unless the caller asks for another size. */
export const TIMELINE_PAGE_SIZE = 200;
export const MAX_CALL_LOG_CHARS = 200_000;

export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

const Id = z.string().min(1).max(100);
/** A local date ('2024-05-12') or an ISO 8601 time; without a zone, the case's clock. */
const DateOrTime = z.string().trim().min(1).max(40);

export const TimelineFiltersSchema = z.object({
  caseId: Id,
  from: DateOrTime.optional(),
  to: DateOrTime.optional(),
  search: z.string().max(200).optional(),
  kinds: z.array(z.enum(TIMELINE_KINDS)).max(TIMELINE_KINDS.length).optional(),
  counterpartyId: Id.optional(),
  /** Evidence tags; events carry none, so a tag shows evidence only. */
  tag: z.string().trim().min(1).max(100).optional(),
  flaggedOnly: z.boolean().optional(),
});
export type TimelineFilters = z.input<typeof TimelineFiltersSchema>;

const CursorSchema = z.string().min(3).max(300);

export const TimelineFlagSchema = z.object({
  ruleId: z.string(),
  rule: z.object({ en: z.string(), hi: z.string() }),
  source: z.object({
    title: z.string(),
    url: z.string(),
    status: z.string(),
    /** 'official' (the regulator's or the government's own text) or 'secondary' (news, blogs). */
    kind: z.string().optional(),
  }),
  /** What in the entry triggered the flag, in words: 'a recovery call at 9:15 pm on 12 May 2024, …'. */
  fact: z.string(),
  /** The same in Hindi. */
  factHi: z.string().optional(),
  dismissal: z.object({ reason: z.string(), dismissedAt: z.string() }).nullable(),
});
export type TimelineFlag = z.infer<typeof TimelineFlagSchema>;

/** Where an entry came from, shown as an icon and a word; null when nothing says (a plain file). */
export const ENTRY_CHANNELS = [
  'whatsapp',
  'telegram',
  'instagram',
  'messenger',
  'email',
  'sms',
  'call-log',
  'typed',
] as const;
export type EntryChannel = (typeof ENTRY_CHANNELS)[number];

export const TimelineEntrySchema = z.object({
  id: z.string(),
  /** 'proposed': a message read from a chat screenshot, waiting to be confirmed or corrected. */
  source: z.enum(['event', 'evidence', 'proposed']),
  kind: z.string(),
  occurredAt: z.string(),
  /** The case's clock with its offset: '2024-05-12T21:15:00+05:30'. */
  occurredAtLocal: z.string(),
  actor: z.string().nullable(),
  number: z.string().nullable(),
  text: z.string(),
  evidenceIds: z.array(z.string()),
  counterpartyId: z.string().nullable(),
  thirdParty: z.boolean(),
  durationSeconds: z.number().nullable(),
  channel: z.enum(ENTRY_CHANNELS).nullable().optional(),
  flags: z.array(TimelineFlagSchema),
  /** For a message: the person its sender is tied to (see people:list), else null. */
  sender: z
    .object({ personId: z.string(), role: z.enum(['harasser', 'me', 'other']) })
    .nullable()
    .optional(),
  /** For a proposed message: whose bubble it was in the screenshot. */
  side: z.enum(['theirs', 'mine']).optional(),
  cursor: z.string(),
  /** Where the searched words are in `text` (UTF-16 offsets, end exclusive). */
  highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelinePageSchema = z.object({
  timezone: z.string(),
  entries: z.array(TimelineEntrySchema),
  hasBefore: z.boolean(),
  hasAfter: z.boolean(),
  /** On the first page (no cursor): why no flags show, when the user can fix it; else null. */
  flagHint: FlagHintSchema.nullable().optional(),
});
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

export const ActivitySchema = z.object({
  timezone: z.string(),
  days: z.array(z.object({ day: z.string(), counts: z.record(z.string(), z.number()) })),
});
export type Activity = z.infer<typeof ActivitySchema>;

export const CounterpartyRecordSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  name: z.string(),
  kind: z.enum(COUNTERPARTY_KINDS),
  numbers: z.array(z.string()),
  handles: z.array(z.string()),
});
export type CounterpartyRecord = z.infer<typeof CounterpartyRecordSchema>;

export const CounterpartySummarySchema = z.object({
  counterpartyId: z.string(),
  contacts: z.number().int(),
  firstContact: z.string().nullable(),
  lastContact: z.string().nullable(),
  peakDay: z.object({ day: z.string(), contacts: z.number().int() }).nullable(),
  thirdPartyContacts: z.number().int(),
});
export type CounterpartySummary = z.infer<typeof CounterpartySummarySchema>;

const Numbers = z.array(z.string().trim().min(1).max(40)).max(200);
const Handles = z.array(z.string().trim().min(1).max(200)).max(200);

export const CALL_ROW_PROBLEMS = ['format', 'number', 'hour', 'date', 'duration'] as const;

export const CallRowsResultSchema = z.object({
  /** How many calls were logged; 0 for a preview. */
  added: z.number().int(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      number: z.string(),
      at: z.string(),
      atLocal: z.string(),
      durationSeconds: z.number().nullable(),
    }),
  ),
  problems: z.array(
    z.object({
      line: z.number().int(),
      text: z.string(),
      code: z.enum(CALL_ROW_PROBLEMS),
      reason: z.string(),
    }),
  ),
});
export type CallRowsResult = z.infer<typeof CallRowsResultSchema>;

const FlagRef = { caseId: Id, eventId: Id, ruleId: z.string().min(1).max(100) };

export const TIMELINE_CALLS = {
  'timeline:list': {
    input: TimelineFiltersSchema.extend({
      around: DateOrTime.optional(),
      before: CursorSchema.optional(),
      after: CursorSchema.optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }).strict(),
    output: TimelinePageSchema,
  },
  'timeline:activity': { input: TimelineFiltersSchema.strict(), output: ActivitySchema },
  'timeline:tags': {
    input: z.object({ caseId: Id }).strict(),
    output: z.array(z.string()),
  },
  'timeline:summary': {
    input: z.object({ caseId: Id }).strict(),
    output: z.array(
      z.object({ counterparty: CounterpartyRecordSchema, summary: CounterpartySummarySchema }),
    ),
  },
  'incident:add': {
    input: z
      .object({
        caseId: Id,
        kind: z.enum(INCIDENT_KINDS),
        /** ISO 8601; without a zone, the case's clock. */
        at: DateOrTime,
        number: z.string().trim().max(100).optional(),
        durationSeconds: z.number().int().nonnegative().max(86_400).optional(),
        text: z.string().max(20_000).optional(),
        thirdParty: z.boolean().optional(),
        evidenceIds: z.array(Id).max(100).optional(),
      })
      .strict(),
    output: z.object({
      id: z.string(),
      kind: z.enum(INCIDENT_KINDS),
      occurredAt: z.string(),
      numberE164: z.string().nullable(),
      counterpartyId: z.string().nullable(),
    }),
  },
  'incident:addCalls': {
    input: z
      .object({
        caseId: Id,
        /** Pasted call-log rows: `number, DD/MM/YYYY HH:mm[, duration]`, one per line. */
        text: z.string().max(MAX_CALL_LOG_CHARS),
        /** Only read the rows and say what would be added. */
        preview: z.boolean().optional(),
      })
      .strict(),
    output: CallRowsResultSchema,
  },
  'flag:dismiss': {
    input: z.object({ ...FlagRef, reason: z.string().trim().min(1).max(2000) }).strict(),
    output: z.object({ dismissedAt: z.string() }),
  },
  'flag:restore': {
    input: z.object(FlagRef).strict(),
    output: z.object({ restored: z.boolean() }),
  },
  'counterparty:list': {
    input: z.object({ caseId: Id }).strict(),
    output: z.array(CounterpartyRecordSchema),
  },
  'counterparty:create': {
    input: z
      .object({
        caseId: Id,
        name: z.string().trim().min(1).max(200),
        kind: z.enum(COUNTERPARTY_KINDS),
        numbers: Numbers.optional(),
        handles: Handles.optional(),
      })
      .strict(),
    output: CounterpartyRecordSchema,
  },
  'counterparty:update': {
    input: z
      .object({
        caseId: Id,
        id: Id,
        name: z.string().trim().min(1).max(200).optional(),
        kind: z.enum(COUNTERPARTY_KINDS).optional(),
        numbers: Numbers.optional(),
        handles: Handles.optional(),
      })
      .strict(),
    output: CounterpartyRecordSchema,
  },
} as const satisfies ApiCallTable;
