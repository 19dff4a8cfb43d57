export type AgeRecipient =
  { kind: 'x25519'; publicKey: Uint8Array } | { kind: 'scrypt'; passphrase: string; logN: number };

export type AgeIdentity =
  | { kind: 'x25519'; secretKey: Uint8Array }
  | { kind: 'scrypt'; passphrase: string; maxLogN?: number };

/** One recipient stanza of an age header: `-> type args…` followed by a base64 body. */
export interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Buffer;
}
