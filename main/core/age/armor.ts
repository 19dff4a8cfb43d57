// Reading the ASCII-armored form (strict PEM, label "AGE ENCRYPTED FILE"). Sakshya never writes
// armor; it is accepted so files from other age tools open. As the spec asks, only whitespace
// around the block and CRLF line endings are tolerated: anything else would make it malleable.
import { decodeBase64Padded } from './base64';
import { AgeError } from './errors';

const BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const END = '-----END AGE ENCRYPTED FILE-----';
const BEGIN_MARKER = Buffer.from('-----BEGIN', 'latin1');
const COLUMNS = 64;
const SURROUNDING_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const ARMOR_CHARACTERS = /^[A-Za-z0-9+/=]+$/;
/** Leading whitespace we wait through before deciding; the reference reader stops at 1 KiB too. */
const MAX_LEADING_SPACE = 1024;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a;
}

/**
 * Whether the input is armored: 'yes', 'no', or 'unknown' while it is still a prefix of both.
 * A binary age file starts with "age-", so any leading whitespace or dash means armor.
 */
export function detectArmor(bytes: Buffer): 'yes' | 'no' | 'unknown' {
  let start = 0;
  while (start < bytes.length && isSpace(bytes[start] ?? 0)) start++;
  if (start > MAX_LEADING_SPACE) return 'no';
  const rest = bytes.subarray(start, start + BEGIN_MARKER.length);
  if (rest.length === 0) return bytes.length === 0 || start > 0 ? 'unknown' : 'no';
  if (!BEGIN_MARKER.subarray(0, rest.length).equals(rest)) return 'no';
  return rest.length === BEGIN_MARKER.length ? 'yes' : 'unknown';
}

export function decodeArmor(bytes: Buffer): Buffer {
  const lines = bytes
    .toString('latin1')
    .replace(SURROUNDING_SPACE, '')
    .replaceAll('\r\n', '\n')
    .split('\n');
  if (lines.length < 2 || lines[0] !== BEGIN || lines[lines.length - 1] !== END) {
    fail('the armor does not begin and end with the age markers');
  }
  const data = lines.slice(1, -1);
  const lengthsOk = data.every((line, index) =>
    index === data.length - 1
      ? line.length > 0 && line.length <= COLUMNS && line.length % 4 === 0
      : line.length === COLUMNS,
  );
  if (!lengthsOk) fail('an armor line has the wrong length');
  if (!data.every((line) => ARMOR_CHARACTERS.test(line)))
    fail('the armor has a character outside base64');
  const decoded = decodeBase64Padded(data.join(''));
  if (decoded === null) fail('the armor is not canonical base64');
  return decoded;
}

function fail(detail: string): never {
  throw new AgeError('header-invalid', detail);
}
