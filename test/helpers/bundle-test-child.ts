// A test's child script bundled once with esbuild, so each of the many children a kill test starts
// runs in well under a second instead of compiling the core through tsx again (seconds each on a
// busy machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

/** Bundles `source` into a folder of its own (kept for the whole test file) and returns the .mjs. */
export async function bundleTestChild(source: string): Promise<string> {
  // Not makeTempDir: its folders are removed after each test, and the bundle serves them all.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-crash-child-'));
  // The bundle leaves packages (the native SQLite module) to node, which finds them from here.
  fs.symlinkSync(
    path.resolve(import.meta.dirname, '../../node_modules'),
    path.join(folder, 'node_modules'),
  );
  const child = path.join(folder, `${path.basename(source, '.ts')}.mjs`);
  await build({
    entryPoints: [source],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  return child;
}
