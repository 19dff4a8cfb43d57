// The timeline calls: one handler per entry of shared/contract/timeline.ts. Each only translates;
// the rules live in core/timeline/timeline-service.ts, which the CLI calls too.
import type { TIMELINE_CALLS } from '../../shared/contract/timeline';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type TimelineCall = keyof typeof TIMELINE_CALLS;

export function createTimelineHandlers(
  core: AppCore,
  _options: HandlerOptions,
): Pick<ApiHandlers, TimelineCall> {
  const timeline = core.timeline;
  return {
    'timeline:list': (input) => timeline.listPage(input),
    'timeline:activity': (input) => timeline.activity(input),
    'timeline:tags': ({ caseId }) => timeline.tags(caseId),
    'timeline:summary': ({ caseId }) => timeline.summarise(caseId),
    'incident:add': (input) => {
      const logged = timeline.logIncident(input);
      return {
        id: logged.id,
        kind: input.kind,
        occurredAt: logged.occurredAt,
        numberE164: logged.numberE164,
        counterpartyId: logged.counterpartyId,
      };
    },
    'incident:addCalls': ({ caseId, text, preview }) =>
      timeline.logCalls(caseId, text, { preview }),
    'flag:dismiss': (input) => timeline.dismissFlag(input),
    'flag:restore': (input) => timeline.restoreFlag(input),
    'counterparty:list': ({ caseId }) => timeline.listCounterparties(caseId),
    'counterparty:create': (input) => timeline.createCounterparty(input),
    'counterparty:update': (input) => timeline.updateCounterparty(input),
  };
}
