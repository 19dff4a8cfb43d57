// Which RBI recovery-conduct rules a timeline entry appears to break. Pure: the rules are data
// (rules/recovery-conduct.json, versioned by the date each text took effect), the clock is the
// case's time zone, never the machine's, and nothing is read or written here.
import { z } from 'zod';
import { SakshyaError } from '../../../shared/errors';
import { formatWallTime, type WallTime } from '../time/zoned-time';
import { toLocalWallTime } from '../time/local-day';
import { formatClockInWords, formatDayInWords } from '../time/in-words';
import bundledRules from './rules/recovery-conduct.json';

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);

const RuleVersionSchema = z.object({
  effectiveFrom: DateSchema,
  /**
   * The kinds of contact this version speaks of, as its source words them: the 2022 circular's
   * hours are for recovery *calls*, so its version covers calls only. Empty: none (a rule whose
   * later version is folded into another).
   */
  covers: z.array(z.enum(['call', 'message', 'visit', 'threat', 'post'])),
  window: z.object({ start: ClockSchema, end: ClockSchema }).optional(),
  /** What the window's source allows in those hours: recovery calls only (2022), or any contact. */
  hoursFor: z.enum(['calls', 'contact']).optional(),
  text: z.object({ en: z.string().min(1), hi: z.string().min(1) }),
  source: z.object({
    title: z.string().min(1),
    url: z.url(),
    status: z.enum(['CONFIRMED', 'PARTIAL', 'UNCONFIRMED']),
    /** 'official' for the regulator's or the government's own text; 'secondary' for news and blogs. */
    kind: z.enum(['official', 'secondary']),
  }),
});

const RuleSchema = z.object({
  id: z.string().min(1).max(100),
  check: z.enum(['contact-hours', 'third-party', 'kinds']),
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
  source: { title: string; url: string; status: string; kind: string };
  /**
   * What in the entry triggered the flag, in words on the case's clock, e.g. 'a recovery message
   * at 10:01 pm on 12 May 2024, outside the hours the RBI allows for recovery calls (8 am to 7 pm)'.
   */
  fact: string;
  /** The same in Hindi. */
  factHi: string;
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
  const wall = toLocalWallTime(occurredMs, caseTimezone);
  const local = formatWallTime(wall);
  const localDate = local.slice(0, 10);
  const asOfDate = formatWallTime(toLocalWallTime(asOfMs, caseTimezone)).slice(0, 10);
  const flags: Flag[] = [];
  for (const rule of rules.rules) {
    const version = selectVersion(rule.versions, localDate < asOfDate ? localDate : asOfDate);
    if (version?.covers.some((kind) => kind === entry.kind) !== true) continue;
    const fact = describeBreach(rule, version, entry, local, wall);
    if (fact === null) continue;
    flags.push({
      ruleId: rule.id,
      rule: { ...version.text },
      source: { ...version.source },
      fact: fact.en,
      factHi: fact.hi,
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

const KIND_WORDS: Record<
  string,
  { en: string; hi: string; recoveryEn: string; recoveryHi: string }
> = {
  call: { en: 'a call', hi: 'कॉल', recoveryEn: 'a recovery call', recoveryHi: 'वसूली के लिए कॉल' },
  message: {
    en: 'a message',
    hi: 'संदेश',
    recoveryEn: 'a recovery message',
    recoveryHi: 'वसूली का संदेश',
  },
  visit: {
    en: 'a visit',
    hi: 'मुलाक़ात',
    recoveryEn: 'a recovery visit',
    recoveryHi: 'वसूली के लिए मुलाक़ात',
  },
  threat: { en: 'a threat', hi: 'धमकी', recoveryEn: 'a threat', recoveryHi: 'धमकी' },
  post: { en: 'a post', hi: 'पोस्ट', recoveryEn: 'a post', recoveryHi: 'पोस्ट' },
};

/**
 * The fact in words when the entry breaks the rule, else null. `local` is 'YYYY-MM-DDTHH:mm:ss[.sss]'.
 * The words follow what the rule's source says: a message at night is "outside the hours the RBI
 * allows for recovery calls", never "outside the hours the RBI allows for messages".
 */
function describeBreach(
  rule: RuleSet['rules'][number],
  version: RuleVersion,
  entry: FlagSubject,
  local: string,
  wall: WallTime,
): { en: string; hi: string } | null {
  const words = KIND_WORDS[entry.kind] ?? {
    en: entry.kind,
    hi: entry.kind,
    recoveryEn: entry.kind,
    recoveryHi: entry.kind,
  };
  const at = {
    en: `at ${formatClockInWords(wall, 'en')} on ${formatDayInWords(wall, 'en')}`,
    hi: `${formatDayInWords(wall, 'hi')} को ${formatClockInWords(wall, 'hi')}`,
  };
  switch (rule.check) {
    case 'contact-hours': {
      if (version.window === undefined || !isUnwantedContact(entry)) return null;
      // Compare with the full precision kept: 19:00:00.500 is already after 7 pm.
      const clock = local.slice(11);
      const { start, end } = version.window;
      if (clock >= start && !isAfterClock(clock, end)) return null;
      const hours = describeWindow(start, end);
      // A kind the text names is outside "the hours the RBI allows"; another kind is measured
      // against the hours the text gives for calls, and says so.
      const forCalls = version.hoursFor === 'calls' && entry.kind !== 'call';
      return {
        en: `${words.recoveryEn} ${at.en}, outside the hours the RBI allows${forCalls ? ' for recovery calls' : ''} (${hours.en})`,
        hi: `${at.hi} ${words.recoveryHi}, ${forCalls ? 'उस समय के बाहर जब RBI वसूली के लिए कॉल की अनुमति देता है' : 'RBI के तय समय के बाहर'} (${hours.hi})`,
      };
    }
    case 'third-party':
      return entry.thirdParty && entry.direction !== 'outgoing'
        ? {
            en: `${words.en} ${at.en} that reached someone other than the borrower`,
            hi: `${at.hi} ${words.hi}, जो कर्ज़दार के बजाय किसी और तक पहुँचा`,
          }
        : null;
    case 'kinds':
      return { en: `${words.en} recorded ${at.en}`, hi: `${at.hi} दर्ज ${words.hi}` };
  }
}

/** '8 am to 7 pm' / 'सुबह 8 से शाम 7 बजे तक', from 'HH:mm:ss' limits on the hour. */
function describeWindow(start: string, end: string): { en: string; hi: string } {
  const hourOf = (clock: string) => Number(clock.slice(0, 2));
  const wallAt = (hour: number): WallTime => ({
    year: 2000,
    month: 1,
    day: 1,
    hour,
    minute: Number(start.slice(3, 5)),
    second: 0,
    millisecond: 0,
  });
  const short = (hour: number, lang: 'en' | 'hi') =>
    formatClockInWords(wallAt(hour), lang).replace(':00', '').replace(' बजे', '');
  return {
    en: `${short(hourOf(start), 'en')} to ${short(hourOf(end), 'en')}`,
    hi: `${short(hourOf(start), 'hi')} से ${short(hourOf(end), 'hi')} बजे तक`,
  };
}

function isUnwantedContact(entry: FlagSubject): boolean {
  return entry.fromRecoveryParty && entry.direction !== 'outgoing';
}

/** True when 'HH:mm:ss[.sss]' is strictly later than the whole second 'HH:mm:ss'. */
function isAfterClock(clock: string, limit: string): boolean {
  const seconds = clock.slice(0, 8);
  return seconds > limit || (seconds === limit && clock.length > 8);
}
