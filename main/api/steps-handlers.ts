// The steps calls: one handler per entry of shared/contract/steps.ts.
import type { STEPS_CALLS } from '../../shared/contract/steps';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type StepsCall = keyof typeof STEPS_CALLS;

export function createStepsHandlers(
  _core: AppCore,
  _options: HandlerOptions,
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- empty until its first call lands
): Pick<ApiHandlers, StepsCall> {
  return {};
}
