// `sakshya repair`: put back a lost vault.json from the key files. vault.json holds nothing secret
// (the format and the public recipient), so it can always be rebuilt from keys/passphrase.age once
// the passphrase opens it. If the database is gone too, the index is rebuilt from the sidecars.
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { recoveryKeyFile, unlockWithPassphrase } from '../keys/key-store';
import { wipeVaultKeys } from '../keys/key-file';
import { describeVaultLayout } from './layout';
import { findVaultTraces, vaultExists, writeManifest } from './manifest';
import { rebuildVault } from './rebuild';
import { Vault } from './vault';

export interface RepairReport {
  /** The public recipient written back into vault.json. */
  recipient: string;
  /** True when the database was missing too and was rebuilt from the sidecars. */
  rebuilt: boolean;
  /** False when keys/recovery.age is missing as well: the recovery key no longer opens the vault. */
  recoveryKeyFilePresent: boolean;
  /**
   * After a rebuild: null when keys/recovery.age was confirmed as this vault's, else what is wrong
   * (rebuild.ts). Null when nothing was rebuilt (the vault's log still vouches for the file).
   */
  recoveryFile: string | null;
}

/** True when a vault is here but its vault.json is missing: the case `repair` is for. */
export function needsRepair(dir: string): boolean {
  const layout = describeVaultLayout(path.resolve(dir));
  return !vaultExists(layout) && findVaultTraces(layout).length > 0;
}

export async function repairVault(
  dir: string,
  passphrase: string,
): Promise<{ vault: Vault; report: RepairReport }> {
  const layout = describeVaultLayout(path.resolve(dir));
  if (vaultExists(layout)) {
    throw new SakshyaError('VAULT_EXISTS', 'vault.json is in place; there is nothing to repair');
  }
  if (findVaultTraces(layout).length === 0) {
    throw new SakshyaError('VAULT_NOT_FOUND', `no vault at ${layout.root}`);
  }
  // The passphrase must open the key file before anything is written.
  const keys = await unlockWithPassphrase(layout.root, passphrase);
  const recipient = keys.recipient;
  wipeVaultKeys(keys);
  writeManifest(layout, recipient);
  const rebuilt = !fs.existsSync(layout.database);
  let recoveryFile: string | null = null;
  let vault: Vault;
  if (rebuilt) {
    // Kept, not dropped (trust review N5): a recovery file the rebuild could not confirm is said.
    const done = await rebuildVault(layout.root, passphrase);
    vault = done.vault;
    recoveryFile = done.report.recoveryFile;
  } else {
    vault = await Vault.open(layout.root, passphrase);
  }
  const recoveryKeyFilePresent = fs.existsSync(recoveryKeyFile(layout.root));
  vault.record('vault.repaired', 'vault', {
    restored: 'vault.json',
    rebuilt,
    recoveryKeyFilePresent,
  });
  return { vault, report: { recipient, rebuilt, recoveryKeyFilePresent, recoveryFile } };
}
