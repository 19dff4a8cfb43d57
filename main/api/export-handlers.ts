// The export calls: one handler per entry of shared/contract/export.ts. Where a bundle is written
// is not the page's choice: on the desktop the user picks a place in the native save dialog (shown
// from main), in the web transport it goes to a private folder served back as a download. The page
// learns base names only, plus on the desktop the folder she picked herself; never a vault path.
import crypto from 'node:crypto';
import path from 'node:path';
import type { FolderPurpose } from '../../shared/contract/backup';
import type { EXPORT_CALLS, ExportedBundle } from '../../shared/contract/export';
import { SakshyaError } from '../../shared/errors';
import type { AppCore } from '../core/app-core';
import type { ExportResult } from '../core/export/export-bundle';
import { createProgressReporter, type EvidenceHandlerOptions } from './evidence-handlers';
import type { ApiHandlers } from './handlers';

export type ExportCall = keyof typeof EXPORT_CALLS;

/** What only the desktop app can do; main/electron wires these to Electron's dialog and shell. */
export interface DesktopActions {
  /** The native save dialog; null when the user closes it without choosing. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  revealInFolder(filePath: string): void;
  /** The native folder dialog (backup and restore); null when closed without choosing. */
  chooseFolder?(purpose: FolderPurpose): Promise<string | null>;
}

/** The web transport's stand-in for the save dialog: a fresh private folder per bundle. */
export interface ExportDownloads {
  /** Makes the folder a bundle is written to, and says where its files will be downloadable. */
  prepare(): { folder: string; urlFor(fileName: string): string };
}

export interface ExportHandlerOptions extends EvidenceHandlerOptions {
  desktop?: DesktopActions | undefined;
  downloads?: ExportDownloads | undefined;
}

// A date only: the case's name would show in the OS's recent-files lists, which others may see. The
// computer's own day, not UTC's, which in India turns over at 5:30 in the morning.
export function defaultBundleName(now: Date = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((part) => String(part).padStart(2, '0'))
    .join('-');
  return `sakshya-bundle-${day}.zip`;
}

export function createExportHandlers(
  core: AppCore,
  options: ExportHandlerOptions,
): Pick<ApiHandlers, ExportCall> {
  const running = new Map<string, AbortController>();
  // Where each finished bundle went, so "Show in folder" takes an id, not a path from the page.
  const saved = new Map<string, string>();

  return {
    'export:run': async (input) => {
      if (running.has(input.taskId))
        throw new SakshyaError('INVALID_INPUT', 'this task is already running');
      // Fails (no such case, no signing key) before any dialog opens.
      core.bundles.checkBeforeExport(input.caseId, { newSigningKey: input.newSigningKey === true });
      // Claimed before the dialog is awaited, so a second call with the same id cannot slip in.
      const abort = new AbortController();
      running.set(input.taskId, abort);
      // A lock mid-export stops it: the keys are gone, and the partial file is removed by the core.
      const stopOnLock = core.onLocked(() => {
        abort.abort();
      });
      const reporter = createProgressReporter(input.taskId, options.emit);
      try {
        const target = await chooseTarget(options);
        if (target === null) return { bundle: null };
        const result = await core.bundles.exportCase({
          caseId: input.caseId,
          outFile: target.outFile,
          ...(input.evidenceIds === undefined ? {} : { evidenceIds: input.evidenceIds }),
          ...(input.includeChats === undefined ? {} : { includeChats: input.includeChats }),
          ...(input.extraHashes === undefined ? {} : { extraHashes: input.extraHashes }),
          ...(input.splitMb === undefined ? {} : { splitMb: input.splitMb }),
          ...(input.device === undefined ? {} : { device: input.device }),
          ...(input.newSigningKey === true ? { newSigningKey: true } : {}),
          signal: abort.signal,
          onProgress: reporter.report,
        });
        reporter.flush();
        const first = result.files[0];
        if (first !== undefined) saved.set(result.bundleId, first.path);
        return { bundle: describeBundle(result, target) };
      } finally {
        stopOnLock();
        running.delete(input.taskId);
      }
    },

    'export:cancel': (input) => {
      const abort = running.get(input.taskId);
      if (abort === undefined) return { cancelled: false };
      abort.abort();
      return { cancelled: true };
    },

    'export:verify': async (input) => {
      let target: string;
      if (input.path !== undefined) {
        // A relative path would be read from wherever main happens to run; only whole paths count.
        if (!path.isAbsolute(input.path))
          throw new SakshyaError('INVALID_INPUT', 'path must be absolute');
        target = input.path;
      } else {
        if (options.uploads === undefined)
          throw new SakshyaError('INVALID_INPUT', 'uploads are not available here');
        const [uploaded] = options.uploads.resolve([input.uploadId ?? '']);
        if (uploaded === undefined) throw new SakshyaError('NOT_FOUND', 'no such upload');
        target = uploaded;
      }
      const taskId = input.taskId ?? crypto.randomUUID();
      // Never take over a running export's id: its Cancel would stop working.
      if (running.has(taskId))
        throw new SakshyaError('INVALID_INPUT', 'this task is already running');
      const abort = new AbortController();
      running.set(taskId, abort);
      const reporter = createProgressReporter(taskId, options.emit);
      try {
        const report = await core.bundles.verify(target, {
          signal: abort.signal,
          onProgress: reporter.report,
          ...(input.expectKey === undefined ? {} : { expectKey: input.expectKey }),
        });
        reporter.flush();
        return report;
      } finally {
        running.delete(taskId);
        if (input.uploadId !== undefined) options.uploads?.discard([input.uploadId]);
      }
    },

    'export:reveal': (input) => {
      const file = saved.get(input.bundleId);
      if (options.desktop === undefined || file === undefined) return { shown: false };
      options.desktop.revealInFolder(file);
      return { shown: true };
    },
  };
}

interface ExportTarget {
  outFile: string;
  /** Desktop: the folder she chose, shown back to her. */
  folder: string | null;
  urlFor: ((fileName: string) => string) | null;
}

async function chooseTarget(options: ExportHandlerOptions): Promise<ExportTarget | null> {
  const name = defaultBundleName();
  if (options.desktop !== undefined) {
    const chosen = await options.desktop.chooseSavePath(name);
    if (chosen === null) return null;
    if (!path.isAbsolute(chosen)) throw new SakshyaError('NOT_WRITABLE', 'not a whole path');
    // Linux dialogs do not add the extension the filter asks for.
    const outFile = chosen.toLowerCase().endsWith('.zip') ? chosen : `${chosen}.zip`;
    return { outFile, folder: path.dirname(outFile), urlFor: null };
  }
  if (options.downloads !== undefined) {
    const prepared = options.downloads.prepare();
    return {
      outFile: path.join(prepared.folder, name),
      folder: null,
      urlFor: (fileName) => prepared.urlFor(fileName),
    };
  }
  throw new SakshyaError('NOT_WRITABLE', 'no place to save a bundle here');
}

function describeBundle(result: ExportResult, target: ExportTarget): ExportedBundle {
  return {
    bundleId: result.bundleId,
    files: result.files.map((file) => {
      const name = path.basename(file.path);
      return {
        name,
        sha256: file.sha256,
        size: file.size,
        downloadUrl: target.urlFor === null ? null : target.urlFor(name),
      };
    }),
    itemCount: result.itemCount,
    signingKeyFingerprint: result.signingKeyFingerprint,
    folder: target.folder,
    canReveal: target.folder !== null,
  };
}
