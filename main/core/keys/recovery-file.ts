// keys/recovery.age cannot be opened without the recovery key, which the vault never holds, so
// `check` cannot open it. What it can do is compare the file with the SHA-256 recorded in the
// custody log (authenticated by the database key) when the vault was made, or at the first unlock
// of a vault made before this was recorded. The file is never rewritten after creation (passwd and
// recover rewrite only keys/passphrase.age), so any other content means it was replaced, and the
// recovery key may no longer open the vault: that must be said while the passphrase still works.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Vault } from '../vault/vault';
import { recoveryKeyFile } from './key-store';

export const RECOVERY_FILE_RECORDED = 'vault.recovery-file-recorded';

export type RecoveryFileState =
  | { status: 'ok' | 'unrecorded' }
  | { status: 'missing' }
  | { status: 'changed'; sha256: string; recorded: string };

export function hashRecoveryFile(root: string): string | null {
  try {
    return createHash('sha256')
      .update(fs.readFileSync(recoveryKeyFile(root)))
      .digest('hex');
  } catch {
    return null;
  }
}

function readRecordedHash(vault: Vault): string | null {
  let recorded: string | null = null;
  for (const entry of vault.custody('vault')) {
    // New vaults record it in their 'vault.created' entry; older ones at their first unlock.
    const sha256 =
      entry.action === 'vault.created' ? entry.details.recoveryFileSha256 : entry.details.sha256;
    if (
      (entry.action === 'vault.created' || entry.action === RECOVERY_FILE_RECORDED) &&
      typeof sha256 === 'string'
    )
      recorded = sha256;
  }
  return recorded;
}

/** At the first unlock of a vault whose log has no record of the file: records its SHA-256 once. */
export function recordRecoveryFileOnce(vault: Vault): void {
  if (readRecordedHash(vault) !== null) return;
  const sha256 = hashRecoveryFile(vault.layout.root);
  if (sha256 !== null) vault.record(RECOVERY_FILE_RECORDED, 'vault', { sha256 });
}

export function inspectRecoveryFile(vault: Vault): RecoveryFileState {
  const recorded = readRecordedHash(vault);
  const sha256 = hashRecoveryFile(vault.layout.root);
  if (sha256 === null) return { status: 'missing' };
  if (recorded === null) return { status: 'unrecorded' };
  return sha256 === recorded ? { status: 'ok' } : { status: 'changed', sha256, recorded };
}

export function describeRecoveryFileProblem(state: RecoveryFileState): string | null {
  if (state.status === 'missing')
    return 'the recovery key file (keys/recovery.age) is missing: your recovery key can no longer open this vault. Restore the file from a backup of this vault while your passphrase still works';
  if (state.status === 'changed')
    return `the recovery key file (keys/recovery.age) is not the one this vault made (SHA-256 ${state.sha256}, recorded ${state.recorded}); it was replaced or damaged, and your recovery key may no longer open this vault. Restore it from a backup of this vault while your passphrase still works`;
  return null;
}
