// The evidence calls. An import reports progress as `progress` events carrying the task id the
// caller chose, so the page can follow it and cancel it before the call itself returns.
import crypto from 'node:crypto';
import path from 'node:path';
import type { EventPayload } from '../../shared/api-contract';
import { SakshyaError } from '../../shared/errors';
import type { AppCore } from '../core/app-core';
import type { ImportProgress } from '../core/import/import-types';
import { decodePastedImage, PASTED_PROVENANCE } from '../core/import/paste-import';
import type { ApiHandlers } from './handlers';
import { describeImportResults } from './import-results';
import type { EmitEvent } from './locker';

/** Where uploaded files wait (the web transport only): ids in, temporary paths out. */
export interface UploadSource {
  /** Throws NOT_FOUND for an id it does not know. */
  resolve(ids: readonly string[]): string[];
  /** Deletes the temporary copies once they are imported (or not). */
  discard(ids: readonly string[]): void;
}

export interface EvidenceHandlerOptions {
  emit?: EmitEvent | undefined;
  uploads?: UploadSource | undefined;
}

type EvidenceCall =
  | 'evidence:import'
  | 'evidence:cancelImport'
  | 'evidence:list'
  | 'evidence:thumbnail'
  | 'evidence:importPasted';

// Enough to look smooth without flooding the window when thousands of small files go by.
const PROGRESS_INTERVAL_MS = 100;

export function createEvidenceHandlers(
  core: AppCore,
  options: EvidenceHandlerOptions,
): Pick<ApiHandlers, EvidenceCall> {
  return {
    'evidence:import': async (input) => {
      const uploadIds = input.uploadIds ?? [];
      if (uploadIds.length > 0 && options.uploads === undefined) {
        throw new SakshyaError('INVALID_INPUT', 'uploads are not available here');
      }
      const taskId = input.taskId ?? crypto.randomUUID();
      try {
        const paths = input.paths ?? [];
        // A relative path would be read from wherever main happens to run; only whole paths count.
        if (!paths.every((given) => path.isAbsolute(given))) {
          throw new SakshyaError('INVALID_INPUT', 'paths must be absolute');
        }
        const uploaded = options.uploads?.resolve(uploadIds) ?? [];
        const roots = [...paths, ...uploaded];
        const reporter = createProgressReporter(taskId, options.emit);
        const results = await core.importEvidence({
          taskId,
          caseId: input.caseId,
          paths: roots,
          ...(input.provenance === undefined ? {} : { provenance: input.provenance }),
          ...(input.dayFirst === undefined ? {} : { dayFirst: input.dayFirst }),
          onProgress: reporter.report,
        });
        reporter.flush();
        return { taskId, results: describeImportResults(results, roots) };
      } finally {
        options.uploads?.discard(uploadIds);
      }
    },
    'evidence:cancelImport': (input) => ({ cancelled: core.cancelImport(input.taskId) }),
    'evidence:list': (input) => core.listEvidence(input.caseId),
    'evidence:thumbnail': (input) => core.getThumbnail(input.evidenceId),
    'evidence:importPasted': async (input) => {
      const image = await decodePastedImage(input);
      const taskId = input.taskId ?? crypto.randomUUID();
      const reporter = createProgressReporter(taskId, options.emit);
      const results = await core.importPasted({
        taskId,
        caseId: input.caseId,
        image,
        provenance: input.provenance ?? PASTED_PROVENANCE,
        onProgress: reporter.report,
      });
      reporter.flush();
      return { taskId, results: describeImportResults(results, []) };
    },
  };
}

/** Sends at most one event per interval, and always the last state when the import ends. */
export function createProgressReporter(
  taskId: string,
  emit: EmitEvent | undefined,
  now: () => number = Date.now,
): { report: (progress: ImportProgress) => void; flush: () => void } {
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending: EventPayload<'progress'> | undefined;
  const send = (payload: EventPayload<'progress'>): void => {
    lastSent = now();
    pending = undefined;
    emit?.('progress', payload);
  };
  return {
    report(progress) {
      const payload = { taskId, ...progress };
      const finished = progress.total > 0 && progress.done >= progress.total;
      if (finished || now() - lastSent >= PROGRESS_INTERVAL_MS) send(payload);
      else pending = payload;
    },
    flush() {
      if (pending !== undefined) send(pending);
    },
  };
}
