// The people calls: one handler per entry of shared/contract/people.ts, each a translation to the
// people service.
import type { PEOPLE_CALLS } from '../../shared/contract/people';
import type { AppCore } from '../core/app-core';
import { listPeople, setChatOwner, tieSender, untieSender } from '../core/people/people-service';
import type { ApiHandlers } from './handlers';

export type PeopleCall = keyof typeof PEOPLE_CALLS;

export function createPeopleHandlers(core: AppCore): Pick<ApiHandlers, PeopleCall> {
  return {
    'people:list': ({ caseId }) => listPeople(core.requireVault(), caseId),
    'people:tie': (input) => tieSender(core.requireVault(), input),
    'people:untie': ({ caseId, sender }) => ({
      untied: untieSender(core.requireVault(), caseId, sender),
    }),
    'people:setChatOwner': (input) => setChatOwner(core.requireVault(), input),
  };
}
