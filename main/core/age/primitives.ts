import crypto from 'node:crypto';

export const FILE_KEY_SIZE = 16;
/** A wrapped file key: 16 bytes of ChaCha20-Poly1305 ciphertext and its 16-byte tag. */
export const WRAPPED_KEY_SIZE = 32;
export const TAG_SIZE = 16;

const ZERO_NONCE = Buffer.alloc(12);

export function deriveKey(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info, 32));
}

/** Wrap keys are single-use, which is why age can fix the nonce at zero. */
export function sealFileKey(wrapKey: Uint8Array, fileKey: Uint8Array): Buffer {
  const cipher = crypto.createCipheriv('chacha20-poly1305', wrapKey, ZERO_NONCE, {
    authTagLength: TAG_SIZE,
  });
  const sealed = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
  return sealed;
}

/** Returns null when the body does not authenticate under this key (i.e. not ours). */
export function openFileKey(wrapKey: Uint8Array, body: Buffer): Buffer | null {
  const decipher = crypto.createDecipheriv('chacha20-poly1305', wrapKey, ZERO_NONCE, {
    authTagLength: TAG_SIZE,
  });
  decipher.setAuthTag(body.subarray(FILE_KEY_SIZE));
  const fileKey = decipher.update(body.subarray(0, FILE_KEY_SIZE));
  try {
    decipher.final();
  } catch {
    return null;
  }
  return fileKey;
}

export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const byte of bytes) acc |= byte;
  return acc === 0;
}
