// The steps calls: one handler per entry of shared/contract/steps.ts. Each works on the unlocked
// vault; "today" is the current day in the case's own time zone, so deadlines match her calendar.
import type { STEPS_CALLS, StepView } from '../../shared/contract/steps';
import { SakshyaError } from '../../shared/errors';
import type { AppCore } from '../core/app-core';
import { loadPlaybooks, suggestPlaybooks } from '../core/playbooks/load-playbooks';
import { generateCaseDraft } from '../core/steps/case-draft';
import {
  exportDraftAsPdf,
  exportDraftAsText,
  listCaseDraftVersions,
  saveCaseDraft,
} from '../core/steps/case-draft-store';
import {
  addCustomStep,
  chooseCasePlaybooks,
  hasChosenPlaybooks,
  listCasePlaybookIds,
  setCaseStep,
  todayInCase,
} from '../core/steps/case-steps';
import { describeCaseSteps, findStepView, listNextSteps } from '../core/steps/step-views';
import type { Vault } from '../core/vault/vault';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type StepsCall = keyof typeof STEPS_CALLS;

export function createStepsHandlers(
  core: AppCore,
  _options: HandlerOptions,
): Pick<ApiHandlers, StepsCall> {
  return {
    'steps:list': (input) => describeCaseSteps(core.requireVault(), input.caseId),
    'steps:set': (input) => {
      const vault = core.requireVault();
      setCaseStep(vault, input.caseId, input.ref, {
        status: input.status,
        ...(input.doneAt === undefined ? {} : { date: input.doneAt }),
        ...(input.references === undefined ? {} : { refs: input.references }),
        ...(input.notes === undefined ? {} : { notes: input.notes }),
        ...(input.proofEvidenceIds === undefined
          ? {}
          : { proofEvidenceIds: input.proofEvidenceIds }),
      });
      return requireView(vault, input.caseId, input.ref);
    },
    'steps:addCustom': (input) => {
      const vault = core.requireVault();
      const added = addCustomStep(vault, input.caseId, {
        title: input.title,
        dueDate: input.dueDate ?? null,
        ...(input.notes === undefined ? {} : { notes: input.notes }),
      });
      return requireView(vault, input.caseId, added.ref);
    },
    'steps:choosePlaybooks': (input) => ({
      playbookIds: chooseCasePlaybooks(core.requireVault(), input.caseId, input.playbookIds),
    }),
    'steps:next': (input) => listNextSteps(core.requireVault(), input.caseId, input.limit ?? 3),
    'playbook:list': (input) => {
      const vault = core.requireVault();
      const found = input.caseId === undefined ? null : vault.getCase(input.caseId);
      const kind = input.kind ?? found?.counterparty.kind ?? 'other';
      return {
        playbooks: loadPlaybooks().map((playbook) => ({
          id: playbook.id,
          title: playbook.title,
          summary: playbook.summary,
          suggestedFor: playbook.suggestedFor,
          stepCount: playbook.steps.length,
        })),
        suggested: suggestPlaybooks(kind),
        chosen: found === null ? [] : listCasePlaybookIds(vault, found),
        hasChosen: found !== null && hasChosenPlaybooks(vault, found.id),
      };
    },
    'draft:generate': (input) => {
      const vault = core.requireVault();
      const today = todayInCase(vault, input.caseId);
      const draft = generateCaseDraft(vault, input.caseId, input.kind, input.lang, today);
      return { kind: input.kind, lang: input.lang, ...draft };
    },
    'draft:save': (input) =>
      saveCaseDraft(core.requireVault(), input.caseId, input.kind, input.lang, input.body),
    'draft:versions': (input) =>
      listCaseDraftVersions(core.requireVault(), input.caseId, input.kind),
    'draft:export': async (input) => {
      const vault = core.requireVault();
      const today = todayInCase(vault, input.caseId);
      const file =
        input.format === 'txt'
          ? exportDraftAsText(input.kind, input.lang, input.body, today)
          : await exportDraftAsPdf(
              input.kind,
              input.lang,
              generateCaseDraft(vault, input.caseId, input.kind, input.lang, today).title,
              input.body,
              today,
            );
      return {
        fileName: file.fileName,
        mediaType: file.mediaType,
        base64: file.bytes.toString('base64'),
      };
    },
  };
}

function requireView(vault: Vault, caseId: string, ref: string): StepView {
  const view = findStepView(describeCaseSteps(vault, caseId), ref);
  if (view === undefined) throw new SakshyaError('NOT_FOUND', `step ${ref} not found`);
  return view;
}
