// One handler per contract entry. The mapped type makes a missing or extra call a compile error, so
// adding a row to shared/api-contract.ts forces a handler here before anything builds.
import type { ApiName, ApiOutput, ApiParsedInput } from '../../shared/api-contract';
import type { FolderPurpose } from '../../shared/contract/backup';
import type { AppCore } from '../core/app-core';
import { createBackupHandlers, type BackupHandlerOptions } from './backup-handlers';
import { createEvidenceHandlers, type EvidenceHandlerOptions } from './evidence-handlers';
import { createExportHandlers, type ExportHandlerOptions } from './export-handlers';
import { createMessagesHandlers } from './messages-handlers';
import { createPeopleHandlers } from './people-handlers';
import { createStepsHandlers } from './steps-handlers';
import { createTextHandlers } from './text-handlers';
import { createTimelineHandlers } from './timeline-handlers';
import { createViewerHandlers } from './viewer-handlers';

export type ApiHandler<N extends ApiName> = (
  input: ApiParsedInput<N>,
) => ApiOutput<N> | Promise<ApiOutput<N>>;

export type ApiHandlers = { [N in ApiName]: ApiHandler<N> };

/**
 * `emit` carries import progress to the window; `uploads` exists only in the web transport;
 * `desktop` (save dialog, show in folder) only in Electron, `downloads` only in the web transport.
 */
export type HandlerOptions = EvidenceHandlerOptions &
  ExportHandlerOptions & {
    clipboard?: SecretClipboard | undefined;
    /** Web transport only: the folder `backup:chooseFolder` answers (there is no dialog). */
    backupFolder?: string | undefined;
    /** Web transport only: what it answers for where a restored vault goes. */
    restoreVaultFolder?: string | undefined;
  };

/** Main's clipboard (desktop only): copies a secret and clears it again later. */
export interface SecretClipboard {
  copySecret(text: string): Promise<{ copied: boolean; clearAfterSeconds: number | null }>;
}

export function createHandlers(core: AppCore, options: HandlerOptions = {}): ApiHandlers {
  return {
    'vault:status': () => core.status(),
    'vault:create': (input) => core.create(input.passphrase),
    'vault:unlock': async (input) => {
      await core.unlock(input.passphrase);
      return core.status();
    },
    'vault:lock': () => {
      core.lock('user');
      return core.status();
    },
    'vault:recover': async (input) => {
      await core.recover(input.recoveryKey, input.newPassphrase);
      return core.status();
    },
    'vault:changePassphrase': async (input) => {
      await core.changePassphrase(input.current, input.next);
      return core.status();
    },
    'vault:findAgain': () => core.findVaultAgain(),
    'vault:repair': async (input) => {
      await core.repair(input.passphrase);
      return core.status();
    },
    'vault:reminderKey': () => ({ key: core.reminderKey() }),
    'vault:copyRecoveryKey': (input) =>
      options.clipboard?.copySecret(input.recoveryKey) ?? {
        copied: false,
        clearAfterSeconds: null,
      },
    'case:list': () => core.listCases(),
    'case:get': (input) => core.getCase(input.id),
    'case:create': (input) => core.createCase(input),
    'case:update': (input) => core.updateCase(input.id, input.patch),
    ...createEvidenceHandlers(core, options),
    'settings:get': () => core.getSettings(),
    'settings:set': (input) => core.setSettings(input),
    ...createTimelineHandlers(core, options),
    ...createViewerHandlers(core, options),
    ...createStepsHandlers(core, options),
    ...createExportHandlers(core, options),
    ...createPeopleHandlers(core),
    ...createBackupHandlers(core, describeBackupOptions(options)),
    ...createTextHandlers(core, options),
    ...createMessagesHandlers(core),
  };
}

/** The desktop's folder dialog when there is one, else the web transport's fixed folder. */
function describeBackupOptions(options: HandlerOptions): BackupHandlerOptions {
  const { desktop, backupFolder, restoreVaultFolder } = options;
  const chooseFolder = desktop?.chooseFolder?.bind(desktop);
  const fixed =
    backupFolder === undefined && restoreVaultFolder === undefined
      ? undefined
      : (purpose: FolderPurpose) =>
          Promise.resolve((purpose === 'vault' ? restoreVaultFolder : backupFolder) ?? null);
  return { emit: options.emit, chooseFolder: chooseFolder ?? fixed };
}
