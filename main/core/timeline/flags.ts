// Which RBI recovery-conduct rules a timeline entry appears to break. Pure: the rules are data
// (rules/recovery-conduct.json, versioned by the date each text took effect), the clock is the
// case's time zone, never the machine's, and nothing is read or written here.
import { z } from 'zod';
import { SakshyaError } from '../../../shared/errors';
import { formatWallTime } from '../time/zoned-time';
import { toLocalWallTime } from '../time/local-day';
import bundledRules from './rules/recovery-conduct.json';

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);

const RuleVersionSchema = z.object({
  effectiveFrom: DateSchema,
  window: z.object({ start: ClockSchema, end: ClockSchema }).optional(),
  text: z.object({ en: z.string().min(1), hi: z.string().min(1) }),
  source: z.object({
    title: z.string().min(1),
    url: z.url(),
    status: z.enum(['CONFIRMED', 'PARTIAL', 'UNCONFIRMED']),
  }),
});

const RuleSchema = z.object({
  id: z.string().min(1).max(100),
  check: z.enum(['contact-hours', 'third-party', 'kinds']),
  kinds: z.array(z.string()).default([]),
  boundary: z.string().optional(),
  versions: z.array(RuleVersionSchema).min(1),
});

export const RuleSetSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string(),
  rules: z.array(RuleSchema),
});

export type RuleSet = z.infer<typeof RuleSetSchema>;
export type RuleVersion = z.infer<typeof RuleVersionSchema>;

/** One rule an entry appears to break, with the words to show and where the rule comes from. */
export interface Flag {
  ruleId: string;
  rule: { en: string; hi: string };
  source: { title: string; url: string; status: string };
  /** What in the entry triggered the flag, in plain words, e.g. 'call at 21:15:00 on 2024-05-12 …'. */
  fact: string;
}

/** What the rules look at in an entry; timeline.ts works these out from the stored rows. */
export interface FlagSubject {
  kind: string;
  /** UTC ISO 8601. */
  occurredAt: string;
  direction: 'incoming' | 'outgoing' | null;
  thirdParty: boolean;
  /** True when the contact came from the lender, an agent or a loan app (not from the user). */
  fromRecoveryParty: boolean;
}

/** Kinds that are the lender's side getting in touch, so the contact-hours rule applies. */
const CONTACT_KINDS = new Set(['call', 'message', 'visit', 'threat']);

let cached: RuleSet | null = null;

/** The bundled rules, checked once; a broken file is a programming error. */
export function loadRecoveryConductRules(): RuleSet {
  if (cached !== null) return cached;
  const parsed = RuleSetSchema.safeParse(bundledRules);
  if (!parsed.success) {
    throw new SakshyaError(
      'INTERNAL',
      `the recovery-conduct rules are malformed: ${parsed.error.message}`,
    );
  }
  cached = parsed.data;
  return cached;
}

/**
 * The flags for one entry. A rule applies in the version in force on the entry's local date, and
 * only versions that had taken effect by `asOf` are considered (so a text published ahead of its
 * start date is not used early). Entries from before a rule's first version get no flag from it.
 */
export function computeFlags(
  entry: FlagSubject,
  caseTimezone: string,
  rules: RuleSet,
  asOf: string | Date,
): Flag[] {
  const occurredMs = Date.parse(entry.occurredAt);
  const asOfMs = typeof asOf === 'string' ? Date.parse(asOf) : asOf.getTime();
  if (!Number.isFinite(occurredMs) || !Number.isFinite(asOfMs)) {
    throw new SakshyaError(
      'INVALID_INPUT',
      'The entry time or the "as of" time is not a valid date.',
    );
  }
  const local = formatWallTime(toLocalWallTime(occurredMs, caseTimezone));
  const localDate = local.slice(0, 10);
  const asOfDate = formatWallTime(toLocalWallTime(asOfMs, caseTimezone)).slice(0, 10);
  const flags: Flag[] = [];
  for (const rule of rules.rules) {
    const version = selectVersion(rule.versions, localDate < asOfDate ? localDate : asOfDate);
    if (version === undefined) continue;
    const fact = describeBreach(rule, version, entry, local, caseTimezone);
    if (fact === null) continue;
    flags.push({
      ruleId: rule.id,
      rule: { ...version.text },
      source: { ...version.source },
      fact,
    });
  }
  return flags;
}

/** The version with the latest start date on or before `date` (ISO dates compare as text). */
function selectVersion(versions: readonly RuleVersion[], date: string): RuleVersion | undefined {
  let chosen: RuleVersion | undefined;
  for (const version of versions) {
    if (
      version.effectiveFrom <= date &&
      (chosen === undefined || version.effectiveFrom > chosen.effectiveFrom)
    ) {
      chosen = version;
    }
  }
  return chosen;
}

/** The plain-words fact when the entry breaks the rule, else null. `local` is 'YYYY-MM-DDTHH:mm:ss[.sss]'. */
function describeBreach(
  rule: RuleSet['rules'][number],
  version: RuleVersion,
  entry: FlagSubject,
  local: string,
  timeZone: string,
): string | null {
  const when = `${local.slice(11, 19)} on ${local.slice(0, 10)} (${timeZone} time)`;
  switch (rule.check) {
    case 'contact-hours': {
      if (version.window === undefined || !isUnwantedContact(entry)) return null;
      // Compare with the full precision kept: 19:00:00.500 is already after 7 pm.
      const clock = local.slice(11);
      const { start, end } = version.window;
      if (clock >= start && !isAfterClock(clock, end)) return null;
      return `${entry.kind} at ${when}, outside ${start.slice(0, 5)}–${end.slice(0, 5)}`;
    }
    case 'third-party':
      return entry.thirdParty && entry.direction !== 'outgoing'
        ? `${entry.kind} at ${when} reached someone other than the borrower`
        : null;
    case 'kinds':
      return rule.kinds.includes(entry.kind) ? `${entry.kind} recorded at ${when}` : null;
  }
}

function isUnwantedContact(entry: FlagSubject): boolean {
  return CONTACT_KINDS.has(entry.kind) && entry.fromRecoveryParty && entry.direction !== 'outgoing';
}

/** True when 'HH:mm:ss[.sss]' is strictly later than the whole second 'HH:mm:ss'. */
function isAfterClock(clock: string, limit: string): boolean {
  const seconds = clock.slice(0, 8);
  return seconds > limit || (seconds === limit && clock.length > 8);
}
