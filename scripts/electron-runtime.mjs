// Where Electron's runtime (the electron binary) is, without ever triggering its download.
//
// The electron package downloads its runtime lazily: `require('electron')` and `npx electron`
// start a download when dist/ is missing, and behind a firewall that download can hang for minutes.
// So `npm start` and the Electron smoke test look at the files themselves, and start the download
// only on purpose (scripts/start.mjs), with a time limit.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The electron package's folder, or undefined when it is not installed at all. */
export function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The path of the Electron executable if its runtime is present, else undefined. */
export function findElectronRuntime(env = process.env) {
  const dir = electronPackageDir();
  if (dir === undefined) return undefined;
  const pathFile = path.join(dir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return fs.existsSync(overridden) ? overridden : undefined;
  }
  if (relative === '') return undefined;
  const executable = path.join(dir, 'dist', relative);
  return fs.existsSync(executable) ? executable : undefined;
}
