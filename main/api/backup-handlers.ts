// The backup calls: one handler per entry of shared/contract/backup.ts. The page never names a
// folder of its own: `backup:chooseFolder` asks main (the native folder dialog on the desktop, the
// folder the web transport was started with in tests), and the other calls take only a folder main
// handed out, the last backup's folder, or a folder inside one of those (a vault's subfolder).
import crypto from 'node:crypto';
import path from 'node:path';
import type { BACKUP_CALLS, FolderPurpose } from '../../shared/contract/backup';
import { SakshyaError } from '../../shared/errors';
import type { AppCore } from '../core/app-core';
import { createProgressReporter, type EvidenceHandlerOptions } from './evidence-handlers';
import type { ApiHandlers } from './handlers';

export type BackupCall = keyof typeof BACKUP_CALLS;

/** What picks a folder: the desktop's dialog, or the web transport's fixed folder. */
export interface BackupHandlerOptions extends EvidenceHandlerOptions {
  chooseFolder?: ((purpose: FolderPurpose) => Promise<string | null>) | undefined;
}

export function createBackupHandlers(
  core: AppCore,
  options: BackupHandlerOptions,
): Pick<ApiHandlers, BackupCall> {
  const handedOut = new Set<string>();
  /** Folders she chose for a restored vault (purpose 'vault'): only these, or the default place. */
  const vaultChoices = new Set<string>();
  const running = new Map<string, AbortController>();

  /** A folder the page may name: one main handed out or last backed up to, or inside one. */
  const allowFolder = (folder: string): string => {
    if (!path.isAbsolute(folder))
      throw new SakshyaError('INVALID_INPUT', 'folder must be absolute');
    const resolved = path.resolve(folder);
    const last = core.status().unlocked ? core.backup.status().folder : null;
    const roots = [...handedOut, ...(last === null ? [] : [last])];
    const inside = roots.some(
      (root) => resolved === root || resolved.startsWith(`${root}${path.sep}`),
    );
    if (!inside) throw new SakshyaError('INVALID_INPUT', 'choose the folder first');
    return resolved;
  };

  /** Where a restored vault may go: the default place, this app's folder, or one she chose. */
  const allowVaultFolder = (folder: string | undefined): string | undefined => {
    if (folder === undefined) return undefined;
    const resolved = path.resolve(folder);
    const place = core.vaultPlace();
    if (
      resolved !== place.defaultFolder &&
      resolved !== place.folder &&
      !vaultChoices.has(resolved)
    )
      throw new SakshyaError('INVALID_INPUT', 'choose the folder for the vault first');
    return resolved;
  };

  const claimTask = (taskId: string): AbortController => {
    if (running.has(taskId))
      throw new SakshyaError('INVALID_INPUT', 'this task is already running');
    const abort = new AbortController();
    running.set(taskId, abort);
    return abort;
  };

  return {
    'backup:status': () => core.backup.status(),
    'backup:setReminderDays': (input) => core.backup.setReminderDays(input.days),
    'backup:chooseFolder': async (input) => {
      const chosen = (await options.chooseFolder?.(input.purpose)) ?? null;
      if (chosen === null) return { folder: null };
      if (!path.isAbsolute(chosen)) throw new SakshyaError('NOT_WRITABLE', 'not a whole path');
      const folder = path.resolve(chosen);
      (input.purpose === 'vault' ? vaultChoices : handedOut).add(folder);
      return { folder };
    },
    'backup:run': async (input) => {
      const last = core.backup.status().folder;
      const given = input.folder ?? last;
      if (given === null) throw new SakshyaError('INVALID_INPUT', 'choose a folder first');
      const folder = allowFolder(given);
      const abort = claimTask(input.taskId);
      // A lock mid-backup stops it: the keys are gone; the previous generation stays current.
      const stopOnLock = core.onLocked(() => {
        abort.abort();
      });
      const reporter = createProgressReporter(input.taskId, options.emit);
      try {
        const result = await core.backup.run({
          folder,
          signal: abort.signal,
          onProgress: reporter.report,
        });
        reporter.flush();
        return result;
      } finally {
        stopOnLock();
        running.delete(input.taskId);
      }
    },
    'backup:cancel': (input) => {
      const abort = running.get(input.taskId);
      if (abort === undefined) return { cancelled: false };
      abort.abort();
      return { cancelled: true };
    },
    'backup:verify': async (input) => {
      const given = input.folder ?? (core.status().unlocked ? core.backup.status().folder : null);
      if (given === null) throw new SakshyaError('INVALID_INPUT', 'choose a folder first');
      const folder = allowFolder(given);
      const taskId = input.taskId ?? crypto.randomUUID();
      const abort = claimTask(taskId);
      const reporter = createProgressReporter(taskId, options.emit);
      try {
        const report = await core.backup.verify({
          folder,
          ...(input.vaultId === undefined ? {} : { vaultId: input.vaultId }),
          signal: abort.signal,
          onProgress: reporter.report,
        });
        reporter.flush();
        return report;
      } finally {
        running.delete(taskId);
      }
    },
    'backup:vaultPlace': () => {
      const { folder, defaultFolder, canChoose } = core.vaultPlace();
      return { folder, defaultFolder, canChoose };
    },
    'backup:findVaults': (input) => ({ vaults: core.backup.findVaults(allowFolder(input.folder)) }),
    'backup:restore': async (input) => {
      const folder = allowFolder(input.folder);
      const vaultFolder = allowVaultFolder(input.vaultFolder);
      const abort = claimTask(input.taskId);
      const reporter = createProgressReporter(input.taskId, options.emit);
      try {
        const result = await core.restoreFromBackup(
          {
            from: folder,
            ...(input.vaultId === undefined ? {} : { vaultId: input.vaultId }),
            secret:
              input.recoveryKey === undefined
                ? { kind: 'passphrase', passphrase: input.passphrase ?? '' }
                : {
                    kind: 'recovery-key',
                    recoveryKey: input.recoveryKey,
                    newPassphrase: input.newPassphrase ?? '',
                  },
            allowPartial: input.allowPartial === true,
            signal: abort.signal,
            onProgress: reporter.report,
          },
          vaultFolder,
        );
        reporter.flush();
        return { ...result, unlocked: core.status().unlocked };
      } finally {
        running.delete(input.taskId);
      }
    },
  };
}
