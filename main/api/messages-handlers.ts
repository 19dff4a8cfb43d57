// The calls on messages read from screenshots: one handler per entry of shared/contract/messages.ts,
// each a translation to the screenshot-messages service.
import type { MESSAGES_CALLS } from '../../shared/contract/messages';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers } from './handlers';

export type MessagesCall = keyof typeof MESSAGES_CALLS;

export function createMessagesHandlers(core: AppCore): Pick<ApiHandlers, MessagesCall> {
  return {
    'messages:list': ({ caseId, evidenceId, status }) =>
      core.messages.list({ caseId, evidenceId, status }),
    'messages:confirm': (input) =>
      core.messages.confirm(
        'all' in input
          ? { caseId: input.caseId, all: true }
          : { caseId: input.caseId, ids: input.ids },
      ),
    'messages:correct': (input) => core.messages.correct(input),
  };
}
