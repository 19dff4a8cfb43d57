// `sakshya --help` and `sakshya verify` start quickly because they load almost nothing: the CLI
// imports each command's core modules inside the command, and keeps zod's schemas (the largest
// part of its start-up, `npm run bench -- cli`) out of what starts before a command runs. The
// speed itself belongs to the bench; this test guards the import graph that the speed rests on.
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Packages reached from `entry` through static imports only (dynamic imports load later). */
async function listStaticPackages(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: path.join(ROOT, 'node_modules', '.cache', 'sakshya-cli-start'),
    logLevel: 'silent',
  });
  return walkStaticImports(result.metafile, entry);
}

function walkStaticImports(metafile: Metafile, entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external === true) {
        if (!imported.path.startsWith('node:')) packages.add(imported.path);
      } else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return packages;
}

describe('the CLI start', () => {
  it('loads only commander before a command runs', async () => {
    expect([...(await listStaticPackages('main/cli/index.ts'))]).toEqual(['commander']);
  });

  it('verifies a bundle with yauzl alone, without zod or the database', async () => {
    expect([...(await listStaticPackages('main/core/export/verify-bundle.ts'))]).toEqual(['yauzl']);
  });
});
