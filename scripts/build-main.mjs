// Bundles the main-process code with esbuild:
//   main/index.ts            -> dist/main/index.cjs    (Electron main, CommonJS)
//   main/electron/preload.ts -> dist/main/preload.cjs  (sandboxed preload: only 'electron' may stay external)
//   main/cli/index.ts        -> dist/main/cli.mjs      (the Node CLI, if it exists yet)
// electron and the native modules are never bundled: Electron provides the first; SQLCipher and
// sharp load .node binaries that electron-builder unpacks from the asar (see electron-builder.yml);
// heic-decode carries a multi-megabyte wasm bundle that is better loaded from node_modules on demand.
// The web transport is not an entry point and is imported by none of these, so it never ships.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'main');
const NATIVE = ['better-sqlite3-multiple-ciphers', 'sharp', 'heic-decode'];

const entries = [
  {
    entry: 'main/index.ts',
    outfile: 'index.cjs',
    // Electron 42 ships Node 24; node22 is a safe floor for the syntax esbuild emits.
    options: {
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      // pdfkit's ESM build (the one esbuild picks for `import`) reads import.meta.url at load time,
      // which is empty in CommonJS and would crash the app at start; external, it loads its CJS build.
      external: ['electron', 'pdfkit', ...NATIVE],
    },
  },
  {
    entry: 'main/electron/preload.ts',
    outfile: 'preload.cjs',
    // A sandboxed preload can require('electron') and nothing else from disk, so bundle all the rest.
    // Minified: the contract pulls in zod, and the preload is parsed on every window load.
    options: { platform: 'node', format: 'cjs', target: 'chrome130', external: ['electron'], minify: true },
  },
  {
    entry: 'main/cli/index.ts',
    outfile: 'cli.mjs',
    // Run by plain Node from the installed package, so its dependencies resolve from node_modules.
    options: { platform: 'node', format: 'esm', target: 'node20', packages: 'external' },
  },
];

fs.mkdirSync(outdir, { recursive: true });
for (const { entry, outfile, options } of entries) {
  const source = path.join(root, entry);
  if (!fs.existsSync(source)) {
    console.log(`skip  ${entry} (not written yet)`);
    continue;
  }
  await build({
    entryPoints: [source],
    outfile: path.join(outdir, outfile),
    bundle: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    ...options,
  });
  console.log(`built ${entry} -> dist/main/${outfile}`);
}
