// Turns a case's scheduled steps into what the Steps tab and "Next steps" show: every step with its
// playbook text in both languages (so switching language needs no new call), what it waits for by
// name, and the case's progress.
import {
  CUSTOM_PLAYBOOK_ID,
  countStepProgress,
  orderNextSteps,
  type NextStep,
  type StepSection,
  type StepView,
  type StepsList,
} from '../../../shared/contract/steps';
import { findPlaybook } from '../playbooks/load-playbooks';
import { PLAYBOOK_PLATFORMS, type PlaybookStep } from '../playbooks/schema';
import type { Vault } from '../vault/vault';
import {
  listCaseSteps,
  listKeptRecords,
  todayInCase,
  type CasePlaybookSteps,
  type CaseStep,
} from './case-steps';

export function describeCaseSteps(
  vault: Vault,
  caseId: string,
  today = todayInCase(vault, caseId),
): StepsList {
  const sections = listCaseSteps(vault, caseId, today);
  const views = sections.map((section) => toSectionView(section, sections));
  return {
    today,
    sections: views,
    kept: listKeptRecords(vault, caseId, today),
    progress: countStepProgress(views.flatMap((section) => section.steps)),
  };
}

export function listNextSteps(
  vault: Vault,
  caseId: string,
  limit = 3,
  today = todayInCase(vault, caseId),
): { today: string; items: NextStep[] } {
  const list = describeCaseSteps(vault, caseId, today);
  return {
    today,
    items: orderNextSteps(
      list.sections.flatMap((s) => s.steps),
      limit,
    ),
  };
}

export function findStepView(list: StepsList, ref: string): StepView | undefined {
  return list.sections.flatMap((section) => section.steps).find((step) => step.ref === ref);
}

function toSectionView(section: CasePlaybookSteps, all: readonly CasePlaybookSteps[]): StepSection {
  const playbook =
    section.playbookId === CUSTOM_PLAYBOOK_ID ? null : findPlaybook(section.playbookId);
  const titleOf = new Map(section.steps.map((step) => [step.stepId, step.title]));
  return {
    playbookId: section.playbookId,
    title: section.title,
    summary: playbook?.summary ?? null,
    steps: section.steps.map((step) =>
      toStepView(
        section.playbookId,
        step,
        playbook?.steps.find((candidate) => candidate.id === step.stepId) ?? null,
        (id) => titleOf.get(id) ?? findTitleElsewhere(all, id),
      ),
    ),
  };
}

function toStepView(
  playbookId: string,
  step: CaseStep,
  source: PlaybookStep | null,
  titleOf: (id: string) => StepView['title'],
): StepView {
  return {
    ref: step.ref,
    playbookId,
    origin: step.origin,
    title: step.title,
    why: source?.why ?? null,
    appliesWhen: source?.appliesWhen ?? null,
    how: source?.how.default ?? [],
    howByPlatform: PLAYBOOK_PLATFORMS.flatMap((platform) => {
      const list = source?.how[platform];
      return list === undefined ? [] : [{ platform, steps: list }];
    }),
    fields: (source?.fields ?? []).map((field) => ({
      key: field.key,
      label: field.label,
      kind: field.kind,
      required: field.required ?? false,
    })),
    proofHint: source?.proof ?? null,
    source: source?.source ?? null,
    ruleStatus: step.ruleStatus,
    effectiveFrom: source?.effectiveFrom ?? null,
    draftKind: source?.draft ?? null,
    status: step.status,
    doneAt: step.doneAt,
    references: step.references,
    notes: step.notes,
    proofEvidenceIds: step.proofEvidenceIds,
    blockedBy: step.blockedBy.map((id) => ({ ref: `${playbookId}/${id}`, title: titleOf(id) })),
    notBeforeDate: step.notBeforeDate,
    notBeforeReason: step.notBeforeReason,
    deadlines: step.deadlines,
    isAvailable: step.isAvailable,
    isOverdue: step.isOverdue,
  };
}

function findTitleElsewhere(all: readonly CasePlaybookSteps[], id: string): StepView['title'] {
  for (const section of all) {
    const found = section.steps.find((step) => step.stepId === id);
    if (found !== undefined) return found.title;
  }
  return { en: id, hi: id };
}
