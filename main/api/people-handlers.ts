// The people calls: one handler per entry of shared/contract/people.ts, each a translation to the
// people service.
import type { PEOPLE_CALLS } from '../../shared/contract/people';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers } from './handlers';

export type PeopleCall = keyof typeof PEOPLE_CALLS;

export function createPeopleHandlers(core: AppCore): Pick<ApiHandlers, PeopleCall> {
  return {
    'people:list': ({ caseId }) => core.people.list(caseId),
    'people:tie': (input) => core.people.tie(input),
    'people:untie': ({ caseId, sender }) => ({ untied: core.people.untie(caseId, sender) }),
    'people:setChatOwner': (input) => core.people.setChatOwner(input),
  };
}
