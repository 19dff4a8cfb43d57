// Bundles the main-process code with esbuild:
//   main/index.ts            -> dist/main/index.cjs    (Electron main, CommonJS)
//   main/electron/preload.ts -> dist/main/preload.cjs  (sandboxed preload: only 'electron' may stay external)
//   main/cli/index.ts        -> dist/main/cli.mjs      (the Node CLI, if it exists yet; its
//                               commands and `verify`'s own small program in dist/main/chunks/)
//   main/core/export/documents/document-worker.ts -> dist/main/document-worker.{cjs,mjs}
//                                                    (renders an export's documents in a worker
//                                                    thread, one build for each of the two above)
//   main/core/vault/stage-worker.ts -> dist/main/stage-worker.{cjs,mjs}
//                                      (writes an import's stored copies in worker threads)
//   main/core/ocr/text-worker.ts    -> dist/main/text-worker.{cjs,mjs}
//                                      (reads the text in pictures, in a worker thread)
//   main/core/ocr/tesseract-worker.cjs -> copied to dist/main/ (tesseract.js's own thread, no fetch)
//   main/core-host/host-worker.ts   -> dist/main/core-host-worker.cjs
//                                      (the whole core, off the thread that serves the window)
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
// tesseract.js starts its own thread from a file path and loads its wasm core from node_modules,
// so it is never bundled either (electron-builder unpacks it with its data).
const NATIVE = ['better-sqlite3-multiple-ciphers', 'sharp', 'heic-decode', 'tesseract.js'];

/**
 * The CLI's dependencies stay in node_modules (it runs from the installed package), except the
 * small pure-JavaScript ones that `--help` and `verify` load at start: resolving zod's and
 * commander's dozens of ESM files one by one cost about a third of the CLI's own start-up time
 * (measured with --cpu-prof; `npm run bench -- cli`), while bundled they are one parse. yauzl is
 * CommonJS: imported from ESM, Node first scans it with its export lexer, which cost `verify` about
 * 80 ms of CPU (more than the whole check of a small bundle); bundled, it is a plain function.
 */
const CLI_BUNDLED = new Set(['zod', 'commander', 'yauzl']);
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const CLI_EXTERNAL = Object.keys(packageJson.dependencies)
  .filter((name) => !CLI_BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const DOCUMENT_WORKER = 'main/core/export/documents/document-worker.ts';
const STAGE_WORKER = 'main/core/vault/stage-worker.ts';
const CORE_HOST_WORKER = 'main/core-host/host-worker.ts';
const TEXT_WORKER = 'main/core/ocr/text-worker.ts';
const TESSERACT_WORKER = 'main/core/ocr/tesseract-worker.cjs';
/**
 * Tells render-documents.ts and stage-workers.ts the file names of the worker bundles beside the
 * bundle they are in (`ext`: cjs or mjs, the bundle's own format).
 */
const defineWorkers = (ext) => ({
  define: {
    __SAKSHYA_DOCUMENT_WORKER__: JSON.stringify(`document-worker.${ext}`),
    __SAKSHYA_STAGE_WORKER__: JSON.stringify(`stage-worker.${ext}`),
    // Shipped bundles never honour SAKSHYA_INSECURE_SCRYPT_LOG_N (see main/cli/program.ts); code run
    // from source (tests) leaves the name undefined and may.
    __SAKSHYA_ALLOW_INSECURE_SCRYPT__: 'false',
    __SAKSHYA_CORE_HOST_WORKER__: JSON.stringify(`core-host-worker.${ext}`),
    __SAKSHYA_TEXT_WORKER__: JSON.stringify(`text-worker.${ext}`),
    __SAKSHYA_TESSERACT_WORKER__: JSON.stringify('tesseract-worker.cjs'),
  },
});

const entries = [
  {
    entry: 'main/index.ts',
    outfile: 'index.cjs',
    // Electron (42 and later) ships Node 24 or newer; node22 is a safe floor for the syntax esbuild emits.
    options: {
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      // pdfkit's ESM build (the one esbuild picks for `import`) reads import.meta.url at load time,
      // which is empty in CommonJS and would crash the app at start; external, it loads its CJS build.
      external: ['electron', 'pdfkit', ...NATIVE],
      ...defineWorkers('cjs'),
    },
  },
  {
    entry: DOCUMENT_WORKER,
    outfile: 'document-worker.cjs',
    options: { platform: 'node', format: 'cjs', target: 'node22', external: ['pdfkit', ...NATIVE] },
  },
  {
    entry: STAGE_WORKER,
    outfile: 'stage-worker.cjs',
    options: { platform: 'node', format: 'cjs', target: 'node22', external: NATIVE },
  },
  {
    // The core itself, so it needs what index.cjs needed before: the same externals, and the names
    // of the documents and stage workers, which it starts from here.
    entry: CORE_HOST_WORKER,
    outfile: 'core-host-worker.cjs',
    options: {
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['pdfkit', ...NATIVE],
      ...defineWorkers('cjs'),
    },
  },
  {
    entry: TEXT_WORKER,
    outfile: 'text-worker.cjs',
    options: {
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: NATIVE,
      ...defineWorkers('cjs'),
    },
  },
  {
    entry: 'main/electron/preload.ts',
    outfile: 'preload.cjs',
    // A sandboxed preload can require('electron') and nothing else from disk, so bundle all the rest.
    // Minified: the contract pulls in zod, and the preload is parsed on every window load.
    options: {
      platform: 'node',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      minify: true,
    },
  },
  {
    entry: 'main/cli/index.ts',
    outfile: 'cli.mjs',
    // Split at dynamic imports (into dist/main/chunks/): in one ESM file esbuild would hoist the
    // `import` of pdfkit and docx to the top, and every command would load them (~30 MiB) even
    // when a worker thread renders the export's documents.
    split: true,
    // Run by plain Node from the installed package, so its dependencies resolve from node_modules.
    options: {
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: CLI_EXTERNAL,
      // commander is CommonJS: bundled into ESM, its require('node:events') needs a real require.
      banner: {
        js: "import { createRequire as __sakshyaCreateRequire } from 'node:module'; const require = __sakshyaCreateRequire(import.meta.url);",
      },
      ...defineWorkers('mjs'),
    },
  },
  {
    entry: DOCUMENT_WORKER,
    outfile: 'document-worker.mjs',
    options: { platform: 'node', format: 'esm', target: 'node20', packages: 'external' },
  },
  {
    entry: STAGE_WORKER,
    outfile: 'stage-worker.mjs',
    options: { platform: 'node', format: 'esm', target: 'node20', packages: 'external' },
  },
  {
    entry: TEXT_WORKER,
    outfile: 'text-worker.mjs',
    options: {
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      ...defineWorkers('mjs'),
    },
  },
];

/** Builds every entry into `into` (dist/main by default; tests build into a folder of their own). */
export async function buildMain(into = outdir, { quiet = false } = {}) {
  fs.mkdirSync(into, { recursive: true });
  // Chunk names carry a content hash, so a rebuild would leave the old ones beside the new.
  fs.rmSync(path.join(into, 'chunks'), { recursive: true, force: true });
  for (const { entry, outfile, split = false, options } of entries) {
    const source = path.join(root, entry);
    if (!fs.existsSync(source)) {
      if (!quiet) console.log(`skip  ${entry} (not written yet)`);
      continue;
    }
    await build({
      // pdf-document.ts and render-documents.ts read import.meta.url and fall back to __filename /
      // __dirname where esbuild leaves it empty (CommonJS); the warning says nothing new.
      logOverride: { 'empty-import-meta': 'silent' },
      ...(split
        ? {
            entryPoints: { [path.parse(outfile).name]: source },
            outdir: into,
            splitting: true,
            chunkNames: 'chunks/[name]-[hash]',
            outExtension: { '.js': '.mjs' },
          }
        : { entryPoints: [source], outfile: path.join(into, outfile) }),
      bundle: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
      ...options,
    });
    if (!quiet) console.log(`built ${entry} -> ${path.relative(root, path.join(into, outfile))}`);
  }
  // Plain CommonJS that tesseract.js starts as a thread by its path: copied as it is.
  fs.copyFileSync(path.join(root, TESSERACT_WORKER), path.join(into, 'tesseract-worker.cjs'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildMain();
