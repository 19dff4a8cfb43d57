// `npm run soak -- --kills N`: the "never lost" soak (run-soak.ts) on a fresh vault in a temporary
// folder. Prints each kill, then kills, corruptions and items lost; exits 1 unless both are 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSoak } from './run-soak';
import type { SoakOperation } from './soak-child';

function readKills(argv: string[]): number {
  const at = argv.indexOf('--kills');
  const kills = Number(at >= 0 ? argv[at + 1] : 30);
  if (!Number.isSafeInteger(kills) || kills < 1) throw new Error('--kills takes a whole number');
  return kills;
}

/** `--only export,passwd`: only these kinds of work. */
function readOnly(argv: string[]): { operations?: SoakOperation[] } {
  const at = argv.indexOf('--only');
  if (at < 0) return {};
  return { operations: (argv[at + 1] ?? '').split(',') as SoakOperation[] };
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-soak-'));
const result = await runSoak({
  kills: readKills(process.argv.slice(2)),
  workDir,
  ...readOnly(process.argv.slice(2)),
  log: (line) => process.stdout.write(`${line}\n`),
});
for (const line of result.details) process.stdout.write(`  ${line}\n`);
process.stdout.write(
  `kills: ${String(result.kills)}, corruptions: ${String(result.corruptions)}, items lost: ${String(result.lost)} (items committed: ${String(result.committed)}, recoveries by rebuild: ${String(result.recoveries)}, ${(result.durationMs / 1000).toFixed(0)} s)\n`,
);
process.stdout.write(`by operation: ${JSON.stringify(result.byOperation)}\n`);
fs.rmSync(workDir, { recursive: true, force: true });
process.exitCode = result.corruptions === 0 && result.lost === 0 ? 0 : 1;
