// A case's progress through its playbooks and its own steps: the schedule worked out from the
// stored step records, and recording a step's status with its custody entry and (once done) a
// timeline event. The database keys a record by '<playbookId>/<stepId>' (and 'custom/<id>' for a
// step the user added), so one case can follow several playbooks, and dropping a playbook from a
// case's choice never touches what was recorded under it.
import { CUSTOM_PLAYBOOK_ID } from '../../../shared/contract/steps';
import type { Case, Step } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { CasePlanRepository, type StoredCustomStep } from '../db/repositories/case-plan';
import { EventsRepository } from '../db/repositories/events';
import { StepsRepository } from '../db/repositories/steps';
import { zonedWallTimeToUtc } from '../time/zoned-time';
import { isCalendarDate, toCalendarDateInZone } from '../time/calendar-date';

export { toCalendarDateInZone };
import {
  computeStepSchedule,
  findOrphanRecords,
  type CustomStep,
  type OrphanRecord,
  type StepRecord,
  type StepSchedule,
  type StepStatus,
} from '../playbooks/deadlines';
import { findPlaybook, loadPlaybooks, suggestPlaybooks } from '../playbooks/load-playbooks';
import type { LocalizedText, Playbook, PlaybookStep } from '../playbooks/schema';
import type { Vault } from '../vault/vault';

export interface CaseStep extends StepSchedule {
  /** '<playbookId>/<stepId>' (or 'custom/<id>'), the id `setCaseStep` takes. */
  ref: string;
  references: Record<string, string>;
  notes: string;
  proofEvidenceIds: string[];
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
  notes?: string;
  /** Replaces the linked proof; each must be evidence of this case. */
  proofEvidenceIds?: string[];
}

/** A stored record under a playbook the case no longer follows, or a step no playbook has now. */
export interface KeptStepRecord {
  ref: string;
  title: LocalizedText | null;
  status: StepStatus;
  doneAt: string | null;
  references: Record<string, string>;
  notes: string;
}

const CUSTOM_TITLE: LocalizedText = { en: 'Your own steps', hi: 'आपके अपने कदम' };

/** The user's own steps scheduled as a playbook with no steps of its own. */
const CUSTOM_PLAYBOOK: Playbook = {
  id: CUSTOM_PLAYBOOK_ID,
  version: 1,
  effectiveFrom: '2024-01-01',
  title: CUSTOM_TITLE,
  summary: CUSTOM_TITLE,
  suggestedFor: ['other'],
  steps: [],
};

/** The playbook ids a case follows: the user's choice once made, else the suggestion for its counterparty. */
export function listCasePlaybookIds(vault: Vault, found: Case): string[] {
  return (
    new CasePlanRepository(vault.db).findChoice(found.id) ??
    suggestPlaybooks(found.counterparty.kind)
  );
}

export function hasChosenPlaybooks(vault: Vault, caseId: string): boolean {
  return new CasePlanRepository(vault.db).findChoice(caseId) !== null;
}

/** The playbooks a case follows. A chosen id no bundled playbook has any more is skipped; its records are kept. */
export function listCasePlaybooks(vault: Vault, found: Case): Playbook[] {
  return listCasePlaybookIds(vault, found).flatMap((id) => findPlaybook(id) ?? []);
}

/**
 * Saves the case's playbook choice. Only bundled playbook ids are accepted. Records of playbooks
 * left out stay in the database and come back in `listKeptRecords`, or in full if chosen again.
 */
export function chooseCasePlaybooks(
  vault: Vault,
  caseId: string,
  playbookIds: readonly string[],
): string[] {
  const found = vault.getCase(caseId);
  const known = new Set(loadPlaybooks().map((playbook) => playbook.id));
  const unknown = playbookIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SakshyaError('INVALID_INPUT', `unknown playbook: ${unknown.join(', ')}`);
  }
  const db = vault.db;
  return db.transaction(() => {
    const before = listCasePlaybookIds(vault, found);
    const saved = new CasePlanRepository(db).saveChoice(caseId, playbookIds);
    vault.record('case.playbooks-chosen', `case:${caseId}`, { from: before, to: saved });
    return saved;
  })();
}

/** Every step of every playbook the case follows, then its own steps, scheduled for `today` ('YYYY-MM-DD', case zone). */
export function listCaseSteps(vault: Vault, caseId: string, today: string): CasePlaybookSteps[] {
  const found = vault.getCase(caseId);
  const stored = new StepsRepository(vault.db).listByCase(caseId);
  const customs = new CasePlanRepository(vault.db).listCustomSteps(caseId);
  const sections = listCasePlaybooks(vault, found).map((playbook) =>
    scheduleSection(playbook, stored, found.timezone, today, []),
  );
  if (customs.length > 0) {
    sections.push(
      scheduleSection(CUSTOM_PLAYBOOK, stored, found.timezone, today, customs.map(toCustomStep)),
    );
  }
  return sections;
}

/**
 * Records kept in the database that the case's current steps do not show: under a playbook no
 * longer chosen, or under a step a playbook update removed. They are listed, never deleted.
 */
export function listKeptRecords(vault: Vault, caseId: string, today: string): KeptStepRecord[] {
  const found = vault.getCase(caseId);
  const shown = listCaseSteps(vault, caseId, today);
  const claimed = new Set(
    shown.flatMap((section) =>
      section.steps.flatMap((step) =>
        step.recordId === null ? [] : [`${section.playbookId}/${step.recordId}`],
      ),
    ),
  );
  return new StepsRepository(vault.db)
    .listByCase(caseId)
    .filter((step) => !claimed.has(step.playbookStepId))
    .map((step) => ({
      ref: step.playbookStepId,
      title: findStepTitle(step.playbookStepId),
      status: step.status,
      doneAt: step.doneAt === null ? null : toCalendarDateInZone(step.doneAt, found.timezone),
      references: step.references,
      notes: step.notes,
    }));
}

/** Adds a step of the user's own to the case; it is recorded under 'custom/<id>'. */
export function addCustomStep(
  vault: Vault,
  caseId: string,
  input: { title: string; dueDate?: string | null; notes?: string },
): CaseStep {
  vault.getCase(caseId);
  if (input.dueDate != null && !isCalendarDate(input.dueDate)) {
    throw new SakshyaError(
      'INVALID_INPUT',
      'the due date must be a real day written as YYYY-MM-DD',
    );
  }
  const db = vault.db;
  const added = db.transaction(() => {
    const step = new CasePlanRepository(db).addCustomStep({
      caseId,
      title: input.title,
      dueDate: input.dueDate ?? null,
    });
    const ref = `${CUSTOM_PLAYBOOK_ID}/${step.id}`;
    const notes = input.notes?.trim() ?? '';
    if (notes !== '') {
      new StepsRepository(db).upsert({ caseId, playbookStepId: ref, status: 'todo', notes });
    }
    vault.record('step.added', `case:${caseId}`, {
      step: ref,
      dueDate: step.dueDate,
    });
    return ref;
  })();
  return requireCaseStep(vault, caseId, added);
}

/**
 * Records a step's status, and optionally its references, notes and proof. The step row, its
 * custody entry and, when the step becomes done, a 'step' timeline event are written in one
 * transaction, so none exists without the others.
 */
export function setCaseStep(
  vault: Vault,
  caseId: string,
  stepRef: string,
  update: StepUpdate,
): CaseStep {
  const found = vault.getCase(caseId);
  const target = resolveStepRef(vault, found, stepRef);
  if (update.date !== undefined && update.status !== 'done') {
    throw new SakshyaError('INVALID_INPUT', 'a date can only be given when the status is done');
  }
  if (update.date !== undefined && !isCalendarDate(update.date)) {
    throw new SakshyaError('INVALID_INPUT', 'the date must be a real day written as YYYY-MM-DD');
  }
  checkRefs(target, update.refs ?? {});
  const today = toCalendarDateInZone(new Date().toISOString(), found.timezone);
  const day = update.date ?? today;
  // A future done date would put a step on the timeline and in the custody log before it happened.
  if (day > today) {
    throw new SakshyaError('INVALID_INPUT', 'a step cannot be done on a day that has not come yet');
  }
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
      ...(update.notes === undefined ? {} : { notes: update.notes }),
      ...(update.proofEvidenceIds === undefined
        ? {}
        : { proofEvidenceIds: update.proofEvidenceIds }),
    });
    const becameDone = update.status === 'done' && current?.status !== 'done';
    const event =
      becameDone && doneAt !== null
        ? new EventsRepository(db).insert({
            caseId,
            kind: 'step',
            occurredAt: doneAt,
            text: target.title,
            details: { source: 'step', step: stepRef },
          })
        : null;
    // Notes are the user's words: the log says that they changed, not what they say.
    vault.record('step.updated', `step:${saved.id}`, {
      caseId,
      step: stepRef,
      from: current?.status ?? null,
      status: saved.status,
      doneAt: saved.doneAt,
      references: Object.entries(references).map(([key, value]) => `${key}=${value}`),
      notesChanged: update.notes !== undefined && update.notes !== (current?.notes ?? ''),
      proof: saved.proofEvidenceIds,
      eventId: event?.id ?? null,
    });
  })();
  return requireCaseStep(vault, caseId, stepRef);
}

export function todayInCase(vault: Vault, caseId: string): string {
  return toCalendarDateInZone(new Date().toISOString(), vault.getCase(caseId).timezone);
}

function requireCaseStep(vault: Vault, caseId: string, ref: string): CaseStep {
  const today = todayInCase(vault, caseId);
  const result = listCaseSteps(vault, caseId, today)
    .flatMap((section) => section.steps)
    .find((entry) => entry.ref === ref);
  if (result === undefined) throw new SakshyaError('NOT_FOUND', `step ${ref} not found`);
  return result;
}

function scheduleSection(
  playbook: Playbook,
  stored: readonly Step[],
  timezone: string,
  today: string,
  customs: readonly CustomStep[],
): CasePlaybookSteps {
  const prefix = `${playbook.id}/`;
  const records: Record<string, StepRecord> = {};
  const extras = new Map<string, Step>();
  for (const step of stored) {
    if (!step.playbookStepId.startsWith(prefix)) continue;
    const key = step.playbookStepId.slice(prefix.length);
    records[key] = {
      status: step.status,
      doneAt: step.doneAt === null ? null : toCalendarDateInZone(step.doneAt, timezone),
      fields: step.references,
    };
    extras.set(key, step);
  }
  const steps = computeStepSchedule(playbook, records, today, customs).map((schedule) => {
    const row = schedule.recordId === null ? undefined : extras.get(schedule.recordId);
    return {
      ...schedule,
      ref: `${playbook.id}/${schedule.stepId}`,
      references: { ...(row?.references ?? {}) },
      notes: row?.notes ?? '',
      proofEvidenceIds: [...(row?.proofEvidenceIds ?? [])],
    };
  });
  return {
    playbookId: playbook.id,
    title: playbook.title,
    steps,
    orphans: findOrphanRecords(playbook, records, customs),
  };
}

function toCustomStep(stored: StoredCustomStep): CustomStep {
  return { id: stored.id, title: stored.title, dueDate: stored.dueDate };
}

interface StepTarget {
  title: string;
  step: PlaybookStep | null;
}

function resolveStepRef(vault: Vault, found: Case, stepRef: string): StepTarget {
  const [playbookId, stepId, ...rest] = stepRef.split('/');
  if (rest.length === 0 && playbookId === CUSTOM_PLAYBOOK_ID) {
    const custom = new CasePlanRepository(vault.db)
      .listCustomSteps(found.id)
      .find((candidate) => candidate.id === stepId);
    if (custom !== undefined) return { title: custom.title, step: null };
  }
  const playbook = listCasePlaybooks(vault, found).find((candidate) => candidate.id === playbookId);
  const step = playbook?.steps.find((candidate) => candidate.id === stepId);
  if (rest.length > 0 || playbook === undefined || step === undefined) {
    throw new SakshyaError(
      'NOT_FOUND',
      `no step '${stepRef}' in this case's playbooks (expected <playbook>/<step>, see \`sakshya steps\`)`,
    );
  }
  return { title: step.title.en, step };
}

/** Unknown keys are refused rather than stored, since a misspelt key would never fill a deadline. */
function checkRefs(target: StepTarget, refs: Record<string, string>): void {
  const step = target.step;
  for (const [key, value] of Object.entries(refs)) {
    const field = step?.fields.find((candidate) => candidate.key === key);
    if (step === null || field === undefined) {
      const listed = step?.fields.map((candidate) => candidate.key).join(', ') ?? '';
      const known = listed === '' ? 'none' : listed;
      throw new SakshyaError(
        'INVALID_INPUT',
        `step '${step?.id ?? 'own step'}' has no field '${key}' (fields: ${known})`,
      );
    }
    if (field.kind === 'date' && value.trim() !== '' && !isCalendarDate(value.trim())) {
      throw new SakshyaError('INVALID_INPUT', `field '${key}' must be a YYYY-MM-DD date`);
    }
  }
}

function findStepTitle(ref: string): LocalizedText | null {
  const [playbookId = '', stepId = ''] = ref.split('/');
  const playbook = findPlaybook(playbookId);
  const step = playbook?.steps.find(
    (candidate) => candidate.id === stepId || (candidate.formerIds ?? []).includes(stepId),
  );
  return step?.title ?? null;
}
