// The timeline calls: one handler per entry of shared/contract/timeline.ts.
import type { TIMELINE_CALLS } from '../../shared/contract/timeline';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type TimelineCall = keyof typeof TIMELINE_CALLS;

export function createTimelineHandlers(
  _core: AppCore,
  _options: HandlerOptions,
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- empty until its first call lands
): Pick<ApiHandlers, TimelineCall> {
  return {};
}
