// The shape of a playbook file in data/. Playbooks are data, not code, so that a changed rule is a
// reviewed JSON edit with a new version number. Objects are strict: a misspelt key in a data file is
// an error, not a silently ignored rule. Checks that span steps (known ids, no cycles) live in
// load-playbooks.ts.
import { z } from 'zod';
import { COUNTERPARTY_KINDS } from '../../../shared/domain';
import { isCalendarDate } from '../time/calendar-date';
import { DRAFT_KINDS } from './draft-kinds';

export { DRAFT_KINDS };

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DEVANAGARI = /[\u0900-\u097F]/;

export const PLAYBOOK_PLATFORMS = ['android', 'ios', 'web'] as const;
export const FIELD_KINDS = ['text', 'date', 'reference', 'officer', 'place'] as const;
export const DEADLINE_KINDS = ['due', 'window-closes', 'response-due'] as const;
export const RULE_STATUSES = ['confirmed', 'check-current-rule'] as const;

export type PlaybookPlatform = (typeof PLAYBOOK_PLATFORMS)[number];
export type FieldKind = (typeof FIELD_KINDS)[number];
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type RuleStatus = (typeof RULE_STATUSES)[number];
export type { DraftKind } from './draft-kinds';
export type CounterpartyKind = (typeof COUNTERPARTY_KINDS)[number];

export const CalendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'Expected a real date as YYYY-MM-DD' });

const IdSchema = z
  .string()
  .regex(KEBAB_ID, { message: 'Expected a kebab-case id, e.g. file-complaint' });

/**
 * Every user-facing string exists in English and Hindi. The Hindi must contain Devanagari, which
 * catches an English string pasted twice and Hindi written in Latin letters.
 */
export const LocalizedTextSchema = z.strictObject({
  en: z.string().trim().min(1, { message: 'English text is missing' }),
  hi: z
    .string()
    .trim()
    .min(1, { message: 'Hindi text is missing' })
    .regex(DEVANAGARI, { message: 'Hindi text must be written in Devanagari' }),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

const InstructionsSchema = z.array(LocalizedTextSchema).min(1);

/** Platform lists replace the default list as a whole, so each one reads on its own. */
export const HowSchema = z.strictObject({
  default: InstructionsSchema,
  android: InstructionsSchema.optional(),
  ios: InstructionsSchema.optional(),
  web: InstructionsSchema.optional(),
});

export const StepFieldSchema = z.strictObject({
  key: IdSchema,
  label: LocalizedTextSchema,
  kind: z.enum(FIELD_KINDS),
  required: z.boolean().optional(),
});
export type StepField = z.infer<typeof StepFieldSchema>;

export const SourceSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().trim().min(1),
  /**
   * 'official': the regulator's, the government's or the platform's own text. 'secondary': news,
   * a blog or a law firm, used only where no official text was found (the title says so).
   */
  kind: z.enum(['official', 'secondary']),
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * A wait before a step opens. The anchor is the done date of `step`, or the date in its `field`
 * when one is named. `days` full days must pass after the anchor, so the step opens the day after:
 * a lender complaint sent on 20 May with a 30-day wait opens the Ombudsman step on 20 June. Filing
 * a day early can get a complaint turned away, so the wait errs late. `unlessFilled` names a field
 * of the same step that ends the wait early (the lender replied), and `reason` says when in words,
 * with {date} where the date goes.
 */
export const NotBeforeSchema = z.strictObject({
  step: IdSchema,
  days: z.int().min(0).max(3650),
  field: IdSchema.optional(),
  unlessFilled: IdSchema.optional(),
  reason: LocalizedTextSchema.optional(),
});
export type NotBefore = z.infer<typeof NotBeforeSchema>;

/**
 * A time limit. Its date is the anchor plus `days`: the anchor day itself is not counted, as in the
 * General Clauses Act, so "within 30 days of 31 January" ends on 2 March (1 March in a leap year).
 * The anchor is `from.step`'s done date, or the date in `from.field`; with no anchor yet, the
 * deadline is listed without a date. `unlessFilled` (a field of `from.step`) drops the deadline once
 * filled, e.g. "reply due" once the reply date is recorded. `response-due` is the other side's time
 * limit; only `due` and `window-closes` make a step overdue.
 */
export const DeadlineSchema = z.strictObject({
  label: LocalizedTextSchema,
  from: z.strictObject({ step: IdSchema, field: IdSchema.optional() }),
  days: z.int().min(0).max(3650),
  kind: z.enum(DEADLINE_KINDS),
  unlessFilled: IdSchema.optional(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export const PlaybookStepSchema = z.strictObject({
  id: IdSchema,
  /** Ids this step had in earlier versions, so records saved under them still find it. */
  formerIds: z.array(IdSchema).optional(),
  title: LocalizedTextSchema,
  /**
   * What the user did, once done, in the past tense and without its subject or date: "complained
   * to the lender in writing". Drafts write "I complained to the lender in writing on 20 May 2024".
   */
  done: LocalizedTextSchema,
  why: LocalizedTextSchema,
  /** When the step only fits some people ("if the police refused"); they mark it not applicable. */
  appliesWhen: LocalizedTextSchema.optional(),
  how: HowSchema,
  fields: z.array(StepFieldSchema),
  proof: LocalizedTextSchema,
  after: z.array(IdSchema),
  notBefore: NotBeforeSchema.optional(),
  deadlines: z.array(DeadlineSchema).optional(),
  /** The complaint draft that helps with this step, if any. */
  draft: z.enum(DRAFT_KINDS).optional(),
  source: SourceSchema,
  /** 'check-current-rule' when the fact behind the step is only partly confirmed: show the link. */
  status: z.enum(RULE_STATUSES),
  effectiveFrom: CalendarDateSchema,
});
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>;

export const PlaybookSchema = z.strictObject({
  id: IdSchema,
  version: z.int().positive(),
  effectiveFrom: CalendarDateSchema,
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema,
  suggestedFor: z.array(z.enum(COUNTERPARTY_KINDS)).min(1),
  steps: z.array(PlaybookStepSchema).min(1),
});
export type Playbook = z.infer<typeof PlaybookSchema>;

/** The instructions for one platform, falling back to the default list. */
export function selectInstructions(
  step: PlaybookStep,
  platform?: PlaybookPlatform,
): LocalizedText[] {
  if (platform === undefined) return step.how.default;
  return step.how[platform] ?? step.how.default;
}
