import { PassThrough } from 'node:stream';
import { runCli } from '../../main/cli/program';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Low scrypt work for speed; everything else is the real CLI, in-process. */
export const TEST_ENV = { SAKSHYA_INSECURE_SCRYPT_LOG_N: '10' };

export async function runSakshya(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = new PassThrough();
  const code = await runCli(args, { stdout, stderr, stdin, env: { ...TEST_ENV, ...env } });
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects
export function parseJson<T>(run: CliRun): T {
  return JSON.parse(run.stdout) as T;
}
