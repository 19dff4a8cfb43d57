// The timeline calls: one handler per entry of shared/contract/timeline.ts.
import type { TIMELINE_CALLS } from '../../shared/contract/timeline';
import type { AppCore } from '../core/app-core';
import {
  addCounterparty,
  listCounterparties,
  syncCaseCounterparty,
  updateCounterparty,
} from '../core/timeline/counterparties';
import { summariseCounterparty } from '../core/timeline/counterparty-summary';
import { dismissFlag, restoreFlag } from '../core/timeline/flag-dismissals';
import { addCallLogRows, addIncident } from '../core/timeline/incidents';
import { formatLocalInstant } from '../core/time/local-day';
import { listEvidenceTags, listTimelineActivity } from '../core/timeline/timeline-activity';
import { listTimelinePage } from '../core/timeline/timeline-page';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type TimelineCall = keyof typeof TIMELINE_CALLS;

export function createTimelineHandlers(
  core: AppCore,
  _options: HandlerOptions,
): Pick<ApiHandlers, TimelineCall> {
  return {
    'timeline:list': (input) => listTimelinePage(core.requireVault().db, input),
    'timeline:activity': (input) => listTimelineActivity(core.requireVault().db, input),
    'timeline:tags': ({ caseId }) => listEvidenceTags(core.requireVault().db, caseId),
    'timeline:summary': ({ caseId }) => {
      const vault = core.requireVault();
      syncCaseCounterparty(vault, caseId);
      return listCounterparties(vault.db, caseId).map((counterparty) => ({
        counterparty,
        summary: summariseCounterparty(vault.db, caseId, counterparty.id),
      }));
    },
    'incident:add': (input) => {
      const vault = core.requireVault();
      // The case's own counterparty is grouped first, so a call from its number is counted for it.
      syncCaseCounterparty(vault, input.caseId);
      const logged = addIncident(vault, input);
      return {
        id: logged.id,
        kind: input.kind,
        occurredAt: logged.occurredAt,
        numberE164: logged.numberE164,
        counterpartyId: logged.counterpartyId,
      };
    },
    'incident:addCalls': ({ caseId, text, preview }) => {
      const vault = core.requireVault();
      syncCaseCounterparty(vault, caseId);
      const zone = vault.getCase(caseId).timezone;
      const result = addCallLogRows(vault, caseId, text, { preview });
      return {
        added: result.added,
        rows: result.rows.map((row) => ({
          ...row,
          atLocal: formatLocalInstant(Date.parse(row.at), zone),
        })),
        problems: result.problems,
      };
    },
    'flag:dismiss': (input) => dismissFlag(core.requireVault(), input),
    'flag:restore': (input) => restoreFlag(core.requireVault(), input),
    'counterparty:list': ({ caseId }) => {
      const vault = core.requireVault();
      syncCaseCounterparty(vault, caseId);
      return listCounterparties(vault.db, caseId);
    },
    'counterparty:create': (input) => addCounterparty(core.requireVault(), input),
    'counterparty:update': (input) => updateCounterparty(core.requireVault(), input),
  };
}
