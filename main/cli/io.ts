// What a CLI run talks to. Tests pass their own streams and environment; the real entry passes
// the process's. Keeping this explicit lets tests run the CLI in-process and read its exit code.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_INTEGRITY = 1;
export const EXIT_USAGE = 2;
