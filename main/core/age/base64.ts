// age uses unpadded standard base64 and requires decoders to reject anything non-canonical, so
// a file cannot be altered without changing its bytes. Node's decoder is lenient (it skips
// unknown characters and accepts base64url), so every decode is checked by re-encoding.

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeBase64Raw(bytes: Uint8Array): string {
  const padded = toBuffer(bytes).toString('base64');
  const end = padded.endsWith('==') ? -2 : padded.endsWith('=') ? -1 : padded.length;
  return padded.slice(0, end);
}

/** Returns null unless `text` is the canonical unpadded encoding of some bytes. */
export function decodeBase64Raw(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return encodeBase64Raw(bytes) === text ? bytes : null;
}

/** Returns null unless `text` is the canonical padded encoding of some bytes. */
export function decodeBase64Padded(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/**
 * A stanza body: 64-column lines, always closed by a shorter line — an empty one when the
 * encoding fills its last line exactly.
 */
export function encodeStanzaBody(body: Uint8Array): string {
  const text = encodeBase64Raw(body);
  let out = '';
  let at = 0;
  for (; at + 64 <= text.length; at += 64) out += `${text.slice(at, at + 64)}\n`;
  return `${out}${text.slice(at)}\n`;
}
