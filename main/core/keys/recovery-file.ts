// keys/recovery.age cannot be opened without the recovery key, which the vault never holds, so
// `check` cannot open it. What it can do is compare the file with the SHA-256 recorded in the
// custody log (authenticated by the database key) when the vault was made, or at the first unlock
// of a vault made before this was recorded. The file is never rewritten after creation (passwd and
// recover rewrite only keys/passphrase.age), so any other content means it was replaced, and the
// recovery key may no longer open the vault: that must be said while the passphrase still works.
//
// The log goes with the database, and `rebuild` starts a new one: a file recorded there after a
// rebuild would be whatever someone put in keys/ meanwhile. So the SHA-256 is also kept beside the
// file, in keys/recovery-file.json, with a MAC under a subkey only the unlocked vault derives
// (written at creation, and at any unlock whose log vouches for the file). Rebuild records the
// file as this vault's only when that stamp vouches for it, and otherwise as unconfirmed, which
// `check` names until the recovery key itself opens it (`sakshya recover`).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import type { Vault } from '../vault/vault';
import { recoveryKeyFile } from './key-store';

export const RECOVERY_FILE_RECORDED = 'vault.recovery-file-recorded';
/** Rebuild found no stamp of this vault's vouching for keys/recovery.age (see above). */
export const RECOVERY_FILE_UNCONFIRMED = 'vault.recovery-file-unconfirmed';
const STAMP_FORMAT = 'sakshya-recovery-file/1';
/** Only what a stamp needs: the vault's subkey MACs and its folder. */
type StampVault = Pick<Vault, 'layout' | 'macWithSubkey' | 'verifySubkeyMac'>;

export type RecoveryFileState =
  | { status: 'ok' | 'unrecorded' }
  | { status: 'missing' }
  | { status: 'unconfirmed'; sha256: string }
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

function recoveryStampFile(root: string): string {
  return path.join(root, 'keys', 'recovery-file.json');
}

function describeStampInput(sha256: string): string {
  return `${STAMP_FORMAT}\n${sha256}`;
}

/** The SHA-256 keys/recovery-file.json vouches for with this vault's MAC, or null. */
export function readStampedRecoveryHash(vault: StampVault): string | null {
  try {
    const raw = fs.readFileSync(recoveryStampFile(vault.layout.root), 'utf8');
    if (raw.length > 4096) return null;
    const parsed = JSON.parse(raw) as { format?: unknown; sha256?: unknown; mac?: unknown };
    if (parsed.format !== STAMP_FORMAT || typeof parsed.sha256 !== 'string') return null;
    if (!/^[0-9a-f]{64}$/.test(parsed.sha256) || typeof parsed.mac !== 'string') return null;
    return vault.verifySubkeyMac('recovery-file-mac', describeStampInput(parsed.sha256), parsed.mac)
      ? parsed.sha256
      : null;
  } catch {
    return null;
  }
}

export function writeRecoveryStamp(vault: StampVault, sha256: string): void {
  const mac = vault.macWithSubkey('recovery-file-mac', describeStampInput(sha256));
  writeFileAtomic(
    recoveryStampFile(vault.layout.root),
    `${JSON.stringify({ format: STAMP_FORMAT, sha256, mac }, null, 2)}\n`,
  );
}

/** The newest record of the file in the log: its SHA-256, and whether it was confirmed. */
function readRecordedHash(vault: Vault): { sha256: string; confirmed: boolean } | null {
  let recorded: { sha256: string; confirmed: boolean } | null = null;
  for (const entry of vault.custody('vault')) {
    // New vaults record it in their 'vault.created' entry; older ones at their first unlock.
    const sha256 =
      entry.action === 'vault.created' ? entry.details.recoveryFileSha256 : entry.details.sha256;
    if (
      (entry.action === 'vault.created' || entry.action === RECOVERY_FILE_RECORDED) &&
      typeof sha256 === 'string'
    )
      recorded = { sha256, confirmed: true };
    if (entry.action === RECOVERY_FILE_UNCONFIRMED)
      recorded = { sha256: typeof sha256 === 'string' ? sha256 : '', confirmed: false };
  }
  return recorded;
}

/**
 * At every unlock: the first of a vault whose log has no record of the file records its SHA-256
 * once; and while the log vouches for the file as it is, its stamp is written if missing or not
 * this vault's (a vault made before stamps, restored from a backup, or a stamp deleted).
 */
export function recordRecoveryFileOnce(vault: Vault): void {
  const recorded = readRecordedHash(vault);
  const sha256 = hashRecoveryFile(vault.layout.root);
  if (sha256 === null) return;
  if (recorded === null) vault.record(RECOVERY_FILE_RECORDED, 'vault', { sha256 });
  else if (!recorded.confirmed || recorded.sha256 !== sha256) return;
  if (readStampedRecoveryHash(vault) !== sha256) writeRecoveryStamp(vault, sha256);
}

/**
 * For rebuild's new log: the file is recorded as this vault's when its stamp vouches for it, and
 * otherwise as unconfirmed (with why), never trusted for being there. Returns the problem, or null.
 */
export function recordRecoveryFileAfterRebuild(vault: Vault): string | null {
  const sha256 = hashRecoveryFile(vault.layout.root);
  if (sha256 !== null && readStampedRecoveryHash(vault) === sha256) {
    vault.record(RECOVERY_FILE_RECORDED, 'vault', { sha256, confirmedBy: 'stamp' });
    return null;
  }
  const reason =
    sha256 === null
      ? 'missing'
      : "its stamp (keys/recovery-file.json) is missing or not this vault's";
  vault.record(RECOVERY_FILE_UNCONFIRMED, 'vault', { sha256, reason });
  return describeRecoveryFileProblem(
    sha256 === null ? { status: 'missing' } : { status: 'unconfirmed', sha256 },
  );
}

/** After the recovery key itself opened keys/recovery.age (`recover`): it is this vault's. */
export function confirmRecoveryFile(vault: Vault): void {
  const sha256 = hashRecoveryFile(vault.layout.root);
  if (sha256 === null) return;
  vault.record(RECOVERY_FILE_RECORDED, 'vault', { sha256, confirmedBy: 'recovery-key' });
  writeRecoveryStamp(vault, sha256);
}

export function inspectRecoveryFile(vault: Vault): RecoveryFileState {
  const recorded = readRecordedHash(vault);
  const sha256 = hashRecoveryFile(vault.layout.root);
  if (sha256 === null) return { status: 'missing' };
  if (recorded === null) return { status: 'unrecorded' };
  if (sha256 !== recorded.sha256)
    return recorded.confirmed
      ? { status: 'changed', sha256, recorded: recorded.sha256 }
      : { status: 'unconfirmed', sha256 };
  return recorded.confirmed ? { status: 'ok' } : { status: 'unconfirmed', sha256 };
}

export function describeRecoveryFileProblem(state: RecoveryFileState): string | null {
  if (state.status === 'missing')
    return 'the recovery key file (keys/recovery.age) is missing: your recovery key can no longer open this vault. Restore the file from a backup of this vault while your passphrase still works';
  if (state.status === 'changed')
    return `the recovery key file (keys/recovery.age) is not the one this vault made (SHA-256 ${state.sha256}, recorded ${state.recorded}); it was replaced or damaged, and your recovery key may no longer open this vault. Restore it from a backup of this vault while your passphrase still works`;
  if (state.status === 'unconfirmed')
    return `the recovery key file (keys/recovery.age, SHA-256 ${state.sha256}) could not be confirmed as this vault's own when the index was rebuilt (its stamp, keys/recovery-file.json, was missing or not made by this vault), so your recovery key may not open this vault. If you have your recovery key, run \`sakshya recover\` with it once to confirm it; if that fails, restore keys/recovery.age from a backup of this vault while your passphrase still works`;
  return null;
}
