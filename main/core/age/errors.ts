// Every failure to read an age file is an AgeError, so callers can tell "wrong key" from "damaged
// file" without parsing messages. It is also a SakshyaError, so an AgeError that nobody maps to a
// more specific code still reaches the user as DECRYPTION_FAILED rather than INTERNAL.
import { SakshyaError } from '../../../shared/errors';

export type AgeErrorReason =
  | 'no-identity-matched'
  | 'header-invalid'
  | 'header-mac-mismatch'
  | 'payload-invalid'
  | 'unsupported';

export class AgeError extends SakshyaError {
  readonly reason: AgeErrorReason;

  /** `detail` must describe the structure only: never keys, passphrases or plaintext. */
  constructor(reason: AgeErrorReason, detail: string) {
    super('DECRYPTION_FAILED', `age: ${detail}`);
    this.name = 'AgeError';
    this.reason = reason;
  }
}
