// The steps calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
// A case's playbook steps (with both languages' text, so the language switch needs no new call),
// recording progress, the user's own steps, the playbook choice, "next steps", and complaint drafts.
import { z } from 'zod';
import { COUNTERPARTY_KINDS, STEP_STATUSES } from '../domain';
import type { ApiCallTable } from './call-table';

export const DRAFT_KINDS = ['cybercrime', 'police', 'lender', 'ombudsman', 'ncw'] as const;
export const DRAFT_LANGUAGES = ['en', 'hi'] as const;
export const DRAFT_EXPORT_FORMATS = ['txt', 'pdf'] as const;
/** Well above any complaint form, and small enough for one call over every transport. */
export const MAX_DRAFT_CHARS = 100_000;
export const MAX_STEP_NOTES = 10_000;
/** The playbook id under which the user's own steps are listed and recorded ('custom/<id>'). */
export const CUSTOM_PLAYBOOK_ID = 'custom';

export type DraftKind = (typeof DRAFT_KINDS)[number];
export type DraftLanguage = (typeof DRAFT_LANGUAGES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];

const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const StepRef = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z0-9-]+\/[A-Za-z0-9-]+$/);

export const LocalizedTextSchema = z.object({ en: z.string(), hi: z.string() });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const StepFieldViewSchema = z.object({
  key: z.string(),
  label: LocalizedTextSchema,
  kind: z.enum(['text', 'date', 'reference', 'officer', 'place']),
  required: z.boolean(),
});

export const StepDeadlineViewSchema = z.object({
  label: LocalizedTextSchema,
  /** Null until the date it counts from is known. */
  date: CalendarDate.nullable(),
  kind: z.enum(['due', 'window-closes', 'response-due']),
  overdue: z.boolean(),
});
export type StepDeadlineView = z.infer<typeof StepDeadlineViewSchema>;

export const StepViewSchema = z.object({
  /** '<playbook>/<step>', or 'custom/<id>' for the user's own steps. */
  ref: z.string(),
  playbookId: z.string(),
  origin: z.enum(['playbook', 'custom']),
  title: LocalizedTextSchema,
  why: LocalizedTextSchema.nullable(),
  appliesWhen: LocalizedTextSchema.nullable(),
  /** The default instructions, then any platform's own list (which replaces the default). */
  how: z.array(LocalizedTextSchema),
  howByPlatform: z.array(
    z.object({ platform: z.enum(['android', 'ios', 'web']), steps: z.array(LocalizedTextSchema) }),
  ),
  fields: z.array(StepFieldViewSchema),
  proofHint: LocalizedTextSchema.nullable(),
  source: z.object({ url: z.string(), title: z.string() }).nullable(),
  /** 'check-current-rule' when the rule is only partly confirmed: show the link. */
  ruleStatus: z.enum(['confirmed', 'check-current-rule']).nullable(),
  effectiveFrom: CalendarDate.nullable(),
  draftKind: z.enum(DRAFT_KINDS).nullable(),
  status: z.enum(STEP_STATUSES),
  doneAt: CalendarDate.nullable(),
  references: z.record(z.string(), z.string()),
  notes: z.string(),
  proofEvidenceIds: z.array(z.string()),
  /** Steps this one waits for, shown rather than hidden. */
  blockedBy: z.array(z.object({ ref: z.string(), title: LocalizedTextSchema })),
  notBeforeDate: CalendarDate.nullable(),
  notBeforeReason: LocalizedTextSchema.nullable(),
  deadlines: z.array(StepDeadlineViewSchema),
  isAvailable: z.boolean(),
  isOverdue: z.boolean(),
});
export type StepView = z.infer<typeof StepViewSchema>;

export const StepSectionSchema = z.object({
  playbookId: z.string(),
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema.nullable(),
  steps: z.array(StepViewSchema),
});
export type StepSection = z.infer<typeof StepSectionSchema>;

/** A record no followed step claims (a playbook was unchosen or changed). Kept and shown, never dropped. */
export const KeptRecordSchema = z.object({
  ref: z.string(),
  title: LocalizedTextSchema.nullable(),
  status: z.enum(STEP_STATUSES),
  doneAt: CalendarDate.nullable(),
  references: z.record(z.string(), z.string()),
  notes: z.string(),
});
export type KeptRecord = z.infer<typeof KeptRecordSchema>;

export const StepProgressSchema = z.object({
  done: z.int().nonnegative(),
  notNeeded: z.int().nonnegative(),
  total: z.int().nonnegative(),
});
export type StepProgress = z.infer<typeof StepProgressSchema>;

export const StepsListSchema = z.object({
  /** Today in the case's time zone, the day the schedule was worked out for. */
  today: CalendarDate,
  sections: z.array(StepSectionSchema),
  kept: z.array(KeptRecordSchema),
  progress: StepProgressSchema,
});
export type StepsList = z.infer<typeof StepsListSchema>;

export const NEXT_REASONS = ['overdue', 'due', 'opens', 'open'] as const;
export const NextStepSchema = z.object({
  ref: z.string(),
  title: LocalizedTextSchema,
  /** overdue: a time limit passed; due: open with a dated limit; opens: waits for a date; open: can be done now. */
  reason: z.enum(NEXT_REASONS),
  /** The date behind the reason: the limit, or the first day the step can be done. */
  date: CalendarDate.nullable(),
  label: LocalizedTextSchema.nullable(),
  /** Why the step matters, from its playbook; null for her own steps. */
  why: LocalizedTextSchema.nullable(),
});
export type NextStep = z.infer<typeof NextStepSchema>;

export const PlaybookSummarySchema = z.object({
  id: z.string(),
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema,
  suggestedFor: z.array(z.enum(COUNTERPARTY_KINDS)),
  stepCount: z.int().nonnegative(),
});

export const DraftSchema = z.object({
  kind: z.enum(DRAFT_KINDS),
  lang: z.enum(DRAFT_LANGUAGES),
  title: z.string(),
  body: z.string(),
  charCount: z.int().nonnegative(),
  /** The target form's limit, if known; `confirmed` false means nobody checked the live form. */
  limit: z.object({ chars: z.int().positive(), confirmed: z.boolean() }).nullable(),
});
export type DraftView = z.infer<typeof DraftSchema>;

export const DraftVersionViewSchema = z.object({
  id: z.string(),
  kind: z.enum(DRAFT_KINDS),
  lang: z.enum(DRAFT_LANGUAGES),
  version: z.int().positive(),
  body: z.string(),
  charCount: z.int().nonnegative(),
  savedAt: z.string(),
});
export type DraftVersionView = z.infer<typeof DraftVersionViewSchema>;

const CaseOnly = z.object({ caseId: z.uuid() }).strict();

export const STEPS_CALLS = {
  'steps:list': { input: CaseOnly, output: StepsListSchema },
  'steps:set': {
    input: z
      .object({
        caseId: z.uuid(),
        ref: StepRef,
        status: z.enum(STEP_STATUSES),
        /** The day it was done; only with 'done'. Today when left out. */
        doneAt: CalendarDate.optional(),
        /** Field key → value, merged into what is recorded. */
        references: z.record(z.string().max(100), z.string().max(2000)).optional(),
        notes: z.string().max(MAX_STEP_NOTES).optional(),
        /** Replaces the whole list of linked proof. */
        proofEvidenceIds: z.array(z.uuid()).max(500).optional(),
      })
      .strict(),
    output: StepViewSchema,
  },
  'steps:addCustom': {
    input: z
      .object({
        caseId: z.uuid(),
        title: z.string().trim().min(1).max(300),
        notes: z.string().max(MAX_STEP_NOTES).optional(),
        dueDate: CalendarDate.nullable().optional(),
      })
      .strict(),
    output: StepViewSchema,
  },
  'steps:choosePlaybooks': {
    input: z
      .object({ caseId: z.uuid(), playbookIds: z.array(z.string().min(1).max(100)).max(50) })
      .strict(),
    output: z.object({ playbookIds: z.array(z.string()) }),
  },
  'steps:next': {
    input: z.object({ caseId: z.uuid(), limit: z.int().min(1).max(10).optional() }).strict(),
    output: z.object({ today: CalendarDate, items: z.array(NextStepSchema) }),
  },
  'playbook:list': {
    input: z
      .object({ caseId: z.uuid().optional(), kind: z.enum(COUNTERPARTY_KINDS).optional() })
      .strict(),
    output: z.object({
      playbooks: z.array(PlaybookSummarySchema),
      /** For the kind given, or the case's counterparty. */
      suggested: z.array(z.string()),
      /** The case's current playbooks (chosen, or the suggestion until chosen); empty without a case. */
      chosen: z.array(z.string()),
      hasChosen: z.boolean(),
    }),
  },
  'draft:generate': {
    input: z
      .object({
        caseId: z.uuid(),
        kind: z.enum(DRAFT_KINDS),
        lang: z.enum(DRAFT_LANGUAGES),
        /** The evidence she ticked for the annexure, in order; without it, draft:suggestEvidence's list. */
        evidenceIds: z.array(z.string().min(1).max(100)).max(2000).optional(),
      })
      .strict(),
    output: DraftSchema,
  },
  /** The evidence to tick in advance for a draft's annexure: flagged, or a chat with the harasser. */
  'draft:suggestEvidence': {
    input: z.object({ caseId: z.uuid() }).strict(),
    output: z.array(
      z.object({
        evidenceId: z.string(),
        originalName: z.string(),
        reason: z.enum(['flagged', 'harasser-chat']),
      }),
    ),
  },
  'draft:save': {
    input: z
      .object({
        caseId: z.uuid(),
        kind: z.enum(DRAFT_KINDS),
        lang: z.enum(DRAFT_LANGUAGES),
        body: z.string().max(MAX_DRAFT_CHARS),
      })
      .strict(),
    output: DraftVersionViewSchema,
  },
  'draft:versions': {
    input: z.object({ caseId: z.uuid(), kind: z.enum(DRAFT_KINDS).optional() }).strict(),
    output: z.array(DraftVersionViewSchema),
  },
  'draft:export': {
    input: z
      .object({
        caseId: z.uuid(),
        kind: z.enum(DRAFT_KINDS),
        lang: z.enum(DRAFT_LANGUAGES),
        body: z.string().max(MAX_DRAFT_CHARS),
        format: z.enum(DRAFT_EXPORT_FORMATS),
      })
      .strict(),
    output: z.object({
      fileName: z.string(),
      mediaType: z.string(),
      /** The file's bytes, base64; the renderer offers them as a download. */
      base64: z.string(),
    }),
  },
} as const satisfies ApiCallTable;

const OPEN: readonly StepStatus[] = ['todo', 'doing'];

/**
 * At most `limit` steps for "Next steps": overdue steps first (longest overdue first), then open
 * steps with a dated limit and steps that open on a known date, earliest first, then steps that can
 * be done now with no date, in playbook order. Shared so the core's 'steps:next' and the Steps tab
 * agree on the order.
 */
export function orderNextSteps(steps: readonly StepView[], limit = 3): NextStep[] {
  const open = steps.filter((step) => OPEN.includes(step.status));
  const items: { item: NextStep; rank: number; order: number }[] = [];
  open.forEach((step, order) => {
    const own = step.deadlines.filter((d) => d.kind !== 'response-due' && d.date !== null);
    if (step.isOverdue) {
      const late = own.filter((d) => d.overdue).sort(byDate)[0];
      items.push({ item: toNext(step, 'overdue', late ?? null), rank: 0, order });
      return;
    }
    const earliest = own.sort(byDate)[0];
    if (step.isAvailable && earliest !== undefined) {
      items.push({ item: toNext(step, 'due', earliest), rank: 1, order });
    } else if (step.blockedBy.length === 0 && !step.isAvailable && step.notBeforeDate !== null) {
      items.push({
        item: {
          ref: step.ref,
          title: step.title,
          reason: 'opens',
          date: step.notBeforeDate,
          label: step.notBeforeReason,
          why: step.why,
        },
        rank: 1,
        order,
      });
    } else if (step.isAvailable) {
      items.push({ item: toNext(step, 'open', null), rank: 2, order });
    }
  });
  return items
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.rank < 2 ? compareText(a.item.date ?? '', b.item.date ?? '') : 0) ||
        a.order - b.order,
    )
    .slice(0, limit)
    .map((entry) => entry.item);
}

/** Done and not-needed steps count as finished; blocked or waiting ones still count towards the total. */
export function countStepProgress(steps: readonly StepView[]): StepProgress {
  return {
    done: steps.filter((step) => step.status === 'done').length,
    notNeeded: steps.filter((step) => step.status === 'na').length,
    total: steps.length,
  };
}

function toNext(
  step: StepView,
  reason: NextStep['reason'],
  deadline: StepDeadlineView | null,
): NextStep {
  return {
    ref: step.ref,
    title: step.title,
    reason,
    date: deadline?.date ?? null,
    label: deadline?.label ?? null,
    why: step.why,
  };
}

function byDate(a: StepDeadlineView, b: StepDeadlineView): number {
  return compareText(a.date ?? '', b.date ?? '');
}

/** YYYY-MM-DD strings sort as dates. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
