// Domain shapes shared by the core, the API contract and the renderer. zod schemas are the source
// of truth; types are inferred from them so the three cannot drift apart.
import { z } from 'zod';
import {
  CAPTURED_AT_SOURCES,
  CASE_STATUSES,
  CONFIDENCES,
  COUNTERPARTY_KINDS,
  EVENT_KINDS,
  isValidTimezone,
  STEP_STATUSES,
} from './domain-values';
import { canonicalTimezone } from './time-zone-names';

export {
  CAPTURED_AT_SOURCES,
  CASE_STATUSES,
  CONFIDENCES,
  COUNTERPARTY_KINDS,
  EVENT_KINDS,
  isValidTimezone,
  STEP_STATUSES,
};

export const CounterpartySchema = z.object({
  /** The organisation or person behind the harassment, e.g. a bank, NBFC or loan app. */
  name: z.string().trim().max(200).default(''),
  kind: z.enum(COUNTERPARTY_KINDS).default('other'),
  agentNames: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  numbers: z.array(z.string().trim().min(1).max(40)).max(200).default([]),
  handles: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
});
export type Counterparty = z.infer<typeof CounterpartySchema>;

/** IANA zone names only; checked against the runtime's zone database. */
export const TimezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimezone, { message: 'Unknown timezone' })
  // Stored under its current name: 'Asia/Calcutta' is kept as 'Asia/Kolkata' (time-zone-names.ts).
  .transform(canonicalTimezone);

export const CaseInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(''),
  counterparty: CounterpartySchema.default({
    name: '',
    kind: 'other',
    agentNames: [],
    numbers: [],
    handles: [],
  }),
  timezone: TimezoneSchema.default('Asia/Kolkata'),
});
export type CaseInput = z.input<typeof CaseInputSchema>;

export const CasePatchSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  counterparty: CounterpartySchema.optional(),
  timezone: TimezoneSchema.optional(),
  status: z.enum(CASE_STATUSES).optional(),
});
export type CasePatch = z.input<typeof CasePatchSchema>;

export const CaseSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  counterparty: CounterpartySchema,
  status: z.enum(CASE_STATUSES),
  timezone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Case = z.infer<typeof CaseSchema>;

export type CapturedAtSource = (typeof CAPTURED_AT_SOURCES)[number];
export type Confidence = (typeof CONFIDENCES)[number];

/** The capture time Sakshya worked out itself, kept when the user corrects it. */
export const CapturedAtOriginalSchema = z.object({
  capturedAt: z.string().nullable(),
  source: z.enum(CAPTURED_AT_SOURCES),
  confidence: z.enum(CONFIDENCES),
  detail: z.string(),
});
export type CapturedAtOriginal = z.infer<typeof CapturedAtOriginalSchema>;

export const ProvenanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('captured-by-me'), note: z.string().max(2000).optional() }),
  z.object({
    kind: z.literal('received'),
    from: z.string().max(200).default(''),
    channel: z.string().max(100).default(''),
    note: z.string().max(2000).optional(),
  }),
  z.object({ kind: z.literal('unknown') }),
]);
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const EvidenceSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  originalName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string(),
  capturedAt: z.string().nullable(),
  capturedAtSource: z.enum(CAPTURED_AT_SOURCES),
  capturedAtConfidence: z.enum(CONFIDENCES),
  // Defaults keep records written before these fields existed (sidecars, older callers) readable.
  /** Plain words: where the capture time came from and what was assumed. */
  capturedAtDetail: z.string().default(''),
  /** True when a time recorded without a zone was read in the case's time zone. */
  capturedAtZoneAssumed: z.boolean().default(false),
  /** Set on the first correction by the user: what Sakshya had determined before. */
  capturedAtOriginal: CapturedAtOriginalSchema.nullable().default(null),
  /** Plain sentences about problems found while importing (damaged metadata, unsure dates). */
  warnings: z.array(z.string()).default([]),
  importedAt: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  provenance: ProvenanceSchema,
  notes: z.string(),
  tags: z.array(z.string()),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const TimelineEventSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(EVENT_KINDS),
  occurredAt: z.string(),
  actor: z.string().nullable(),
  number: z.string().nullable(),
  text: z.string(),
  details: z.record(z.string(), z.unknown()),
  evidenceIds: z.array(z.string()),
  createdAt: z.string(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const StepSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  playbookStepId: z.string(),
  status: z.enum(STEP_STATUSES),
  doneAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  references: z.record(z.string(), z.string()),
  notes: z.string(),
  proofEvidenceIds: z.array(z.string()),
  updatedAt: z.string(),
});
export type Step = z.infer<typeof StepSchema>;

export const CustodyEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  action: z.string(),
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type CustodyEntry = z.infer<typeof CustodyEntrySchema>;
