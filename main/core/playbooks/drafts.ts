// Complaint drafts: plain, formal text in English or Hindi, built only from the input given, for the
// user to read, correct and sign. Missing details become visible placeholders such as "[Your name]"
// rather than guesses. The annexure lists each file with its SHA-256 so a recipient can check it.
import { z } from 'zod';
import { COUNTERPARTY_KINDS, TimezoneSchema } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { formatCalendarDate, isCalendarDate } from '../time/calendar-date';
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
      rule: z.object({ en: z.string(), hi: z.string() }),
      source: z.object({ title: z.string(), url: z.string() }),
      fact: z.string(),
    }),
  ),
  steps: z.array(
    z.object({
      title: z.string(),
      doneAt: z.string().nullable(),
      /** Label → value; a kebab-case field key reads as words ("reference-number" → "reference number"). */
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
      first: counts.firstAt === null ? null : formatMoment(counts.firstAt, zone, lang),
      last: counts.lastAt === null ? null : formatMoment(counts.lastAt, zone, lang),
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
  if (data.flags.length > 0) {
    const lines = data.flags.map(
      (flag, index) =>
        `${index + 1}. ${endSentence(flag.fact)} ${flag.rule[lang].trim()} (${text.sourceLabel}: ${flag.source.title}, ${flag.source.url})`,
    );
    sections.push([text.flagsHeading, ...lines].join('\n'));
  }
  if (data.steps.length > 0) {
    const lines = data.steps.map((step) => {
      const references = Object.entries(step.references)
        .filter(([, value]) => value.trim() !== '')
        .map(([key, value]) => `${key.replaceAll('-', ' ')}: ${value.trim()}`);
      const when = step.doneAt === null ? '' : `${formatMoment(step.doneAt, zone, lang)}: `;
      const refs = references.length > 0 ? ` (${references.join('; ')})` : '';
      return `- ${when}${step.title.trim()}${refs}`;
    });
    sections.push([text.stepsHeading, ...lines].join('\n'));
  }
  return sections;
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
 * "12 March 2026, 21:15 IST": a date and 24-hour time in the case's zone, as the BSA certificate
 * and police forms use. Month names are our own so the output is the same on every ICU build. A
 * plain YYYY-MM-DD stays a date; anything unreadable is shown as given rather than dropped.
 */
function formatMoment(value: string, zone: string, lang: DraftLanguage): string {
  if (isCalendarDate(value)) return formatCalendarDate(value, lang);
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return value;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  const zoneLabel = zone === 'Asia/Kolkata' || zone === 'Asia/Calcutta' ? 'IST' : zone;
  const day = isCalendarDate(date) ? formatCalendarDate(date, lang) : date;
  return `${day}, ${part('hour')}:${part('minute')} ${zoneLabel}`;
}

function orPlaceholder(value: string | undefined, placeholder: string): string {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? placeholder : trimmed;
}

function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}

/** Facts come from flag text without a full stop; the rule that follows must read as a new sentence. */
function endSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?।]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
