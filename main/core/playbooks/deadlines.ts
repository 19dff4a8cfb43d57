// Works out, for one case, which steps are open, which wait, and which are late. Pure: the caller
// passes the user's records and today's date (a calendar date in the case's time zone), so the same
// inputs always give the same schedule. All dates are 'YYYY-MM-DD' calendar days (see calendar-date).
import { STEP_STATUSES } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import {
  addDays,
  compareDates,
  formatCalendarDate,
  isCalendarDate,
  parseCalendarDate,
} from '../time/calendar-date';
import { describeCycle, findDependencyCycle, listStepDependencies } from './dependency-graph';
import type {
  Deadline,
  DeadlineKind,
  LocalizedText,
  NotBefore,
  Playbook,
  PlaybookStep,
  RuleStatus,
} from './schema';

export type StepStatus = (typeof STEP_STATUSES)[number];

/** What the user has recorded for a step. A record without a status yet counts as 'todo'. */
export interface StepRecord {
  status: StepStatus;
  doneAt?: string | null;
  fields?: Readonly<Record<string, string>>;
}

export type StepRecords = Readonly<Record<string, StepRecord>>;

/** A step the user added to a case themselves, in their own words. */
export interface CustomStep {
  id: string;
  title: string;
  after?: readonly string[];
  dueDate?: string | null;
}

export interface ScheduledDeadline {
  label: LocalizedText;
  /** Null until the date it counts from is known, e.g. before the lender has replied. */
  date: string | null;
  kind: DeadlineKind;
  overdue: boolean;
}

export interface StepSchedule {
  stepId: string;
  origin: 'playbook' | 'custom';
  title: LocalizedText;
  status: StepStatus;
  /** The done date, only while the status is 'done'. */
  doneAt: string | null;
  /** The key the record was found under: the step id, a former id, or null when nothing is recorded. */
  recordId: string | null;
  /** Steps this one waits for that are neither done nor marked not applicable. */
  blockedBy: string[];
  /** The first day the step can be done, kept even once passed so the UI can say "from 19 June". */
  notBeforeDate: string | null;
  notBeforeReason: LocalizedText | null;
  deadlines: ScheduledDeadline[];
  isAvailable: boolean;
  isOverdue: boolean;
  /** The playbook's confidence in the rule behind the step; null for the user's own steps. */
  ruleStatus: RuleStatus | null;
}

/** A record that no step claims, e.g. after a playbook update removed a step. Never dropped. */
export interface OrphanRecord {
  recordId: string;
  record: StepRecord;
}

const TODO: StepRecord = { status: 'todo' };

const DEFAULT_WAIT_REASON: LocalizedText = {
  en: 'You can do this step from {date}.',
  hi: 'आप यह कदम {date} से कर सकते हैं।',
};

const CUSTOM_DUE_LABEL: LocalizedText = { en: 'Your own due date', hi: 'आपकी अपनी तय की हुई तारीख' };

/**
 * The schedule of every playbook step, then every custom step, in order. A "not before" wait is
 * returned with its date and reason rather than hiding the step. Records under a step's former id
 * count for that step; records nobody claims are listed by `findOrphanRecords`.
 */
export function computeStepSchedule(
  playbook: Playbook,
  records: StepRecords,
  today: string,
  customSteps: readonly CustomStep[] = [],
): StepSchedule[] {
  if (parseCalendarDate(today) === null) {
    throw new SakshyaError('INVALID_INPUT', `today is not a YYYY-MM-DD date: ${today}`);
  }
  checkCustomSteps(playbook, customSteps);
  const { byStep } = matchRecords(playbook, records, customSteps);
  const recordOf = (id: string): StepRecord => byStep.get(id)?.record ?? TODO;
  const isResolved = (id: string): boolean => ['done', 'na'].includes(recordOf(id).status);

  const fromPlaybook = playbook.steps.map((step): StepSchedule => {
    const record = recordOf(step.id);
    const notBeforeDate = step.notBefore ? computeWaitEnd(step.notBefore, recordOf) : null;
    const reason = step.notBefore?.reason ?? DEFAULT_WAIT_REASON;
    const deadlines =
      record.status === 'na'
        ? []
        : (step.deadlines ?? []).flatMap((deadline) =>
            scheduleDeadline(deadline, record, recordOf, today),
          );
    return finishSchedule({
      stepId: step.id,
      origin: 'playbook',
      title: step.title,
      record,
      recordId: byStep.get(step.id)?.recordId ?? null,
      blockedBy: listStepDependencies(step).filter((id) => !isResolved(id)),
      notBeforeDate,
      notBeforeReason: notBeforeDate === null ? null : fillDate(reason, notBeforeDate, today),
      deadlines,
      ruleStatus: step.status,
      today,
    });
  });

  const fromUser = customSteps.map((custom): StepSchedule => {
    const record = recordOf(custom.id);
    const due = custom.dueDate ?? null;
    const open = record.status === 'todo' || record.status === 'doing';
    return finishSchedule({
      stepId: custom.id,
      origin: 'custom',
      title: { en: custom.title, hi: custom.title },
      record,
      recordId: byStep.get(custom.id)?.recordId ?? null,
      blockedBy: (custom.after ?? []).filter((id) => !isResolved(id)),
      notBeforeDate: null,
      notBeforeReason: null,
      deadlines:
        due === null || record.status === 'na'
          ? []
          : [
              {
                label: CUSTOM_DUE_LABEL,
                date: due,
                kind: 'due',
                overdue: open && compareDates(today, due) > 0,
              },
            ],
      ruleStatus: null,
      today,
    });
  });

  return [...fromPlaybook, ...fromUser];
}

/** Records that no playbook step (by id or former id) and no custom step claims. */
export function findOrphanRecords(
  playbook: Playbook,
  records: StepRecords,
  customSteps: readonly CustomStep[] = [],
): OrphanRecord[] {
  return matchRecords(playbook, records, customSteps).orphans;
}

/**
 * At most `limit` steps to show as "next": overdue steps first (the longest overdue first), then
 * steps that can be done now, by earliest deadline; steps with no deadline keep playbook order.
 */
export function selectNextSteps(schedules: readonly StepSchedule[], limit = 3): StepSchedule[] {
  if (!Number.isInteger(limit) || limit < 0)
    throw new SakshyaError('INVALID_INPUT', `limit must be 0 or more: ${limit}`);
  const open = schedules.filter(
    (schedule) => schedule.status === 'todo' || schedule.status === 'doing',
  );
  const overdue = open.filter((schedule) => schedule.isOverdue);
  const available = open.filter((schedule) => !schedule.isOverdue && schedule.isAvailable);
  // Array.prototype.sort is stable, so equal dates keep the order the playbook gives them.
  const byDeadline = (a: StepSchedule, b: StepSchedule): number =>
    compareOptionalDates(findEarliestOwnDeadline(a), findEarliestOwnDeadline(b));
  return [...overdue.sort(byDeadline), ...available.sort(byDeadline)].slice(0, limit);
}

interface ScheduleParts {
  stepId: string;
  origin: StepSchedule['origin'];
  title: LocalizedText;
  record: StepRecord;
  recordId: string | null;
  blockedBy: string[];
  notBeforeDate: string | null;
  notBeforeReason: LocalizedText | null;
  deadlines: ScheduledDeadline[];
  ruleStatus: RuleStatus | null;
  today: string;
}

function finishSchedule(parts: ScheduleParts): StepSchedule {
  const { record, today } = parts;
  const open = record.status === 'todo' || record.status === 'doing';
  const waitOver = parts.notBeforeDate === null || compareDates(today, parts.notBeforeDate) >= 0;
  return {
    stepId: parts.stepId,
    origin: parts.origin,
    title: parts.title,
    status: record.status,
    doneAt: readDoneDate(record),
    recordId: parts.recordId,
    blockedBy: parts.blockedBy,
    notBeforeDate: parts.notBeforeDate,
    notBeforeReason: parts.notBeforeReason,
    deadlines: parts.deadlines,
    isAvailable: open && parts.blockedBy.length === 0 && waitOver,
    isOverdue:
      open &&
      parts.deadlines.some((deadline) => deadline.overdue && deadline.kind !== 'response-due'),
    ruleStatus: parts.ruleStatus,
  };
}

/** The first day after the wait, or null when there is no wait: not started, waived or not applicable. */
function computeWaitEnd(wait: NotBefore, recordOf: (id: string) => StepRecord): string | null {
  const anchorRecord = recordOf(wait.step);
  if (anchorRecord.status === 'na') return null;
  if (wait.unlessFilled !== undefined && isFilled(anchorRecord.fields?.[wait.unlessFilled]))
    return null;
  const anchor =
    wait.field === undefined ? readDoneDate(anchorRecord) : readDateField(anchorRecord, wait.field);
  return anchor === null ? null : addDays(anchor, wait.days + 1);
}

function scheduleDeadline(
  deadline: Deadline,
  ownRecord: StepRecord,
  recordOf: (id: string) => StepRecord,
  today: string,
): ScheduledDeadline[] {
  const anchorRecord = recordOf(deadline.from.step);
  if (anchorRecord.status === 'na') return [];
  if (deadline.unlessFilled !== undefined && isFilled(anchorRecord.fields?.[deadline.unlessFilled]))
    return [];
  const anchor =
    deadline.from.field === undefined
      ? readDoneDate(anchorRecord)
      : readDateField(anchorRecord, deadline.from.field);
  const date = anchor === null ? null : addDays(anchor, deadline.days);
  const stillOpen = ownRecord.status === 'todo' || ownRecord.status === 'doing';
  // The other side's time limit runs whatever our status; ours stop mattering once the step is done.
  const counts = deadline.kind === 'response-due' || stillOpen;
  return [
    {
      label: deadline.label,
      date,
      kind: deadline.kind,
      overdue: date !== null && counts && compareDates(today, date) > 0,
    },
  ];
}

function findEarliestOwnDeadline(schedule: StepSchedule): string | null {
  let earliest: string | null = null;
  for (const deadline of schedule.deadlines) {
    if (deadline.kind === 'response-due' || deadline.date === null) continue;
    if (schedule.isOverdue && !deadline.overdue) continue;
    if (earliest === null || compareDates(deadline.date, earliest) < 0) earliest = deadline.date;
  }
  return earliest;
}

function compareOptionalDates(a: string | null, b: string | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compareDates(a, b);
}

/** A bad or missing date reads as "not known yet" rather than failing the whole case page. */
function readDoneDate(record: StepRecord): string | null {
  return record.status === 'done' && isCalendarDate(record.doneAt) ? record.doneAt : null;
}

function readDateField(record: StepRecord, key: string): string | null {
  const value = record.fields?.[key]?.trim();
  return isCalendarDate(value) ? value : null;
}

function isFilled(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function fillDate(template: LocalizedText, date: string, today: string): LocalizedText {
  return {
    en: template.en.replaceAll('{date}', formatCalendarDate(date, 'en', today)),
    hi: template.hi.replaceAll('{date}', formatCalendarDate(date, 'hi', today)),
  };
}

interface MatchedRecords {
  byStep: Map<string, { recordId: string; record: StepRecord }>;
  orphans: OrphanRecord[];
}

function matchRecords(
  playbook: Playbook,
  records: StepRecords,
  customSteps: readonly CustomStep[],
): MatchedRecords {
  const byStep = new Map<string, { recordId: string; record: StepRecord }>();
  const claim = (stepId: string, candidates: readonly string[]): void => {
    for (const recordId of candidates) {
      const record = Object.hasOwn(records, recordId) ? records[recordId] : undefined;
      if (record) {
        byStep.set(stepId, { recordId, record });
        return;
      }
    }
  };
  for (const step of playbook.steps) claim(step.id, [step.id, ...(step.formerIds ?? [])]);
  for (const custom of customSteps) claim(custom.id, [custom.id]);
  const claimed = new Set([...byStep.values()].map((match) => match.recordId));
  const orphans = Object.entries(records)
    .filter(([recordId]) => !claimed.has(recordId))
    .map(([recordId, record]) => ({ recordId, record }));
  return { byStep, orphans };
}

function checkCustomSteps(playbook: Playbook, customSteps: readonly CustomStep[]): void {
  const stepIds = new Set(playbook.steps.map((step) => step.id));
  const taken = new Set(
    playbook.steps.flatMap((step: PlaybookStep) => [step.id, ...(step.formerIds ?? [])]),
  );
  const customIds = new Set<string>();
  for (const custom of customSteps) {
    if (custom.id.trim() === '' || taken.has(custom.id) || customIds.has(custom.id)) {
      throw new SakshyaError(
        'INVALID_INPUT',
        `custom step id '${custom.id}' is empty or already used`,
      );
    }
    customIds.add(custom.id);
    if (custom.dueDate != null && !isCalendarDate(custom.dueDate)) {
      throw new SakshyaError(
        'INVALID_INPUT',
        `custom step '${custom.id}' has a due date that is not YYYY-MM-DD`,
      );
    }
  }
  for (const custom of customSteps) {
    for (const id of custom.after ?? []) {
      if (!stepIds.has(id) && !customIds.has(id)) {
        throw new SakshyaError(
          'INVALID_INPUT',
          `custom step '${custom.id}' waits for unknown step '${id}'`,
        );
      }
    }
  }
  const cycle = findDependencyCycle([
    ...playbook.steps.map((step) => ({ id: step.id, dependsOn: listStepDependencies(step) })),
    ...customSteps.map((custom) => ({ id: custom.id, dependsOn: custom.after ?? [] })),
  ]);
  if (cycle)
    throw new SakshyaError(
      'INVALID_INPUT',
      `custom steps make a dependency cycle: ${describeCycle(cycle)}`,
    );
}
