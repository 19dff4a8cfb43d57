// Two encrypted copies of the same vault keys: one under the passphrase, one under the recovery
// key. Both are age scrypt files, so `age -d keys/passphrase.age` with the passphrase alone gives
// back the identity, without Sakshya.
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { AgeError, decryptBufferAsync, encryptBufferAsync } from '../age';
import {
  fsyncDirectory,
  makeTempPath,
  publishTempFile,
  renameWithRetry,
  translateFsError,
} from '../fs/atomic-write';
import { generateRecoveryKey, normalizeRecoveryKey } from './recovery-key';
import { generateVaultKeys, parseVaultKeys, serializeVaultKeys, type VaultKeys } from './key-file';

/** age's own default work factor; the issue asks for at least 2^18. */
export const DEFAULT_SCRYPT_LOG_N = 18;
/** Refuse files that demand more work than this, so a planted key file cannot hang the app. */
const MAX_SCRYPT_LOG_N = 22;
export const MIN_PASSPHRASE_LENGTH = 8;

export function passphraseKeyFile(vaultDir: string): string {
  return path.join(vaultDir, 'keys', 'passphrase.age');
}

export function recoveryKeyFile(vaultDir: string): string {
  return path.join(vaultDir, 'keys', 'recovery.age');
}

export interface CreatedKeys {
  keys: VaultKeys;
  /** Shown to the user once, grouped for reading; never stored in plain text. */
  recoveryKey: string;
}

// Every function that derives a key from a passphrase is async: scrypt takes seconds at the real
// work factor and runs on the thread pool, so the thread that calls it stays free (issue 15).
export async function createKeyFiles(
  vaultDir: string,
  passphrase: string,
  scryptLogN: number,
): Promise<CreatedKeys> {
  const normalized = normalizePassphrase(passphrase);
  assertAcceptablePassphrase(normalized);
  const keys = generateVaultKeys();
  const recoveryKey = generateRecoveryKey();
  fs.mkdirSync(path.join(vaultDir, 'keys'), { recursive: true, mode: 0o700 });
  const text = serializeVaultKeys(keys);
  // Both derivations at once: the thread pool has room for two, so create takes one scrypt's time.
  const [underRecovery, underPassphrase] = await Promise.all([
    sealKeys(text, normalizeRecoveryKey(recoveryKey), scryptLogN),
    sealKeys(text, normalized, scryptLogN),
  ]);
  createKeyFileExclusively(recoveryKeyFile(vaultDir), underRecovery);
  createKeyFileExclusively(passphraseKeyFile(vaultDir), underPassphrase);
  return { keys, recoveryKey };
}

/**
 * The same passphrase typed on two keyboards can differ in Unicode composition (Devanagari nukta
 * forms, for one): NFC makes them one. Vaults sealed before this used the raw form, so unlocking
 * tries NFC first and then, if different, the text exactly as typed.
 */
export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize('NFC');
}

export async function unlockWithPassphrase(
  vaultDir: string,
  passphrase: string,
): Promise<VaultKeys> {
  return openPassphraseKeyFile(passphraseKeyFile(vaultDir), passphrase);
}

/** The keys in one passphrase key file, wherever it is (a vault, or a backup's copy of one). */
export async function openPassphraseKeyFile(file: string, passphrase: string): Promise<VaultKeys> {
  const normalized = normalizePassphrase(passphrase);
  try {
    return parseVaultKeys(await openKeys(file, normalized, 'WRONG_PASSPHRASE'));
  } catch (error) {
    const wrong = error instanceof SakshyaError && error.code === 'WRONG_PASSPHRASE';
    if (!wrong || normalized === passphrase) throw error;
    return parseVaultKeys(await openKeys(file, passphrase, 'WRONG_PASSPHRASE'));
  }
}

export async function unlockWithRecoveryKey(
  vaultDir: string,
  recoveryKey: string,
): Promise<VaultKeys> {
  return openRecoveryKeyFile(recoveryKeyFile(vaultDir), recoveryKey);
}

/** The keys in one recovery key file, wherever it is (a vault, or a backup's copy of one). */
export async function openRecoveryKeyFile(file: string, recoveryKey: string): Promise<VaultKeys> {
  const compact = normalizeRecoveryKey(recoveryKey);
  return parseVaultKeys(await openKeys(file, compact, 'WRONG_RECOVERY_KEY'));
}

/** Re-seals the keys under a new passphrase. The old passphrase stops working at once. */
export async function setPassphrase(
  vaultDir: string,
  keys: VaultKeys,
  passphrase: string,
  scryptLogN: number,
): Promise<void> {
  const normalized = normalizePassphrase(passphrase);
  assertAcceptablePassphrase(normalized);
  const text = serializeVaultKeys(keys);
  await replaceKeyFileVerified(
    passphraseKeyFile(vaultDir),
    await sealKeys(text, normalized, scryptLogN),
    async (temp) => {
      const reopened = parseVaultKeys(await openKeys(temp, normalized, 'WRONG_PASSPHRASE'));
      return (
        reopened.identity === keys.identity &&
        reopened.databaseKey.equals(keys.databaseKey) &&
        reopened.namingKey.equals(keys.namingKey)
      );
    },
  );
}

export function assertAcceptablePassphrase(passphrase: string): void {
  if (Array.from(passphrase).length < MIN_PASSPHRASE_LENGTH) {
    throw new SakshyaError('WEAK_PASSPHRASE', `use at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
}

/** A key file is only ever created where none is: never overwritten, never truncated. */
function createKeyFileExclusively(file: string, sealed: Buffer): void {
  const temp = writeTempKeyFile(file, sealed);
  if (publishTempFile(temp, file) === 'existed') {
    throw new SakshyaError(
      'VAULT_EXISTS',
      `${path.basename(file)} already exists; it was not replaced`,
    );
  }
}

/**
 * The one way a key file is replaced (passwd, recover): the new file is written beside it, opened
 * again and checked to hold the same keys, and only then renamed over the old one. A crash or a
 * failed check leaves the old file as it was.
 */
async function replaceKeyFileVerified(
  file: string,
  sealed: Buffer,
  opensToSameKeys: (temp: string) => Promise<boolean>,
): Promise<void> {
  const temp = writeTempKeyFile(file, sealed);
  try {
    if (!(await opensToSameKeys(temp)))
      throw new SakshyaError('INTERNAL', 'the new key file did not open to the same keys');
    renameWithRetry(temp, file);
    fsyncDirectory(path.dirname(file));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error instanceof SakshyaError ? error : translateFsError(error);
  }
}

function writeTempKeyFile(file: string, sealed: Buffer): string {
  const temp = makeTempPath(path.dirname(file), path.basename(file));
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
    fs.writeSync(fd, sealed);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    return temp;
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
}

function sealKeys(text: string, passphrase: string, logN: number): Promise<Buffer> {
  return encryptBufferAsync(Buffer.from(text, 'utf8'), [{ kind: 'scrypt', passphrase, logN }]);
}

async function openKeys(
  file: string,
  passphrase: string,
  wrongCode: 'WRONG_PASSPHRASE' | 'WRONG_RECOVERY_KEY',
): Promise<string> {
  let sealed: Buffer;
  try {
    sealed = fs.readFileSync(file);
  } catch {
    throw new SakshyaError('VAULT_NOT_FOUND', 'the vault has no key file');
  }
  try {
    const plain = await decryptBufferAsync(sealed, [
      { kind: 'scrypt', passphrase, maxLogN: MAX_SCRYPT_LOG_N },
    ]);
    return plain.toString('utf8');
  } catch (error) {
    if (error instanceof AgeError && error.reason === 'no-identity-matched') {
      throw new SakshyaError(wrongCode);
    }
    throw new SakshyaError('VAULT_CORRUPT', 'the key file is damaged', { cause: error });
  }
}
