// The backup operations that the CLI and the API both call (see README.md beside this file). The
// app's AppCore holds one, on its vault; the CLI builds one on the vault it opened.
import type {
  BackupFoundVault,
  BackupRestoreResult,
  BackupRunResult,
  BackupStatus,
  BackupVerifyReport,
} from '../../../shared/contract/backup';
import { SakshyaError } from '../../../shared/errors';
import { databaseFileOpens } from '../db/open-database';
import { wipeVaultKeys } from '../keys/key-file';
import type { Vault } from '../vault/vault';
import { findVaultBackups } from './backup-folder';
import { manifestKeysFrom, vaultIdFor } from './backup-layout';
import { restoreBackup, unwrapBackupKeys } from './backup-restore';
import { runBackup } from './backup-run';
import { describeBackupStatus, readPublishedGeneration, writeReminderDays } from './backup-state';
import { verifyBackup, type FoundBackup, type VerifyKeys } from './backup-verify';

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

/** A secret to check a backup's authentication with, when no vault is open (the CLI). */
export type VerifySecret =
  { kind: 'passphrase'; passphrase: string } | { kind: 'recovery-key'; recoveryKey: string };

export class BackupService {
  /** `getVault` gives the open vault, or undefined while locked (verify and find still work). */
  constructor(private readonly getVault: () => Vault | undefined) {}

  status(): BackupStatus {
    return describeBackupStatus(this.requireVault());
  }

  setReminderDays(days: number): BackupStatus {
    const vault = this.requireVault();
    writeReminderDays(vault, days);
    return describeBackupStatus(vault);
  }

  async run(
    request: BackupTaskOptions & {
      folder: string;
      keep?: number;
      recheckBytes?: number;
      manifestBytes?: number;
    },
  ): Promise<BackupRunResult> {
    const vault = this.requireVault();
    const result = await runBackup(vault, request);
    return { ...result, status: describeBackupStatus(vault) };
  }

  /**
   * Completeness and hashes always; with the open vault's keys (when the backup is of this vault)
   * or with `secret` (unwrapping the backup's own key file), also authentication and the snapshot.
   */
  verify(
    request: BackupTaskOptions & { folder: string; vaultId?: string; secret?: VerifySecret },
  ): Promise<BackupVerifyReport> {
    const vault = this.getVault();
    return verifyBackup({
      ...request,
      publishedGeneration: (found, backupId) =>
        vault === undefined || vaultIdFor(vault.recipient) !== found.vaultId
          ? null
          : readPublishedGeneration(vault, found.layout.root, backupId),
      keysFor: async (found) => {
        if (request.secret !== undefined) return unwrapForVerify(found, request.secret);
        if (vault === undefined || vaultIdFor(vault.recipient) !== found.vaultId) return null;
        return {
          manifest: {
            mac: (data) => vault.macWithSubkey('backup-manifest-mac', data),
            verify: (data, mac) => vault.verifySubkeyMac('backup-manifest-mac', data, mac),
          },
          opensDatabase: (file) => vault.opensWithDatabaseKey(file),
        };
      },
    });
  }

  findVaults(folder: string): BackupFoundVault[] {
    return findVaultBackups(folder);
  }

  /** Makes a new vault at `vaultDir` from a backup, and returns it open (AppCore adopts it). */
  restore(
    vaultDir: string,
    request: RestoreRequest,
    options: { scryptLogN?: number } = {},
  ): Promise<RestoreOutcome> {
    return restoreBackup(vaultDir, request, options);
  }

  private requireVault(): Vault {
    const vault = this.getVault();
    if (vault === undefined) throw new SakshyaError('VAULT_LOCKED');
    return vault;
  }
}

/**
 * The keys from the backup's newest wrapped key file that `secret` opens, read as restore reads it
 * (backup-restore.ts unwrapBackupKeys: a plain file, no longer than listed, its SHA-256 checked):
 * read straight from the backup folder, a named pipe there hung `backup verify --with-key` for
 * ever and a link to /dev/zero was read until memory ran out.
 */
async function unwrapForVerify(found: FoundBackup, secret: VerifySecret): Promise<VerifyKeys> {
  const keys = await unwrapBackupKeys(found.layout, found.manifests, secret);
  const manifestKeys = manifestKeysFrom({
    databaseKey: Buffer.from(keys.databaseKey),
    namingKey: Buffer.from(keys.namingKey),
  });
  const databaseKey = Buffer.from(keys.databaseKey);
  wipeVaultKeys(keys);
  return { manifest: manifestKeys, opensDatabase: (db) => databaseFileOpens(db, databaseKey) };
}
