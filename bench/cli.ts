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

// A preload that prints the process's own CPU time at exit. Wall time on a loaded machine (2 cores
// shared with other work) mostly measures the queue for a core; CPU time is the work itself, so
// both are printed, each for the command and for a bare node in the same run.
const CPU_MARK = 'SAKSHYA_BENCH_CPU ';
const CPU_PRELOAD = `process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  require('node:fs').writeSync(2, '\\n${CPU_MARK}' + String((user + system) / 1000) + '\\n');
});
`;

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function timeOnce(args: string[], env: NodeJS.ProcessEnv, preload: string): Sample {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', preload, ...args], { env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  const line = run.stderr.split('\n').find((text) => text.startsWith(CPU_MARK));
  if (line === undefined) throw new Error(`${args.join(' ')} printed no CPU time`);
  return { wallMs, cpuMs: Number(line.slice(CPU_MARK.length)) };
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
  const preload = path.join(path.dirname(vault), 'cpu-at-exit.cjs');
  fs.writeFileSync(preload, CPU_PRELOAD);
  const samples = new Map<string, Sample[]>(commands.map(([name]) => [name, []]));
  // Interleaved, so a burst of load elsewhere falls on every command alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, args] of commands) samples.get(name)?.push(timeOnce(args, env, preload));
  }
  const bare = medianSample(samples.get('node -e 0') ?? []);
  console.log(
    `${label}: bare node start ${bare.wallMs.toFixed(0)} ms, ${bare.cpuMs.toFixed(0)} ms of CPU (medians of ${RUNS})`,
  );
  for (const [name] of commands.slice(1)) {
    const sample = medianSample(samples.get(name) ?? []);
    const ownWall = sample.wallMs - bare.wallMs;
    const ownCpu = sample.cpuMs - bare.cpuMs;
    const verdict = name.includes('case list')
      ? ''
      : ` (target own work < ${TARGET_OWN_MS} ms: by wall time ${ownWall < TARGET_OWN_MS ? 'met' : 'MISSED'}, by CPU time ${ownCpu < TARGET_OWN_MS ? 'met' : 'MISSED'})`;
    console.log(
      `  ${name}: ${sample.wallMs.toFixed(0)} ms, ${(sample.wallMs / bare.wallMs).toFixed(2)}× bare node, ` +
        `own work ${ownWall.toFixed(0)} ms; CPU ${sample.cpuMs.toFixed(0)} ms, ` +
        `${(sample.cpuMs / bare.cpuMs).toFixed(2)}× bare node, own ${ownCpu.toFixed(0)} ms${verdict}`,
    );
  }
}

function medianSample(samples: Sample[]): Sample {
  return {
    wallMs: median(samples.map((sample) => sample.wallMs)),
    cpuMs: median(samples.map((sample) => sample.cpuMs)),
  };
}

export function runCliBench(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-main.mjs')], {
    stdio: 'ignore',
  });
  measure('this build', CLI);
  const baseline = process.env.SAKSHYA_BENCH_CLI_BASELINE;
  if (baseline !== undefined && baseline !== '') measure(`baseline ${baseline}`, baseline);
}
