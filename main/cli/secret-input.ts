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
    let text: string;
    try {
      text = fs.readFileSync(source.file, 'utf8');
    } catch {
      throw new SakshyaError('INVALID_INPUT', `cannot read ${source.file}`);
    }
    return firstLine(text);
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
