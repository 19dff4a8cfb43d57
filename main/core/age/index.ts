// age v1 (https://age-encryption.org/v1) on node:crypto alone: X25519 and scrypt recipients,
// binary output, and binary or ASCII-armored input.
export type { AgeIdentity, AgeRecipient } from './types';
export { AgeError, type AgeErrorReason } from './errors';
export {
  generateX25519Identity,
  identityToRecipient,
  parseIdentity,
  parseIdentityFile,
  parseRecipient,
} from './bech32-keys';
export {
  createEncryptStream,
  encryptBuffer,
  encryptBufferAsync,
  encryptBufferWith,
} from './encrypt';
export { sealHeaderSync, type SealedHeader } from './file-key';
export { createDecryptStream, decryptBuffer, decryptBufferAsync } from './decrypt';
export { DEFAULT_MAX_LOG_N } from './scrypt';
export { CHUNK_SIZE, PayloadOpener, PayloadSealer, sealedPayloadSize } from './stream';
