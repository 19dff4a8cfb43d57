// A case's progress through its playbooks: the schedule worked out from the stored step records,
// and recording a step's status with its custody entry and (once done) a timeline event.
// The database keys a record by '<playbookId>/<stepId>', so one case can follow several playbooks.
import type { Case } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { EventsRepository } from '../db/repositories/events';
import { StepsRepository } from '../db/repositories/steps';
import { zonedWallTimeToUtc } from '../import/zoned-time';
import { isCalendarDate } from '../playbooks/calendar-date';
import {
  computeStepSchedule,
  findOrphanRecords,
  type OrphanRecord,
  type StepRecord,
  type StepSchedule,
  type StepStatus,
} from '../playbooks/deadlines';
import { findPlaybook, suggestPlaybooks } from '../playbooks/load-playbooks';
import type { LocalizedText, Playbook, PlaybookStep } from '../playbooks/schema';
import type { Vault } from '../vault/vault';

export interface CaseStep extends StepSchedule {
  /** '<playbookId>/<stepId>', the id `setCaseStep` takes. */
  ref: string;
  references: Record<string, string>;
}

export interface CasePlaybookSteps {
  playbookId: string;
  title: LocalizedText;
  steps: CaseStep[];
  /** Records no current step claims (e.g. a step removed in a playbook update); never dropped. */
  orphans: OrphanRecord[];
}

export interface StepUpdate {
  status: StepStatus;
  /** The calendar day it was done, in the case's zone; only with 'done'. Defaults to today. */
  date?: string;
  /** Field key → value; merged into what is already recorded. */
  refs?: Record<string, string>;
}

/**
 * The playbooks a case follows. There is no stored per-case choice yet, so this is the suggestion
 * for the counterparty's kind; records of a playbook no longer suggested stay in the database.
 */
export function listCasePlaybooks(found: Case): Playbook[] {
  return suggestPlaybooks(found.counterparty.kind).flatMap((id) => findPlaybook(id) ?? []);
}

/** Every step of every playbook the case follows, scheduled for `today` ('YYYY-MM-DD', case zone). */
export function listCaseSteps(vault: Vault, caseId: string, today: string): CasePlaybookSteps[] {
  const found = vault.getCase(caseId);
  const stored = new StepsRepository(vault.db).listByCase(caseId);
  return listCasePlaybooks(found).map((playbook) => {
    const prefix = `${playbook.id}/`;
    const records: Record<string, StepRecord> = {};
    for (const step of stored) {
      if (!step.playbookStepId.startsWith(prefix)) continue;
      records[step.playbookStepId.slice(prefix.length)] = {
        status: step.status,
        doneAt: step.doneAt === null ? null : toCalendarDateInZone(step.doneAt, found.timezone),
        fields: step.references,
      };
    }
    const steps = computeStepSchedule(playbook, records, today).map((schedule) => ({
      ...schedule,
      ref: `${playbook.id}/${schedule.stepId}`,
      references: { ...(records[schedule.recordId ?? '']?.fields ?? {}) },
    }));
    return {
      playbookId: playbook.id,
      title: playbook.title,
      steps,
      orphans: findOrphanRecords(playbook, records),
    };
  });
}

/**
 * Records a step's status. The step row, its custody entry and, when the step becomes done, a
 * 'step' timeline event are written in one transaction, so none exists without the others.
 */
export function setCaseStep(
  vault: Vault,
  caseId: string,
  stepRef: string,
  update: StepUpdate,
): CaseStep {
  const found = vault.getCase(caseId);
  const { playbook, step } = resolveStepRef(found, stepRef);
  if (update.date !== undefined && update.status !== 'done') {
    throw new SakshyaError('INVALID_INPUT', 'a date can only be given when the status is done');
  }
  if (update.date !== undefined && !isCalendarDate(update.date)) {
    throw new SakshyaError('INVALID_INPUT', 'the date must be a real day written as YYYY-MM-DD');
  }
  checkRefs(step, update.refs ?? {});
  const today = toCalendarDateInZone(new Date().toISOString(), found.timezone);
  const day = update.date ?? today;
  // Noon on the case's clock keeps the day the same whatever zone the instant is later shown in.
  const doneAt =
    update.status === 'done' ? zonedWallTimeToUtc(`${day}T12:00:00`, found.timezone) : null;
  const db = vault.db;
  const repo = new StepsRepository(db);
  db.transaction(() => {
    const current = repo.find(caseId, stepRef);
    const references = { ...(current?.references ?? {}), ...(update.refs ?? {}) };
    const saved = repo.upsert({
      caseId,
      playbookStepId: stepRef,
      status: update.status,
      doneAt,
      references,
    });
    const becameDone = update.status === 'done' && current?.status !== 'done';
    const event =
      becameDone && doneAt !== null
        ? new EventsRepository(db).insert({
            caseId,
            kind: 'step',
            occurredAt: doneAt,
            text: step.title.en,
            details: { source: 'step', step: stepRef },
          })
        : null;
    vault.record('step.updated', `step:${saved.id}`, {
      caseId,
      step: stepRef,
      from: current?.status ?? null,
      status: saved.status,
      doneAt: saved.doneAt,
      references: Object.entries(references).map(([key, value]) => `${key}=${value}`),
      eventId: event?.id ?? null,
    });
  })();
  const result = listCaseSteps(vault, caseId, today)
    .find((entry) => entry.playbookId === playbook.id)
    ?.steps.find((entry) => entry.stepId === step.id);
  if (result === undefined) throw new SakshyaError('NOT_FOUND', `step ${stepRef} not found`);
  return result;
}

/** The calendar day an instant falls on in `timeZone`, as 'YYYY-MM-DD'. */
export function toCalendarDateInZone(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function resolveStepRef(found: Case, stepRef: string): { playbook: Playbook; step: PlaybookStep } {
  const [playbookId, stepId, ...rest] = stepRef.split('/');
  const playbook = listCasePlaybooks(found).find((candidate) => candidate.id === playbookId);
  const step = playbook?.steps.find((candidate) => candidate.id === stepId);
  if (rest.length > 0 || playbook === undefined || step === undefined) {
    throw new SakshyaError(
      'NOT_FOUND',
      `no step '${stepRef}' in this case's playbooks (expected <playbook>/<step>, see \`sakshya steps\`)`,
    );
  }
  return { playbook, step };
}

/** Unknown keys are refused rather than stored, since a misspelt key would never fill a deadline. */
function checkRefs(step: PlaybookStep, refs: Record<string, string>): void {
  for (const [key, value] of Object.entries(refs)) {
    const field = step.fields.find((candidate) => candidate.key === key);
    if (field === undefined) {
      const known = step.fields.map((candidate) => candidate.key).join(', ') || 'none';
      throw new SakshyaError(
        'INVALID_INPUT',
        `step '${step.id}' has no field '${key}' (fields: ${known})`,
      );
    }
    if (field.kind === 'date' && value.trim() !== '' && !isCalendarDate(value.trim())) {
      throw new SakshyaError('INVALID_INPUT', `field '${key}' must be a YYYY-MM-DD date`);
    }
  }
}
