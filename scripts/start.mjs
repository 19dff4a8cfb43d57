// `npm start`: build everything, then run the desktop app from this checkout.
//
// 1. Electron's runtime first, before anything slow or anything that changes node_modules: if it
//    is missing and cannot be downloaded within DOWNLOAD_LIMIT_MS, stop with one sentence that says
//    so and points to `npm run dev:web` (the same app in a browser).
// 2. Build main and the renderer.
// 3. Native module: save the Node build of better-sqlite3-multiple-ciphers, rebuild it for Electron
//    (electron-builder install-app-deps), run Electron, and copy the Node build back when Electron
//    exits, on Ctrl+C / SIGTERM / SIGHUP, or at the next `npm start` after a harder kill, so the
//    tests and the CLI keep working (scripts/native-module.mjs).
//
// Electron's tooling (electron-builder, node-abi) wants Node >= 22.12: see README "Node versions".
import { spawn } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import { electronPackageDir, findElectronRuntime } from './electron-runtime.mjs';
import { NATIVE, loadsUnderNode, restoreNodeBuild, saveNodeBuild } from './native-module.mjs';
import { resolveCommand, runOrThrow } from './run-command.mjs';

const PROBE_LIMIT_MS = 5_000;
const DOWNLOAD_LIMIT_MS = 10 * 60_000;
const CACHED_INSTALL_LIMIT_MS = 30_000;

if (restoreNodeBuild())
  console.log(`Put back the Node build of ${NATIVE} that an interrupted \`npm start\` left out.`);

const executable = findElectronRuntime() ?? (await downloadRuntime());
if (executable === undefined) {
  console.error(
    "npm start stopped: Electron's runtime is not installed and could not be downloaded here, so the desktop window cannot open; `npm run dev:web` runs the same app in a browser.",
  );
  process.exit(1);
}

await runOrThrow('node', ['scripts/build-main.mjs']);
await runOrThrow('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts']);

if (!loadsUnderNode()) await runOrThrow('npm', ['rebuild', NATIVE]);
saveNodeBuild();

let child;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // Ctrl+C reaches the child too (same process group); a signal sent to us alone is passed on.
    // The Node build is copied back once the child has gone, so a rebuild still running cannot
    // overwrite it afterwards; a second signal stops a child that does not go.
    if (!stopping) child?.kill(signal);
    else child?.kill('SIGKILL');
    stopping = true;
  });
}

let exitCode = 1;
try {
  exitCode = await track('npx', ['electron-builder', 'install-app-deps']);
  if (exitCode === 0 && !stopping)
    exitCode = await track(executable, ['.', ...process.argv.slice(2)]);
} finally {
  restoreNodeBuild();
  console.log(`${NATIVE} is built for Node again, so the tests and the CLI work.`);
}
process.exit(stopping ? 130 : exitCode);

/** Runs a command with inherited output, remembering it so a signal can be passed on. */
function track(command, args) {
  return new Promise((resolve, reject) => {
    // No shell, even on Windows (DEP0190): npx runs through node by its tool's own script.
    const resolved = resolveCommand(command, args);
    child = spawn(resolved.file, resolved.args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/** Tries Electron's own installer: briefly if its download host does not answer (a cached zip may still do), else fully. */
async function downloadRuntime() {
  const dir = electronPackageDir();
  if (dir === undefined) return undefined;
  const reachable = await answers(downloadHost());
  if (reachable) console.log("Downloading Electron's runtime (about 100 MB, once)…");
  const limit = reachable ? DOWNLOAD_LIMIT_MS : CACHED_INSTALL_LIMIT_MS;
  const code = await new Promise((resolve) => {
    const installer = spawn(process.execPath, [path.join(dir, 'install.js')], {
      stdio: reachable ? 'inherit' : 'ignore',
    });
    const timer = setTimeout(() => installer.kill('SIGKILL'), limit);
    installer.on('error', () => resolve(1));
    installer.on('exit', (exit) => {
      clearTimeout(timer);
      resolve(exit ?? 1);
    });
  });
  return code === 0 ? findElectronRuntime() : undefined;
}

function downloadHost() {
  const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror;
  return mirror ?? 'https://github.com/electron/electron/releases/';
}

/** Does the host answer an HTTPS request at all within PROBE_LIMIT_MS? */
function answers(url) {
  return new Promise((resolve) => {
    try {
      const request = https.request(
        url,
        { method: 'HEAD', timeout: PROBE_LIMIT_MS },
        (response) => {
          response.resume();
          resolve(true);
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => resolve(false));
      request.end();
    } catch {
      resolve(false);
    }
  });
}
