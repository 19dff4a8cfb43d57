// The backup operations that the CLI and the API both call (see README.md beside this file).
import type {
  BackupFoundVault,
  BackupRestoreResult,
  BackupRunResult,
  BackupStatus,
  BackupVerifyReport,
} from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import type { Vault } from '../vault/vault';

export interface BackupProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface BackupTaskOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: BackupProgress) => void) | undefined;
}

export type RestoreSecret =
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'recovery-key'; recoveryKey: string; newPassphrase: string };

export interface RestoreRequest extends BackupTaskOptions {
  /** The folder chosen for the backup, or one vault's subfolder in it. */
  from: string;
  vaultId?: string | undefined;
  secret: RestoreSecret;
  allowPartial: boolean;
}

export type RestoreOutcome = Omit<BackupRestoreResult, 'unlocked'> & { vault: Vault };

export class BackupService {
  constructor(private readonly getVault: () => Vault | undefined) {}

  status(): BackupStatus {
    throw new SakshyaError('INTERNAL', `backup status is being built (${String(this.getVault() === undefined)})`);
  }

  setReminderDays(days: number): BackupStatus {
    throw new SakshyaError('INTERNAL', `not built yet (${String(days)})`);
  }

  run(request: BackupTaskOptions & { folder: string }): Promise<BackupRunResult> {
    return Promise.reject(new SakshyaError('INTERNAL', `not built yet (${request.folder})`));
  }

  verify(
    request: BackupTaskOptions & { folder: string; vaultId?: string },
  ): Promise<BackupVerifyReport> {
    return Promise.reject(new SakshyaError('INTERNAL', `not built yet (${request.folder})`));
  }

  restore(
    vaultDir: string,
    request: RestoreRequest,
    options: { scryptLogN?: number },
  ): Promise<RestoreOutcome> {
    return Promise.reject(
      new SakshyaError(
        'INTERNAL',
        `not built yet (${vaultDir} ${request.from} ${String(options.scryptLogN)})`,
      ),
    );
  }

  findVaults(folder: string): BackupFoundVault[] {
    throw new SakshyaError('INTERNAL', `not built yet (${folder})`);
  }
}
