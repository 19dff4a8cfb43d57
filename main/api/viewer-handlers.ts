// The viewer calls: one handler per entry of shared/contract/viewer.ts. Each answers in terms of the
// evidence (hash, times, custody), never the vault's own paths or names; the work is done by
// core/viewer/viewer-service.ts.
import type { VIEWER_CALLS } from '../../shared/contract/viewer';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type ViewerCall = keyof typeof VIEWER_CALLS;

export function createViewerHandlers(
  core: AppCore,
  _options: HandlerOptions,
): Pick<ApiHandlers, ViewerCall> {
  const viewer = core.viewer;
  return {
    'evidence:get': (input) => viewer.details(input.evidenceId),
    'evidence:view': (input) => viewer.view(input.evidenceId),
    'evidence:chat': (input) => viewer.chat(input.evidenceId, input.thread),
    'evidence:setTime': (input) => viewer.setTime(input.evidenceId, input.at, input.reason),
    'evidence:setNotes': (input) => viewer.setNotes(input.evidenceId, input.notes, input.tags),
  };
}
