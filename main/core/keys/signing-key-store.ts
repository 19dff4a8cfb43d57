// Where the vault's signing key lives (keys/signing-key.age) and why it can be trusted.
//
// The file is age-encrypted to the vault's recipient, so `rebuild` and the standard age tool open
// it with the vault identity. But that recipient is public (vault.json), so anyone who can write in
// the vault folder could seal a key of their own to it. Two things stop a swapped key from signing:
// - the plaintext carries an HMAC of the key under a subkey only the unlocked vault can derive
//   (keys/subkeys.ts), so a planted file fails authentication;
// - the key's fingerprint is pinned in the custody log when the key is made (or, after a rebuild,
//   when an authentic key is found), so even an authentic-looking file for another key is refused.
// A key that fails either is never used: export refuses and `check` names the problem.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { decryptBuffer, encryptBuffer, parseRecipient } from '../age';
import {
  makeTempPath,
  publishTempFile,
  translateFsError,
  writeFileAtomic,
} from '../fs/atomic-write';
import type { Vault } from '../vault/vault';
import { describeSigningKey, KEY_TYPE, type SigningKey } from './signing-key';

const FORMAT_LINE = '# sakshya-signing-key: 2';
const MAC_PREFIX = '# sakshya-signing-key-mac: ';
/** Custody actions whose `fingerprint` pins the vault's signing key; the latest one counts. */
const PIN_ACTIONS = new Set(['signing-key.created', 'signing-key.pinned']);

export type SigningKeyState =
  /** No key yet and none pinned: the first export makes one. */
  | { status: 'none' }
  | { status: 'ok'; fingerprint: string }
  /** The custody log pins a key, but keys/signing-key.age is gone. */
  | { status: 'missing'; pinned: string }
  /** The file cannot be decrypted with the vault identity, or is not a key. */
  | { status: 'unreadable'; pinned: string | null }
  /** The file lacks a valid MAC from this vault (planted, or from an old version and unpinned). */
  | { status: 'unauthenticated'; fingerprint: string; pinned: string | null }
  /** An authentic-looking key whose fingerprint is not the one pinned in the custody log. */
  | { status: 'mismatch'; fingerprint: string; pinned: string };

export function signingKeyFile(vaultRoot: string): string {
  return path.join(vaultRoot, 'keys', 'signing-key.age');
}

/** The fingerprint of the vault's signing key, or null when it has none yet (nothing exported). */
export function readSigningKeyFingerprint(vault: Vault): string | null {
  const state = inspectSigningKey(vault);
  return state.status === 'ok' ? state.fingerprint : null;
}

/** The fingerprint pinned in the custody log, or null when no key was ever pinned. */
export function readPinnedFingerprint(vault: Vault): string | null {
  let pinned: string | null = null;
  for (const entry of vault.custody('vault')) {
    const fingerprint = entry.details.fingerprint;
    if (PIN_ACTIONS.has(entry.action) && typeof fingerprint === 'string') pinned = fingerprint;
  }
  return pinned;
}

export interface SigningKeyOptions {
  /**
   * The unlocked user asked for a new key (`export --new-signing-key`, or the app's confirmation)
   * because the key file is gone. Never replaces a file that is there.
   */
  newKey?: boolean;
}

/**
 * The vault's signing key. It is made without asking only for the first export of a vault whose
 * custody log is whole and has never had one. When the file is gone but the log pins a key, or the
 * log cannot tell (it was rebuilt), a new key is made only when she asks for one
 * (SIGNING_KEY_MISSING otherwise): a deleted key must never be replaced silently, or the next
 * bundle would be signed by a key the recipient has never been told about.
 */
export function loadOrCreateSigningKey(vault: Vault, options: SigningKeyOptions = {}): SigningKey {
  const missing = assertSigningKeyAvailable(vault, options);
  if (missing !== null) createSigningKeyFile(vault, missing.pinned, !missing.firstEver);
  const loaded = loadSigningKey(vault);
  if (loaded.state.status !== 'ok' || loaded.key === undefined) {
    throw new SakshyaError('INTEGRITY_FAILURE', describeSigningKeyProblem(loaded.state));
  }
  // A crash between publishing a new key and logging it leaves an authentic, unpinned key.
  if (readPinnedFingerprint(vault) === null) pinAuthenticSigningKey(vault);
  return describeSigningKey(loaded.key);
}

/**
 * Throws SIGNING_KEY_MISSING when the key file is gone and a new key may not be made without her
 * asking (see loadOrCreateSigningKey); changes nothing, so the app asks before its save dialog.
 * Returns null when the file is there, else what making one needs to know.
 */
export function assertSigningKeyAvailable(
  vault: Vault,
  options: SigningKeyOptions = {},
): { pinned: string | null; firstEver: boolean } | null {
  if (fs.existsSync(signingKeyFile(vault.layout.root))) return null;
  const pinned = readPinnedFingerprint(vault);
  const firstEver = pinned === null && !hasUnknownPast(vault);
  if (!firstEver && options.newKey !== true) {
    throw new SakshyaError('SIGNING_KEY_MISSING', describeMissingKey(pinned));
  }
  return { pinned, firstEver };
}

/** True when the custody log does not go back to the vault's creation (it was rebuilt). */
function hasUnknownPast(vault: Vault): boolean {
  const first = vault.db
    .prepare<[], { action: string }>('SELECT action FROM custody_log ORDER BY seq LIMIT 1')
    .get();
  return first?.action !== 'vault.created';
}

function describeMissingKey(pinned: string | null): string {
  return pinned === null
    ? "the vault's signing key file (keys/signing-key.age) is missing and this vault's history cannot say whether it had one (it was rebuilt); nothing was exported. Restore the file from a backup of this vault, or ask for a new signing key (`sakshya export --new-signing-key`) and send its fingerprint to the recipient"
    : `the vault's signing key file (keys/signing-key.age) is missing; the key pinned in the custody log is ${pinned}. Nothing was exported. Restore the file from a backup of this vault, or ask for a new signing key (\`sakshya export --new-signing-key\`) and send its new fingerprint to the recipient`;
}

/** What `check` reports about the signing key; never throws for a bad key file. */
export function inspectSigningKey(vault: Vault): SigningKeyState {
  return loadSigningKey(vault).state;
}

/**
 * An authentic key found by `rebuild` (whose new custody log has no pin yet) is pinned again, so
 * exports keep their fingerprint. Returns the fingerprint pinned, or null if there is nothing
 * authentic to pin.
 */
export function pinAuthenticSigningKey(vault: Vault): string | null {
  if (readPinnedFingerprint(vault) !== null) return null;
  const loaded = loadSigningKey(vault);
  if (loaded.state.status !== 'ok') return null;
  vault.record('signing-key.pinned', 'vault', {
    fingerprint: loaded.state.fingerprint,
    type: KEY_TYPE,
    reason: 'found authentic in keys/signing-key.age',
  });
  return loaded.state.fingerprint;
}

/** One plain sentence for a key that must not be used. */
export function describeSigningKeyProblem(state: SigningKeyState): string {
  switch (state.status) {
    case 'missing':
      return `the vault's signing key file (keys/signing-key.age) is missing; the key pinned in the custody log is ${state.pinned}. Restore the file from a backup of this vault`;
    case 'unreadable':
      return "the vault's signing key file (keys/signing-key.age) cannot be opened with this vault's keys; it was replaced or damaged and will not be used";
    case 'unauthenticated':
      return `the vault's signing key file (keys/signing-key.age) was not made by this vault (key ${state.fingerprint}); it was replaced and will not be used`;
    case 'mismatch':
      return `the vault's signing key (${state.fingerprint}) is not the key pinned in the custody log (${state.pinned}); it was replaced and will not be used`;
    default:
      return 'the signing key is fine';
  }
}

interface LoadedKey {
  state: SigningKeyState;
  key?: KeyObject;
}

function loadSigningKey(vault: Vault): LoadedKey {
  const pinned = readPinnedFingerprint(vault);
  const file = signingKeyFile(vault.layout.root);
  if (!fs.existsSync(file)) {
    return { state: pinned === null ? { status: 'none' } : { status: 'missing', pinned } };
  }
  const opened = openKeyFile(vault, file);
  if (opened === null) return { state: { status: 'unreadable', pinned } };
  const fingerprint = describeSigningKey(opened.key).fingerprint;
  if (pinned !== null && fingerprint !== pinned) {
    return { state: { status: 'mismatch', fingerprint, pinned } };
  }
  if (!opened.authentic) {
    // A key file from before authentication existed is trusted only if the custody log pinned
    // exactly this key when it was made; then it is sealed again with its MAC.
    if (pinned === null || opened.mac !== null) {
      return { state: { status: 'unauthenticated', fingerprint, pinned } };
    }
    writeFileAtomic(file, sealKey(vault, opened.pem));
    vault.record('signing-key.authenticated', 'vault', { fingerprint });
  }
  return { state: { status: 'ok', fingerprint }, key: opened.key };
}

interface OpenedKey {
  key: KeyObject;
  pem: string;
  /** The MAC line's value, or null when the file has none (made by an older version). */
  mac: string | null;
  authentic: boolean;
}

function openKeyFile(vault: Vault, file: string): OpenedKey | null {
  try {
    const text = decryptBuffer(fs.readFileSync(file), [vault.identity]).toString('utf8');
    const lines = text.split('\n');
    const macLine = lines.find((line) => line.startsWith(MAC_PREFIX));
    const pem = lines.filter((line) => !line.startsWith('#')).join('\n');
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') return null;
    const mac = macLine === undefined ? null : macLine.slice(MAC_PREFIX.length).trim();
    const authentic =
      mac !== null &&
      lines.includes(FORMAT_LINE) &&
      vault.verifySubkeyMac('signing-key-mac', pem, mac);
    return { key, pem, mac, authentic };
  } catch {
    return null;
  }
}

function sealKey(vault: Vault, pem: string): Buffer {
  const mac = vault.macWithSubkey('signing-key-mac', pem);
  const text = `${FORMAT_LINE}\n${MAC_PREFIX}${mac}\n${pem}`;
  return encryptBuffer(Buffer.from(text, 'utf8'), [parseRecipient(vault.recipient)]);
}

function createSigningKeyFile(vault: Vault, replaces: string | null, requested: boolean): void {
  const file = signingKeyFile(vault.layout.root);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  const sealed = sealKey(vault, pem.toString());
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = makeTempPath(path.dirname(file), 'signing-key');
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, sealed);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
  // Never replaces a key made at the same moment by another process: the first one wins for both.
  if (publishTempFile(temp, file) === 'created') {
    const key = describeSigningKey(privateKey);
    vault.record('signing-key.created', 'vault', {
      fingerprint: key.fingerprint,
      type: KEY_TYPE,
      // A key made to replace a lost one says which, so the log shows the signer changed.
      ...(replaces === null ? {} : { replaces }),
      ...(requested ? { reason: 'the key file was missing; a new key was asked for' } : {}),
    });
  }
}
