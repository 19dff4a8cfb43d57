// Complaint drafts: plain, formal text in English or Hindi, built only from the input given, for the
// user to read, correct and sign. Missing details become visible placeholders such as "[Your name]"
// rather than guesses. The annexure lists each file with its SHA-256 so a recipient can check it.
import { z } from 'zod';
import { COUNTERPARTY_KINDS, TimezoneSchema } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { formatCalendarDate, isCalendarDate } from '../time/calendar-date';
import { formatClockInWords, formatDayInWords } from '../time/in-words';
import { toLocalWallTime } from '../time/local-day';
import { DRAFT_PHRASES, type DraftLanguage, type DraftPhrases } from './draft-text';
import { CalendarDateSchema, DRAFT_KINDS, type DraftKind } from './schema';

export type { DraftLanguage } from './draft-text';

const optionalText = z.string().trim().max(2000).optional();

export const DraftInputSchema = z.object({
  case: z.object({
    title: z.string().max(200),
    description: z.string().max(10_000),
    timezone: TimezoneSchema,
  }),
  counterparty: z.object({
    name: z.string().max(200),
    kind: z.enum(COUNTERPARTY_KINDS),
    agentNames: z.array(z.string()),
    numbers: z.array(z.string()),
    handles: z.array(z.string()),
  }),
  complainant: z
    .object({ name: optionalText, address: optionalText, phone: optionalText, email: optionalText })
    .optional(),
  contacts: z.object({
    total: z.int().nonnegative(),
    /** ISO 8601 instants (or YYYY-MM-DD dates); shown in the case's time zone. */
    firstAt: z.string().nullable(),
    lastAt: z.string().nullable(),
    perDayPeak: z.int().nonnegative(),
    outOfHours: z.int().nonnegative(),
    thirdPartyContacts: z.int().nonnegative(),
  }),
  flags: z.array(
    z.object({
      ruleId: z.string().optional(),
      rule: z.object({ en: z.string(), hi: z.string() }),
      source: z.object({ title: z.string(), url: z.string() }),
      /** What happened, in words ("a recovery call at 9:15 pm on 12 May 2024, …"). */
      fact: z.string(),
      factHi: z.string().optional(),
    }),
  ),
  steps: z.array(
    z.object({
      title: z.string(),
      /** What she did, past tense, no subject or date, in the draft's language ("complained to the lender in writing"). */
      done: z.string().optional(),
      doneAt: z.string().nullable(),
      /** Label (in the draft's language) → value: "Complaint or ticket number" → "GRV-12345". */
      references: z.record(z.string(), z.string()),
    }),
  ),
  evidence: z.array(
    z.object({
      number: z.union([z.int().nonnegative(), z.string().min(1)]),
      originalName: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      capturedAt: z.string().nullable(),
    }),
  ),
  /** The date to print on the letter; "[Date]" when left out. */
  preparedOn: CalendarDateSchema.optional(),
});
export type DraftInput = z.input<typeof DraftInputSchema>;
type ParsedDraftInput = z.infer<typeof DraftInputSchema>;

export interface Draft {
  title: string;
  body: string;
  /** UTF-16 code units, which is what a web form's maxlength counts. */
  charCount: number;
  /** The target form's length limit, if it has one we know of; `confirmed` false means unverified. */
  limit: { chars: number; confirmed: boolean } | null;
}

/**
 * Two secondary guides give cybercrime.gov.in's description box as "1500 words"; whether it is
 * words or characters was not verified on the live form. 1500 characters fits either reading.
 */
const FORM_LIMITS: Record<DraftKind, Draft['limit']> = {
  cybercrime: { chars: 1500, confirmed: false },
  police: null,
  lender: null,
  ombudsman: null,
  ncw: null,
};

export function generateDraft(kind: DraftKind, lang: DraftLanguage, input: DraftInput): Draft {
  if (!(DRAFT_KINDS as readonly string[]).includes(kind)) {
    throw new SakshyaError('INVALID_INPUT', `unknown draft kind: ${kind}`);
  }
  const parsed = DraftInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new SakshyaError('INVALID_INPUT', `draft input is not valid: ${problems.join('; ')}`);
  }
  const text = DRAFT_PHRASES[lang];
  const data = parsed.data;
  const counterparty = orPlaceholder(data.counterparty.name, text.placeholder.counterparty);
  const sections = [
    ...composeHeader(kind, lang, data, counterparty),
    composeIntro(text, data, counterparty),
    ...composeFacts(lang, text, data),
    ...composeRequests(kind, text, counterparty),
    composeEvidence(lang, text, data),
    ...composeClosing(kind, text, data),
  ];
  const body = sections.filter((section) => section !== '').join('\n\n') + '\n';
  return {
    title: text.title[kind](counterparty),
    body,
    charCount: body.length,
    limit: FORM_LIMITS[kind],
  };
}

function composeHeader(
  kind: DraftKind,
  lang: DraftLanguage,
  data: ParsedDraftInput,
  counterparty: string,
): string[] {
  const text = DRAFT_PHRASES[lang];
  // The portal collects the complainant's details in its own fields; the text goes in one box.
  if (kind === 'cybercrime') return [];
  const me = data.complainant ?? {};
  const from = [
    text.from,
    orPlaceholder(me.name, text.placeholder.name),
    orPlaceholder(me.address, text.placeholder.address),
    `${text.phoneLabel}: ${orPlaceholder(me.phone, text.placeholder.phone)}`,
    `${text.emailLabel}: ${orPlaceholder(me.email, text.placeholder.email)}`,
  ].join('\n');
  const date =
    data.preparedOn === undefined
      ? text.placeholder.date
      : formatCalendarDate(data.preparedOn, lang);
  return [
    from,
    `${text.dateLabel}: ${date}`,
    text.recipient[kind](counterparty, text.placeholder.policeStation).join('\n'),
    text.subject[kind](counterparty),
    text.salutation,
  ];
}

function composeIntro(text: DraftPhrases, data: ParsedDraftInput, counterparty: string): string {
  const name = orPlaceholder(data.complainant?.name, text.placeholder.name);
  const lines = [text.intro(name, counterparty, text.kindName[data.counterparty.kind])];
  const agents = cleanList(data.counterparty.agentNames);
  if (agents.length > 0) lines.push(text.agents(agents.join(', ')));
  return lines.join(' ');
}

function composeFacts(lang: DraftLanguage, text: DraftPhrases, data: ParsedDraftInput): string[] {
  const zone = data.case.timezone;
  const sections: string[] = [
    `${text.descriptionHeading}\n${orPlaceholder(data.case.description, text.placeholder.description)}`,
  ];
  const counts = data.contacts;
  if (counts.total > 0) {
    const summary = text.contacts({
      total: counts.total,
      first: counts.firstAt === null ? null : formatDay(counts.firstAt, zone, lang),
      last: counts.lastAt === null ? null : formatDay(counts.lastAt, zone, lang),
      perDayPeak: counts.perDayPeak,
      outOfHours: counts.outOfHours,
      thirdPartyContacts: counts.thirdPartyContacts,
    });
    sections.push(`${text.contactsHeading}\n${summary.join(' ')}`);
  }
  const numbers = cleanList(data.counterparty.numbers);
  const handles = cleanList(data.counterparty.handles);
  if (numbers.length > 0 || handles.length > 0) {
    const lines = [text.identifiersHeading];
    if (numbers.length > 0) lines.push(text.numbers(numbers.join(', ')));
    if (handles.length > 0) lines.push(text.handles(handles.join(', ')));
    sections.push(lines.join('\n'));
  }
  if (data.flags.length > 0) sections.push(composeFlags(lang, text, data.flags));
  if (data.steps.length > 0) {
    const lines = data.steps.map((step) => `- ${describeDoneStep(lang, step, zone)}`);
    sections.push([text.stepsHeading, ...lines].join('\n'));
  }
  return sections;
}

/** At most this many facts under each rule; the rest are counted. */
const FACTS_PER_RULE = 10;

/**
 * Each rule once, with its source and what happened under it. The Hindi draft cites the source by
 * its address only: the titles are English, and an address is a reference in any language.
 */
function composeFlags(
  lang: DraftLanguage,
  text: DraftPhrases,
  flags: ParsedDraftInput['flags'],
): string {
  const groups = new Map<string, ParsedDraftInput['flags']>();
  for (const flag of flags) {
    const key = flag.ruleId ?? `${flag.rule.en}\u0000${flag.source.url}`;
    groups.set(key, [...(groups.get(key) ?? []), flag]);
  }
  const blocks = [...groups.values()].map((group, index) => {
    const [first] = group;
    if (first === undefined) return '';
    const source = lang === 'en' ? `${first.source.title}, ${first.source.url}` : first.source.url;
    const lines = [`${index + 1}. ${first.rule[lang].trim()} (${text.sourceLabel}: ${source})`];
    for (const flag of group.slice(0, FACTS_PER_RULE)) {
      const fact = lang === 'hi' ? (flag.factHi ?? flag.fact) : flag.fact;
      lines.push(`   - ${capitalise(endSentence(fact, lang))}`);
    }
    if (group.length > FACTS_PER_RULE)
      lines.push(`   - ${text.moreFacts(group.length - FACTS_PER_RULE)}`);
    return lines.join('\n');
  });
  return [text.flagsHeading, ...blocks].join('\n');
}

/**
 * A finished step as she would write it: "I complained to the lender in writing on 20 May 2024;
 * complaint or ticket number GRV-12345." Her own steps (no past-tense text) keep her words.
 */
function describeDoneStep(
  lang: DraftLanguage,
  step: ParsedDraftInput['steps'][number],
  zone: string,
): string {
  const day = step.doneAt === null ? null : formatDay(step.doneAt, zone, lang);
  const references = Object.entries(step.references)
    .filter(([, value]) => value.trim() !== '')
    .map(([key, value]) => {
      // A field key that reached here unlabelled ('reference-number') still reads as words.
      const label = /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(key) ? key.replaceAll('-', ' ') : key.trim();
      return lang === 'en' ? `${lowerFirst(label)} ${value.trim()}` : `${label}: ${value.trim()}`;
    });
  const refs = references.length > 0 ? `; ${references.join('; ')}` : '';
  const done = step.done?.trim() ?? '';
  if (lang === 'en') {
    const sentence =
      done === ''
        ? `${day === null ? '' : `On ${day}: `}${step.title.trim()}`
        : `I ${done}${day === null ? '' : ` on ${day}`}`;
    return endSentence(`${sentence}${refs}`);
  }
  const hindiSentence =
    done === ''
      ? `${day === null ? '' : `${day} को: `}${step.title.trim()}`
      : `मैंने ${day === null ? '' : `${day} को `}${done}`;
  return endSentence(`${hindiSentence}${refs}`, 'hi');
}

/** A label inside a sentence: 'Grievance Officer (name or email)' → 'grievance officer (name or email)'; 'NCRP' stays. */
function lowerFirst(text: string): string {
  return text
    .split(' ')
    .map((word) => (/^[A-Z0-9]{2,}\b/.test(word) ? word : word.toLowerCase()))
    .join(' ');
}

function capitalise(text: string): string {
  return text === '' ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function composeRequests(kind: DraftKind, text: DraftPhrases, counterparty: string): string[] {
  const sections: string[] = [];
  if (kind === 'lender' || kind === 'ombudsman')
    sections.push(text.loanAccount(text.placeholder.loanAccount));
  if (kind === 'ombudsman') sections.push(text.priorComplaint(counterparty));
  const requests = text.requests[kind](counterparty).map(
    (request, index) => `${index + 1}. ${request}`,
  );
  sections.push([text.requestsHeading, ...requests].join('\n'));
  if (kind === 'lender') sections.push(text.lenderWarning);
  return sections;
}

function composeEvidence(lang: DraftLanguage, text: DraftPhrases, data: ParsedDraftInput): string {
  if (data.evidence.length === 0) return `${text.evidenceHeading}\n${text.noEvidence}`;
  const items = data.evidence.map((item) => {
    const lines = [`${String(item.number)}. ${item.originalName}`];
    if (item.capturedAt !== null) {
      lines.push(
        `   ${text.capturedLabel}: ${formatMoment(item.capturedAt, data.case.timezone, lang)}`,
      );
    }
    lines.push(`   SHA-256: ${item.sha256}`);
    return lines.join('\n');
  });
  return [text.evidenceHeading, text.evidenceNote, ...items].join('\n');
}

function composeClosing(kind: DraftKind, text: DraftPhrases, data: ParsedDraftInput): string[] {
  if (kind === 'cybercrime') return [text.declaration];
  const name = orPlaceholder(data.complainant?.name, text.placeholder.name);
  return [text.declaration, [text.closing, text.signature, name].join('\n')];
}

/**
 * "12 May 2024, 9:15 pm" / "12 मई 2024, रात 9:15 बजे": a date and time in words on the case's
 * clock, with no zone code (the case's clock is the reader's). A plain YYYY-MM-DD stays a date;
 * anything unreadable is shown as given rather than dropped.
 */
function formatMoment(value: string, zone: string, lang: DraftLanguage): string {
  if (isCalendarDate(value)) return formatCalendarDate(value, lang);
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return value;
  const wall = toLocalWallTime(instant, zone);
  return `${formatDayInWords(wall, lang)}, ${formatClockInWords(wall, lang)}`;
}

/** The day only, in words on the case's clock: "12 May 2024" / "12 मई 2024". */
function formatDay(value: string, zone: string, lang: DraftLanguage): string {
  if (isCalendarDate(value)) return formatCalendarDate(value, lang);
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return value;
  return formatDayInWords(toLocalWallTime(instant, zone), lang);
}

function orPlaceholder(value: string | undefined, placeholder: string): string {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? placeholder : trimmed;
}

function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}

/** Facts come from flag text without a full stop; the rule that follows must read as a new sentence. */
function endSentence(text: string, lang: DraftLanguage = 'en'): string {
  const trimmed = text.trim();
  if (/[.!?।]$/.test(trimmed)) return trimmed;
  return `${trimmed}${lang === 'hi' ? '।' : '.'}`;
}
