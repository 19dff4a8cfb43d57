// The viewer calls: one handler per entry of shared/contract/viewer.ts.
import type { VIEWER_CALLS } from '../../shared/contract/viewer';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type ViewerCall = keyof typeof VIEWER_CALLS;

export function createViewerHandlers(
  _core: AppCore,
  _options: HandlerOptions,
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- empty until its first call lands
): Pick<ApiHandlers, ViewerCall> {
  return {};
}
