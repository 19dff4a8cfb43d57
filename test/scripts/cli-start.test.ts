// `sakshya --help` and `sakshya verify` start quickly because they load almost nothing: the CLI
// imports each command's core modules inside the command, keeps zod's schemas (the largest part of
// its start-up, `npm run bench -- cli`) out of what starts before a command runs, and runs
// `verify` in a program of its own that registers no other command. The
// speed itself belongs to the bench; this test guards the import graph that the speed rests on.
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { findCommandName } from '../../main/cli/command-name';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface StaticGraph {
  /** Packages from node_modules. */
  packages: Set<string>;
  /** Our own source files. */
  files: Set<string>;
}

/** What `entry` reaches through static imports only (dynamic imports load later). */
async function listStatic(entry: string): Promise<StaticGraph> {
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

async function listStaticPackages(entry: string): Promise<Set<string>> {
  return (await listStatic(entry)).packages;
}

function walkStaticImports(metafile: Metafile, entry: string): StaticGraph {
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
  return { packages, files: seen };
}

describe('the CLI start', () => {
  it('loads no package at all before it knows the command', async () => {
    expect([...(await listStaticPackages('main/cli/index.ts'))]).toEqual([]);
  });

  it('loads only commander before a command of the full program runs', async () => {
    expect([...(await listStaticPackages('main/cli/program.ts'))]).toEqual(['commander']);
  });

  it('starts verify with commander alone and none of the other commands', async () => {
    const graph = await listStatic('main/cli/verify-program.ts');
    expect([...graph.packages]).toEqual(['commander']);
    expect([...graph.files].filter((file) => file !== 'main/cli/verify-program.ts').sort()).toEqual(
      [
        'main/cli/commands/verify.ts',
        'main/cli/io.ts',
        'main/cli/output.ts',
        'main/cli/root-command.ts',
        'shared/errors.ts',
      ],
    );
  });

  it('verifies a bundle with yauzl alone, without zod or the database', async () => {
    expect([...(await listStaticPackages('main/core/export/verify-bundle.ts'))]).toEqual(['yauzl']);
  });
});

describe('the command a command line names', () => {
  it('is the first word that is not a global option or its value', () => {
    expect(findCommandName(['verify', 'b.zip'])).toBe('verify');
    expect(findCommandName(['--json', 'verify', 'b.zip'])).toBe('verify');
    expect(findCommandName(['--vault', 'verify', 'case', 'list'])).toBe('case');
    expect(findCommandName(['--passphrase-file', 'p.txt', '--json', 'verify', 'x'])).toBe('verify');
    expect(findCommandName(['--vault=v', 'verify', 'x'])).toBe('verify');
    expect(findCommandName(['--', 'verify'])).toBe('verify');
  });

  it('is nothing for help alone or an empty command line', () => {
    expect(findCommandName(['--help'])).toBeUndefined();
    expect(findCommandName([])).toBeUndefined();
  });
});
