// Issue 15's CLI start-up figures: the built `sakshya` (dist/main/cli.mjs) for --help, verify of a
// small bundle and case list, each against a bare `node -e 0` started in the same run, so the
// figure that counts (the command's own work: its time less node's own start) is not a guess about
// how loaded the machine is. Set SAKSHYA_BENCH_CLI_BASELINE to another build's cli.mjs (e.g. one of
// main) to time it beside this one.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'main', 'cli.mjs');
const RUNS = 5;
const TARGET_OWN_MS = 150;
const PASS = 'bench passphrase for the cli';

function timeOnce(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Builds a vault with one case and one file, and a bundle of it, through the CLI itself. */
function prepare(cli: string): { vault: string; bundle: string; env: NodeJS.ProcessEnv } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-bench-cli-'));
  const vault = path.join(work, 'vault');
  const env = { ...process.env, SAKSHYA_PASSPHRASE: PASS, TZ: 'Asia/Kolkata' };
  const sakshya = (...args: string[]) =>
    execFileSync(process.execPath, [cli, '--vault', vault, ...args], { env, encoding: 'utf8' });
  sakshya('init');
  const caseId = (
    JSON.parse(sakshya('--json', 'case', 'create', '--title', 'Bench')) as {
      id: string;
    }
  ).id;
  const file = path.join(work, 'note.txt');
  fs.writeFileSync(file, 'They called at 9:15 pm.\n');
  sakshya('add', '--case', caseId, file);
  const bundle = path.join(work, 'bundle.zip');
  sakshya('export', '--case', caseId, '--out', bundle);
  return { vault, bundle, env };
}

function measure(label: string, cli: string): void {
  const { vault, bundle, env } = prepare(cli);
  const commands: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['sakshya --help', [cli, '--help']],
    ['sakshya verify (1-item bundle)', [cli, 'verify', bundle]],
    ['sakshya case list (includes scrypt unlock)', [cli, '--vault', vault, 'case', 'list']],
  ];
  const samples = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  // Interleaved, so a burst of load elsewhere falls on every command alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, args] of commands) samples.get(name)?.push(timeOnce(args, env));
  }
  const bare = median(samples.get('node -e 0') ?? []);
  console.log(`${label}: bare node start ${bare.toFixed(0)} ms (median of ${RUNS})`);
  for (const [name] of commands.slice(1)) {
    const ms = median(samples.get(name) ?? []);
    const own = ms - bare;
    const verdict = name.includes('case list')
      ? ''
      : own < TARGET_OWN_MS
        ? ` (target own work < ${TARGET_OWN_MS} ms) met`
        : ` (target own work < ${TARGET_OWN_MS} ms) MISSED`;
    console.log(
      `  ${name}: ${ms.toFixed(0)} ms, ${(ms / bare).toFixed(2)}× bare node, own work ${own.toFixed(0)} ms${verdict}`,
    );
  }
}

export function runCliBench(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-main.mjs')], {
    stdio: 'ignore',
  });
  measure('this build', CLI);
  const baseline = process.env.SAKSHYA_BENCH_CLI_BASELINE;
  if (baseline !== undefined && baseline !== '') measure(`baseline ${baseline}`, baseline);
}
