// The textual age header: version line, recipient stanzas, and the MAC line. Parsing is strict
// (canonical base64, exact line lengths, no stray characters), which also makes the raw header
// bytes identical to their re-encoding, so the MAC is checked over the bytes as read.
import crypto from 'node:crypto';
import { decodeBase64Raw, encodeBase64Raw, encodeStanzaBody } from './base64';
import { AgeError } from './errors';
import { deriveKey } from './primitives';
import type { Stanza } from './types';

export const VERSION_PREFIX = 'age-encryption.org/';
export const INTRO = `${VERSION_PREFIX}v1\n`;
const INTRO_BYTES = Buffer.from(INTRO, 'latin1');
const FOOTER_MARK = Buffer.from('\n---', 'latin1');
const MAC_SIZE = 32;
const COLUMNS = 64;
const ARGUMENT = /^[\x21-\x7e]+$/;

export interface ParsedHeader {
  readonly stanzas: readonly Stanza[];
  /** The header up to and including `---`: what the MAC covers. */
  readonly macInput: Buffer;
  readonly mac: Buffer;
}

/**
 * Fails fast on input that can never become an age v1 header, so a stream fed the wrong file
 * does not buffer it looking for a header end.
 */
export function assertIntroPrefix(bytes: Buffer): void {
  const n = Math.min(bytes.length, INTRO_BYTES.length);
  if (bytes.subarray(0, n).equals(INTRO_BYTES.subarray(0, n))) return;
  if (bytes.subarray(0, VERSION_PREFIX.length).toString('latin1') === VERSION_PREFIX) {
    const newline = bytes.indexOf(0x0a);
    const version = bytes.subarray(VERSION_PREFIX.length, newline < 0 ? undefined : newline);
    // A well-formed line naming another version is a newer format, not a damaged file.
    if (ARGUMENT.test(version.toString('latin1'))) {
      throw new AgeError('unsupported', 'the file uses an age format version other than v1');
    }
  }
  throw new AgeError('header-invalid', 'the file does not start with an age header');
}

/**
 * Where the header ends (just past the MAC line's newline), or -1 if the buffer does not hold it
 * yet; `resumeAt` is where to search again once more bytes have arrived. The first line starting
 * with `---` is the only candidate: body lines are base64 and stanza lines start with `->`, so
 * anything else there fails the strict parse.
 */
export function findHeaderEnd(bytes: Buffer, searchFrom = 0): { end: number; resumeAt: number } {
  const mark = bytes.indexOf(FOOTER_MARK, searchFrom);
  if (mark < 0) return { end: -1, resumeAt: Math.max(0, bytes.length - FOOTER_MARK.length + 1) };
  const newline = bytes.indexOf(0x0a, mark + FOOTER_MARK.length);
  return { end: newline < 0 ? -1 : newline + 1, resumeAt: mark };
}

/** Parses exactly one header: `bytes` must end with the MAC line's newline. */
export function parseHeader(bytes: Buffer): ParsedHeader {
  assertIntroPrefix(bytes);
  // latin1 maps each byte to one code unit, so non-ASCII bytes survive to fail the checks below.
  const lines = bytes.toString('latin1').split('\n');
  if (lines[0] !== INTRO.slice(0, -1)) fail('the version line is malformed');
  const stanzas: Stanza[] = [];
  let index = 1;
  for (;;) {
    const line = lines[index];
    if (line === undefined) fail('the header has no MAC line');
    if (line.startsWith('---')) break;
    index = readStanza(lines, index, stanzas);
  }
  const footer = lines[index] ?? '';
  if (index !== lines.length - 2 || lines[index + 1] !== '') fail('data follows the MAC line');
  if (stanzas.length === 0) fail('the header has no recipient stanzas');
  const mac = footer.startsWith('--- ') ? decodeBase64Raw(footer.slice(4)) : null;
  if (mac?.length !== MAC_SIZE) fail('the MAC line is malformed');
  const macInputLength = bytes.length - footer.length - 1 + 3;
  return { stanzas, macInput: bytes.subarray(0, macInputLength), mac };
}

/** Reads the stanza starting at lines[start]; returns the index of the line after it. */
function readStanza(lines: readonly string[], start: number, into: Stanza[]): number {
  const opening = lines[start] ?? '';
  if (!opening.startsWith('-> ')) fail('a header line is neither a stanza nor the MAC line');
  const words = opening.slice(3).split(' ');
  if (!words.every((word) => ARGUMENT.test(word)))
    fail('a stanza has an empty or invalid argument');
  const [type = '', ...args] = words;
  const parts: Buffer[] = [];
  // The last element of `lines` is the empty string after the final newline, never a body line.
  for (let index = start + 1; index < lines.length - 1; index++) {
    const line = lines[index] ?? '';
    const part = line.length <= COLUMNS ? decodeBase64Raw(line) : null;
    if (part === null) fail('a stanza body line is not canonical base64 of the right length');
    parts.push(part);
    if (line.length < COLUMNS) {
      into.push({ type, args, body: Buffer.concat(parts) });
      return index + 1;
    }
  }
  return fail('a stanza body does not end with a short line');
}

export function encodeHeader(stanzas: readonly Stanza[], fileKey: Uint8Array): Buffer {
  let text = INTRO;
  for (const stanza of stanzas) {
    text += `-> ${[stanza.type, ...stanza.args].join(' ')}\n${encodeStanzaBody(stanza.body)}`;
  }
  const macInput = Buffer.from(`${text}---`, 'latin1');
  const mac = computeHeaderMac(macInput, fileKey);
  return Buffer.concat([macInput, Buffer.from(` ${encodeBase64Raw(mac)}\n`, 'latin1')]);
}

export function verifyHeaderMac(header: ParsedHeader, fileKey: Uint8Array): void {
  if (!crypto.timingSafeEqual(computeHeaderMac(header.macInput, fileKey), header.mac)) {
    throw new AgeError('header-mac-mismatch', 'the header MAC does not match');
  }
}

function computeHeaderMac(macInput: Buffer, fileKey: Uint8Array): Buffer {
  const macKey = deriveKey(fileKey, Buffer.alloc(0), 'header');
  return crypto.createHmac('sha256', macKey).update(macInput).digest();
}

function fail(detail: string): never {
  throw new AgeError('header-invalid', detail);
}
