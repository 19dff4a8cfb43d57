// The scrypt (passphrase) recipient type. Key derivation is deliberately slow, so both a
// blocking and a non-blocking form exist: streams use the latter to keep the event loop free.
import crypto from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';
import { decodeBase64Raw, encodeBase64Raw } from './base64';
import { AgeError } from './errors';
import { openFileKey, sealFileKey, WRAPPED_KEY_SIZE } from './primitives';
import type { Stanza } from './types';

export const SCRYPT_STANZA_TYPE = 'scrypt';
/** The same ceiling as the reference implementation: about a second and 4 GiB at most. */
export const DEFAULT_MAX_LOG_N = 22;
/** Encryption refuses more than this: such a file could not be opened on ordinary machines. */
const MAX_ENCRYPT_LOG_N = 30;
const SALT_SIZE = 16;
const SALT_LABEL = Buffer.from('age-encryption.org/v1/scrypt', 'latin1');
const CANONICAL_LOG_N = /^[1-9][0-9]*$/;
const BLOCK_SIZE_R = 8;

/** What is needed to derive one scrypt wrap key; salt is the random per-file part only. */
export interface ScryptWork {
  readonly passphrase: string;
  readonly salt: Buffer;
  readonly logN: number;
}

export function assertEncryptLogN(logN: number): void {
  if (!Number.isInteger(logN) || logN < 1 || logN > MAX_ENCRYPT_LOG_N) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `the scrypt work factor must be an integer from 1 to ${MAX_ENCRYPT_LOG_N}`,
    );
  }
}

export function newScryptWork(passphrase: string, logN: number): ScryptWork {
  assertEncryptLogN(logN);
  return { passphrase, salt: crypto.randomBytes(SALT_SIZE), logN };
}

function scryptOptions(logN: number): crypto.ScryptOptions {
  const cost = 2 ** logN;
  // Node refuses when 128·N·r exceeds maxmem; allow exactly what these parameters need.
  return { N: cost, r: BLOCK_SIZE_R, p: 1, maxmem: 256 * cost * BLOCK_SIZE_R };
}

function scryptSalt(work: ScryptWork): Buffer {
  return Buffer.concat([SALT_LABEL, work.salt]);
}

export function deriveScryptKeySync(work: ScryptWork): Buffer {
  return crypto.scryptSync(
    Buffer.from(work.passphrase, 'utf8'),
    scryptSalt(work),
    32,
    scryptOptions(work.logN),
  );
}

export function deriveScryptKey(work: ScryptWork): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      Buffer.from(work.passphrase, 'utf8'),
      scryptSalt(work),
      32,
      scryptOptions(work.logN),
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

export function sealScryptStanza(work: ScryptWork, wrapKey: Buffer, fileKey: Uint8Array): Stanza {
  return {
    type: SCRYPT_STANZA_TYPE,
    args: [encodeBase64Raw(work.salt), String(work.logN)],
    body: sealFileKey(wrapKey, fileKey),
  };
}

/** An scrypt stanza that is well formed and within the work limit, ready to be opened. */
export interface ScryptAttempt {
  readonly work: ScryptWork;
  readonly body: Buffer;
}

/**
 * Null if the header has no scrypt stanza. Everything is validated before any scrypt work is
 * spent, and a work factor above `maxLogN` is refused outright so a planted file cannot hang us.
 */
export function prepareScryptAttempt(
  stanzas: readonly Stanza[],
  passphrase: string,
  maxLogN: number,
): ScryptAttempt | null {
  const stanza = stanzas.find((candidate) => candidate.type === SCRYPT_STANZA_TYPE);
  if (stanza === undefined) return null;
  const [encodedSalt, encodedLogN, ...extra] = stanza.args;
  if (encodedSalt === undefined || encodedLogN === undefined || extra.length > 0) {
    throw new AgeError('header-invalid', 'an scrypt stanza has the wrong number of arguments');
  }
  const salt = decodeBase64Raw(encodedSalt);
  if (salt?.length !== SALT_SIZE)
    throw new AgeError('header-invalid', 'an scrypt stanza has a malformed salt');
  if (!CANONICAL_LOG_N.test(encodedLogN)) {
    throw new AgeError('header-invalid', 'an scrypt stanza has a malformed work factor');
  }
  const logN = Number(encodedLogN);
  if (logN > maxLogN)
    throw new AgeError('unsupported', 'the scrypt work factor is above the allowed maximum');
  if (stanza.body.length !== WRAPPED_KEY_SIZE) {
    throw new AgeError('header-invalid', 'an scrypt stanza body has the wrong length');
  }
  return { work: { passphrase, salt, logN }, body: stanza.body };
}

export function openScryptAttempt(attempt: ScryptAttempt, wrapKey: Buffer): Buffer | null {
  return openFileKey(wrapKey, attempt.body);
}
