// Finding and starting the core's worker threads (an export's documents, an import's stored
// copies), from a bundle or from source. Workers are a speed-up and never a dependency: callers
// keep a way to do the same work in their own thread when a worker cannot be found or started.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type WorkerOptions } from 'node:worker_threads';

/** Where a worker's code is: a bundle Node runs as it is, or TypeScript source that needs tsx. */
export interface WorkerScript {
  file: URL;
  source: boolean;
}

/**
 * A worker's script: in a bundle, the worker bundle `bundledName` next to it (set at build time by
 * scripts/build-main.mjs); from source (tests, `npm run cli`), `sourceName` beside the calling
 * module, through tsx. Null when neither can be told, e.g. another bundler.
 */
export function locateWorkerScript(
  bundledName: string | undefined,
  callerUrl: string | undefined,
  sourceName: string,
): WorkerScript | null {
  if (bundledName !== undefined) {
    // The Electron bundle is CommonJS: esbuild leaves import.meta empty there.
    const base = callerUrl ?? pathToFileURL(path.join(__dirname, 'index.cjs')).href;
    // Beside the bundle; one folder up if this code ends up in a split chunk (dist/main/chunks/).
    const file = [new URL(bundledName, base), new URL(`../${bundledName}`, base)].find((url) =>
      fs.existsSync(url),
    );
    return file === undefined ? null : { file, source: false };
  }
  if (callerUrl?.endsWith('.ts') === true)
    return { file: new URL(sourceName, callerUrl), source: true };
  return null;
}

/** `start`: what the worker gets as workerData, with the ports in it that move to the worker. */
export function spawnWorker(
  script: WorkerScript,
  resourceLimits?: ResourceLimits,
  start: Pick<WorkerOptions, 'workerData' | 'transferList'> = {},
): Worker {
  const options = { stdout: false, stderr: false, resourceLimits, ...start };
  if (!script.source) return new Worker(script.file, options);
  // Node 20 does not pass a parent's module hooks (tsx) on to workers, nor accept --import in a
  // worker's execArgv, so a worker run from source registers tsx itself before loading the file.
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.file.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
