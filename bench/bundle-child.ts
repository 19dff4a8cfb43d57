// Bundles a bench file to run as a child process the way the installed CLI runs
// (scripts/build-main.mjs): one ESM bundle split at dynamic imports, packages left external, and
// the worker bundles beside it, so module loading and worker threads cost what they cost in the
// product rather than what tsx costs.
import fs from 'node:fs';
import path from 'node:path';

/** Builds `entry` into a private folder and returns the bundle's path. */
export async function bundleBenchChild(entry: string, name: string): Promise<string> {
  // Inside the repository, so the bundle resolves its external packages and the fonts from
  // node_modules exactly as dist/main/cli.mjs does.
  const root = path.resolve(import.meta.dirname, '..');
  const outdir = path.join(
    root,
    'node_modules',
    '.cache',
    `sakshya-bench-${name}-${String(process.pid)}`,
  );
  // Imported here, not at the top, so that a bundled child does not load esbuild itself.
  const { build } = await import('esbuild');
  const options = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  } as const;
  // Split at dynamic imports like dist/main/cli.mjs, so pdfkit and docx load only where they are used.
  await build({
    ...options,
    entryPoints: { [name]: entry },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    define: {
      __SAKSHYA_DOCUMENT_WORKER__: JSON.stringify('document-worker.mjs'),
      __SAKSHYA_STAGE_WORKER__: JSON.stringify('stage-worker.mjs'),
    },
  });
  // The worker threads, beside the child as dist/main/*-worker.mjs are beside cli.mjs.
  for (const [worker, source] of [
    ['document-worker.mjs', 'main/core/export/documents/document-worker.ts'],
    ['stage-worker.mjs', 'main/core/vault/stage-worker.ts'],
  ] as const) {
    await build({
      ...options,
      entryPoints: [path.join(root, source)],
      outfile: path.join(outdir, worker),
    });
  }
  return path.join(outdir, `${name}.mjs`);
}

/**
 * The kernel's high-water mark of this process's RSS (Linux), which also catches peaks inside long
 * synchronous steps (rendering a PDF) that a 25 ms sampler cannot see. Not resourceUsage().maxRSS:
 * Linux carries that across exec from the forking parent, so a child would report the bench's RSS.
 */
export function readPeakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Bytes this process has passed to write() so far (Linux /proc/self/io `wchar`; 0 elsewhere). Unlike
 * a rate, it does not change with the load of the machine, so a write path can be compared across
 * runs taken at different loads.
 */
export function readBytesWritten(): number {
  try {
    const bytes = /^wchar:\s+(\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1];
    return bytes === undefined ? 0 : Number(bytes);
  } catch {
    return 0;
  }
}
