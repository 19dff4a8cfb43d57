// The export calls: one handler per entry of shared/contract/export.ts.
import type { EXPORT_CALLS } from '../../shared/contract/export';
import type { AppCore } from '../core/app-core';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type ExportCall = keyof typeof EXPORT_CALLS;

export function createExportHandlers(
  _core: AppCore,
  _options: HandlerOptions,
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- empty until its first call lands
): Pick<ApiHandlers, ExportCall> {
  return {};
}
