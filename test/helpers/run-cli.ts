import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../main/cli/program';
import { makeTempDir } from './temp-dir';

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

/** The CLI on one vault folder (`--vault dir`), with the environment given (her passphrase). */
export function cliOn(
  env: Record<string, string>,
): (dir: string, args: string[]) => Promise<CliRun> {
  return (dir, args) => runSakshya(['--vault', dir, ...args], env);
}

/**
 * A new vault in a temp folder with one case, "Loan app", made through the CLI as she would.
 * The zone is left to the CLI's default when none is given.
 */
export async function initCliVaultWithCase(
  env: Record<string, string>,
  timezone?: string,
): Promise<{ dir: string; caseId: string }> {
  const sakshya = cliOn(env);
  const dir = path.join(makeTempDir(), 'vault');
  const init = await sakshya(dir, ['init']);
  if (init.code !== 0) throw new Error(`sakshya init failed: ${init.stderr}`);
  const zone = timezone === undefined ? [] : ['--timezone', timezone];
  const created = await sakshya(dir, ['--json', 'case', 'create', '--title', 'Loan app', ...zone]);
  if (created.code !== 0) throw new Error(`sakshya case create failed: ${created.stderr}`);
  return { dir, caseId: parseJson<{ id: string }>(created).id };
}
