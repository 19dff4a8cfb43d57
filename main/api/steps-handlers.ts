// The steps calls: one handler per entry of shared/contract/steps.ts. Each only translates; the
// rules live in core/steps/steps-service.ts.
import type { STEPS_CALLS } from '../../shared/contract/steps';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type StepsCall = keyof typeof STEPS_CALLS;

export function createStepsHandlers(
  core: AppCore,
  _options: HandlerOptions,
): Pick<ApiHandlers, StepsCall> {
  const steps = core.steps;
  return {
    'steps:list': (input) => steps.list(input.caseId),
    'steps:set': (input) => steps.setStep(input),
    'steps:addCustom': (input) => steps.addCustom(input),
    'steps:choosePlaybooks': (input) => ({
      playbookIds: steps.choosePlaybooks(input.caseId, input.playbookIds),
    }),
    'steps:next': (input) => steps.next(input.caseId, input.limit ?? 3),
    'playbook:list': (input) => steps.listPlaybooks(input),
    'draft:generate': (input) => steps.generateDraft(input),
    'draft:save': (input) => steps.saveDraft(input),
    'draft:versions': (input) => steps.draftVersions(input),
    'draft:export': (input) => steps.exportDraft(input),
  };
}
