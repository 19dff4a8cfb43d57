// Passphrases and recovery keys come from a file, an environment variable, or a prompt with no
// echo — never from a command-line argument, where other users could read them in `ps`.
import fs from 'node:fs';
import { SakshyaError } from '../../shared/errors';
import type { CliIo } from './io';

export interface SecretSource {
  file?: string | undefined;
  envName: string;
  prompt: string;
  confirm?: boolean;
}

export async function readSecret(io: CliIo, source: SecretSource): Promise<string> {
  if (source.file !== undefined) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(source.file);
    } catch {
      throw new SakshyaError('INVALID_INPUT', `cannot read ${source.file}`);
    }
    return firstLine(decodeSecretFile(bytes, source.file));
  }
  const fromEnv = io.env[source.envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (io.stdin.isTTY !== true) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `no terminal to ask on: give it with a file option or the ${source.envName} environment variable`,
    );
  }
  const first = await promptHidden(io, source.prompt);
  if (source.confirm === true) {
    const second = await promptHidden(io, 'Type it again: ');
    if (first !== second) throw new SakshyaError('INVALID_INPUT', 'the two entries did not match');
  }
  return first;
}

/**
 * The text of a passphrase or recovery-key file, whatever wrote it. PowerShell 5.1's
 * `"pw" > pass.txt` writes UTF-16LE with a byte-order mark, Notepad may add a UTF-8 BOM, and
 * `Out-File -Encoding BigEndianUnicode` writes UTF-16BE: read as plain UTF-8 those would set a
 * garbled passphrase without a word. A BOM picks the encoding; without one, UTF-16 is recognised
 * by where its zero bytes fall (no passphrase holds NUL), and anything else is UTF-8.
 */
export function decodeSecretFile(bytes: Buffer, name: string): string {
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = bytes.subarray(3).toString('utf8');
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = bytes.subarray(2).toString('utf16le');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = swapBytes(bytes.subarray(2)).toString('utf16le');
  } else if (looksLikeUtf16(bytes, 1)) {
    text = bytes.toString('utf16le');
  } else if (looksLikeUtf16(bytes, 0)) {
    text = swapBytes(bytes).toString('utf16le');
  } else {
    text = bytes.toString('utf8');
  }
  if (text.includes('\0')) {
    throw new SakshyaError(
      'INVALID_INPUT',
      `${name} contains NUL bytes, so it is not a plain text file: save the passphrase as plain text (UTF-8), one line`,
    );
  }
  return text;
}

/**
 * Even length, with zero bytes, all of them at `zeroAt` in their pair (1: UTF-16LE, 0: UTF-16BE):
 * the high bytes of ASCII characters. Devanagari has no zero byte in either order.
 */
function looksLikeUtf16(bytes: Buffer, zeroAt: 0 | 1): boolean {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return false;
  let zeros = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] !== 0) continue;
    if (i % 2 !== zeroAt) return false;
    zeros += 1;
  }
  return zeros > 0;
}

function swapBytes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}

function firstLine(text: string): string {
  const newline = text.search(/\r?\n/);
  return newline === -1 ? text : text.slice(0, newline);
}

/** Reads one line in raw mode without echoing it, so nothing typed appears on screen. */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    io.stderr.write(prompt);
    const stdin = io.stdin;
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new SakshyaError('CANCELLED', 'cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}
