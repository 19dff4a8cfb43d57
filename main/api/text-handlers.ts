// The text-reading calls (shared/contract/text.ts), and the `text:progress` event: the core's
// background reading reported to whichever window is attached. The work is in core/ocr/.
import type { TEXT_CALLS } from '../../shared/contract/text';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type TextCall = keyof typeof TEXT_CALLS;

export function createTextHandlers(
  core: AppCore,
  options: HandlerOptions,
): Pick<ApiHandlers, TextCall> {
  core.text.onProgress((progress) => {
    options.emit?.('text:progress', progress);
  });
  return {
    'evidence:text': (input) => core.text.textOf(input.evidenceId, input.search ?? ''),
    'text:status': () => core.text.status(),
    'text:cancel': () => ({ cancelled: core.text.cancel() }),
    'text:readAnyway': (input) => ({ queued: core.text.readAnyway(input.evidenceId) }),
    'people:tieNumber': (input) =>
      core.people.tieNumber({
        caseId: input.caseId,
        number: input.number,
        as: input.as,
        ...(input.personId === undefined ? {} : { personId: input.personId }),
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.relation === undefined ? {} : { relation: input.relation }),
      }),
  };
}
