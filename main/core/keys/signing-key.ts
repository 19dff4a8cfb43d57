// The vault's own Ed25519 signing key, for export bundles, and OpenSSH SSHSIG signatures with it.
//
// Where the key is kept, and how it is authenticated and pinned, is signing-key-store.ts.
//
// Signatures use OpenSSH's SSHSIG format (PROTOCOL.sshsig) because anyone can check them with the
// standard tool, `ssh-keygen -Y verify`, on Windows, macOS and Linux. It is written by hand on
// node:crypto because no maintained npm package produces SSHSIG; the format is small: a fixed
// preamble, length-prefixed strings, and an Ed25519 signature over a SHA-512 of the message.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { SakshyaError } from '../../../shared/errors';

export const SSHSIG_NAMESPACE = 'file';
/** The principal written in allowed_signers lines; `ssh-keygen -Y verify -I sakshya`. */
export const SIGNER_IDENTITY = 'sakshya';

const MAGIC = Buffer.from('SSHSIG', 'ascii');
const SIG_VERSION = 1;
export const KEY_TYPE = 'ssh-ed25519';
const HASH_ALGORITHM = 'sha512';
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

export interface SigningKey {
  /** 'SHA256:…' exactly as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** One OpenSSH public key line: 'ssh-ed25519 AAAA… sakshya'. */
  publicKeyLine: string;
  /** An armored SSHSIG signature over `message` in the 'file' namespace. */
  sign: (message: Buffer) => string;
}

export function describeSigningKey(privateKey: KeyObject): SigningKey {
  const blob = encodePublicKeyBlob(rawPublicKey(createPublicKey(privateKey)));
  return {
    fingerprint: fingerprintOf(blob),
    publicKeyLine: `${KEY_TYPE} ${blob.toString('base64')} ${SIGNER_IDENTITY}`,
    sign: (message) => signSshsig(privateKey, blob, message),
  };
}

/** 'SHA256:' and the unpadded base64 SHA-256 of the public key blob, as OpenSSH prints it. */
export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.x === undefined) throw new SakshyaError('INTERNAL', 'not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

function encodePublicKeyBlob(raw: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(raw)]);
}

function signSshsig(privateKey: KeyObject, publicKeyBlob: Buffer, message: Buffer): string {
  const digest = createHash(HASH_ALGORITHM).update(message).digest();
  const signature = sign(null, signedData(SSHSIG_NAMESPACE, digest), privateKey);
  const blob = Buffer.concat([
    MAGIC,
    uint32(SIG_VERSION),
    sshString(publicKeyBlob),
    sshString(SSHSIG_NAMESPACE),
    sshString(''),
    sshString(HASH_ALGORITHM),
    sshString(Buffer.concat([sshString(KEY_TYPE), sshString(signature)])),
  ]);
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return `${ARMOR_BEGIN}\n${lines.join('\n')}\n${ARMOR_END}\n`;
}

/** What PROTOCOL.sshsig says is signed: the preamble, namespace, hash name and the message's hash. */
function signedData(namespace: string, digest: Buffer): Buffer {
  return Buffer.concat([
    MAGIC,
    sshString(namespace),
    sshString(''),
    sshString(HASH_ALGORITHM),
    sshString(digest),
  ]);
}

export type SshsigCheck =
  | { valid: true; fingerprint: string }
  | { valid: false; fingerprint: string | null; reason: string };

/**
 * Checks an armored SSHSIG signature over `message`, the way `ssh-keygen -Y verify` does, and that
 * it was made by `publicKeyLine`'s key. Never throws: a damaged signature is an answer, not an error.
 */
export function verifySshsig(armored: string, message: Buffer, publicKeyLine: string): SshsigCheck {
  const expected = parsePublicKeyLine(publicKeyLine);
  const fingerprint = expected === null ? null : fingerprintOf(expected);
  if (expected === null)
    return {
      valid: false,
      fingerprint,
      reason: 'signing-key.pub is not an ssh-ed25519 public key',
    };
  const parsed = parseSignature(armored);
  if (typeof parsed === 'string') return { valid: false, fingerprint, reason: parsed };
  if (!parsed.publicKey.equals(expected)) {
    return {
      valid: false,
      fingerprint,
      reason: 'the signature was made with a different key than signing-key.pub',
    };
  }
  if (parsed.namespace !== SSHSIG_NAMESPACE)
    return {
      valid: false,
      fingerprint,
      reason: 'the signature is for another purpose (namespace)',
    };
  if (parsed.hashAlgorithm !== 'sha512' && parsed.hashAlgorithm !== 'sha256') {
    return { valid: false, fingerprint, reason: 'the signature uses an unknown hash' };
  }
  const digest = createHash(parsed.hashAlgorithm).update(message).digest();
  const data = Buffer.concat([
    MAGIC,
    sshString(parsed.namespace),
    sshString(''),
    sshString(parsed.hashAlgorithm),
    sshString(digest),
  ]);
  let ok = false;
  try {
    const key = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: expected.subarray(expected.length - 32).toString('base64url'),
      },
      format: 'jwk',
    });
    ok = verify(null, data, key, parsed.signature);
  } catch {
    ok = false;
  }
  return ok
    ? { valid: true, fingerprint: fingerprintOf(expected) }
    : { valid: false, fingerprint, reason: 'the signature does not match the signed file' };
}

/** The public key blob of an 'ssh-ed25519 AAAA… comment' line, or null. */
export function parsePublicKeyLine(line: string): Buffer | null {
  const [type, base64] = line.trim().split(/\s+/);
  if (type !== KEY_TYPE || base64 === undefined) return null;
  const blob = Buffer.from(base64, 'base64');
  const reader = new SshReader(blob);
  try {
    if (
      reader.string().toString('ascii') !== KEY_TYPE ||
      reader.string().length !== 32 ||
      !reader.done()
    )
      return null;
  } catch {
    return null;
  }
  return blob;
}

interface ParsedSignature {
  publicKey: Buffer;
  namespace: string;
  hashAlgorithm: string;
  signature: Buffer;
}

function parseSignature(armored: string): ParsedSignature | string {
  const text = armored.trim();
  if (!text.startsWith(ARMOR_BEGIN) || !text.endsWith(ARMOR_END))
    return 'the signature file is not an SSH signature';
  const body = text.slice(ARMOR_BEGIN.length, text.length - ARMOR_END.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return 'the signature file is damaged';
  const reader = new SshReader(Buffer.from(body, 'base64'));
  try {
    if (!reader.bytes(6).equals(MAGIC) || reader.uint32() !== SIG_VERSION)
      return 'the signature file is not an SSH signature';
    const publicKey = reader.string();
    const namespace = reader.string().toString('utf8');
    reader.string();
    const hashAlgorithm = reader.string().toString('ascii');
    const inner = new SshReader(reader.string());
    if (inner.string().toString('ascii') !== KEY_TYPE)
      return 'the signature is not an Ed25519 signature';
    const signature = inner.string();
    if (signature.length !== 64) return 'the signature file is damaged';
    return { publicKey, namespace, hashAlgorithm, signature };
  } catch {
    return 'the signature file is damaged';
  }
}

class SshReader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  bytes(n: number): Buffer {
    if (this.offset + n > this.buffer.length) throw new RangeError('truncated');
    const out = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  done(): boolean {
    return this.offset === this.buffer.length;
  }
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}
