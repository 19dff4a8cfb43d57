// Wrapping a fresh file key for the recipients, and unwrapping it with the identities. Each
// comes in a blocking form (for the buffer API) and a promise form (for streams); they differ
// only in how scrypt runs.
import crypto from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';
import { AgeError } from './errors';
import { encodeHeader, verifyHeaderMac, type ParsedHeader } from './header';
import { FILE_KEY_SIZE } from './primitives';
import {
  assertEncryptLogN,
  DEFAULT_MAX_LOG_N,
  deriveScryptKey,
  deriveScryptKeySync,
  newScryptWork,
  openScryptAttempt,
  prepareScryptAttempt,
  SCRYPT_STANZA_TYPE,
  sealScryptStanza,
  type ScryptAttempt,
  type ScryptWork,
} from './scrypt';
import type { AgeIdentity, AgeRecipient, Stanza } from './types';
import { importX25519Secret, unwrapX25519, wrapX25519, X25519_KEY_SIZE } from './x25519';

export interface SealedHeader {
  readonly fileKey: Buffer;
  readonly header: Buffer;
}

type Plan = { kind: 'x25519'; publicKey: Uint8Array } | { kind: 'scrypt'; work: ScryptWork };

/** Throws for a recipient list age cannot or should not use, before any work is done. */
export function assertRecipients(recipients: readonly AgeRecipient[]): void {
  if (recipients.length === 0) {
    throw new SakshyaError('INVALID_INPUT', 'at least one age recipient is needed');
  }
  if (recipients.length > 1 && recipients.some((r) => r.kind === 'scrypt')) {
    // A passphrase-encrypted file must be the passphrase's alone, or it would not authenticate it.
    throw new SakshyaError(
      'INVALID_INPUT',
      'a passphrase cannot be combined with other recipients',
    );
  }
  for (const r of recipients) {
    if (r.kind === 'scrypt') assertEncryptLogN(r.logN);
    else if (r.publicKey.length !== X25519_KEY_SIZE) {
      throw new SakshyaError('INVALID_INPUT', 'an X25519 public key must be 32 bytes');
    }
  }
}

/** Throws unless there is at least one identity to try. */
export function assertIdentities(identities: readonly AgeIdentity[]): void {
  if (identities.length === 0) {
    throw new SakshyaError('INVALID_INPUT', 'at least one age identity is needed');
  }
}

function planRecipients(recipients: readonly AgeRecipient[]): Plan[] {
  assertRecipients(recipients);
  return recipients.map((r) =>
    r.kind === 'x25519'
      ? { kind: 'x25519', publicKey: r.publicKey }
      : { kind: 'scrypt', work: newScryptWork(r.passphrase, r.logN) },
  );
}

function sealWithKeys(
  plans: readonly Plan[],
  scryptKeys: readonly (Buffer | null)[],
): SealedHeader {
  const fileKey = crypto.randomBytes(FILE_KEY_SIZE);
  const stanzas = plans.map((plan, index): Stanza => {
    if (plan.kind === 'x25519') return wrapX25519(fileKey, plan.publicKey);
    const wrapKey = scryptKeys[index];
    if (wrapKey == null) throw new SakshyaError('INTERNAL', 'an scrypt key was not derived');
    return sealScryptStanza(plan.work, wrapKey, fileKey);
  });
  return { fileKey, header: encodeHeader(stanzas, fileKey) };
}

export function sealHeaderSync(recipients: readonly AgeRecipient[]): SealedHeader {
  const plans = planRecipients(recipients);
  return sealWithKeys(
    plans,
    plans.map((plan) => (plan.kind === 'scrypt' ? deriveScryptKeySync(plan.work) : null)),
  );
}

export async function sealHeader(recipients: readonly AgeRecipient[]): Promise<SealedHeader> {
  const plans = planRecipients(recipients);
  const keys = await Promise.all(
    plans.map((plan) =>
      plan.kind === 'scrypt' ? deriveScryptKey(plan.work) : Promise.resolve(null),
    ),
  );
  return sealWithKeys(plans, keys);
}

/** One identity's turn: either a file key found without scrypt, or scrypt work to do first. */
type Step = { done: true; fileKey: Buffer | null } | { done: false; attempt: ScryptAttempt };

function beginUnwrap(header: ParsedHeader, identity: AgeIdentity): Step {
  if (identity.kind === 'x25519') {
    return {
      done: true,
      fileKey: unwrapX25519(header.stanzas, importX25519Secret(identity.secretKey)),
    };
  }
  const attempt = prepareScryptAttempt(
    header.stanzas,
    identity.passphrase,
    identity.maxLogN ?? DEFAULT_MAX_LOG_N,
  );
  return attempt === null ? { done: true, fileKey: null } : { done: false, attempt };
}

function checkIdentities(header: ParsedHeader, identities: readonly AgeIdentity[]): void {
  assertIdentities(identities);
  const hasScrypt = header.stanzas.some((stanza) => stanza.type === SCRYPT_STANZA_TYPE);
  if (hasScrypt && header.stanzas.length !== 1) {
    throw new AgeError('header-invalid', 'an scrypt stanza must be the only stanza');
  }
}

function acceptFileKey(header: ParsedHeader, fileKey: Buffer): Buffer {
  verifyHeaderMac(header, fileKey);
  return fileKey;
}

/** The verified file key. Identities are tried in order; a hard error from any one stops. */
export function openHeaderSync(header: ParsedHeader, identities: readonly AgeIdentity[]): Buffer {
  checkIdentities(header, identities);
  for (const identity of identities) {
    const step = beginUnwrap(header, identity);
    const fileKey = step.done
      ? step.fileKey
      : openScryptAttempt(step.attempt, deriveScryptKeySync(step.attempt.work));
    if (fileKey !== null) return acceptFileKey(header, fileKey);
  }
  throw new AgeError('no-identity-matched', 'no identity matched any recipient of the file');
}

export async function openHeader(
  header: ParsedHeader,
  identities: readonly AgeIdentity[],
): Promise<Buffer> {
  checkIdentities(header, identities);
  for (const identity of identities) {
    const step = beginUnwrap(header, identity);
    const fileKey = step.done
      ? step.fileKey
      : openScryptAttempt(step.attempt, await deriveScryptKey(step.attempt.work));
    if (fileKey !== null) return acceptFileKey(header, fileKey);
  }
  throw new AgeError('no-identity-matched', 'no identity matched any recipient of the file');
}
