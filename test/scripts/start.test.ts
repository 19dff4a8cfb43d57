// `npm start` where Electron's runtime is missing and cannot be downloaded (this machine): it stops
// in seconds with one sentence that says what failed and points to `npm run dev:web`, before it
// builds anything or touches the native module, which still opens an encrypted database under Node.
// Where the runtime is present, `npm start` would build and open the window, so this is not run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../../scripts/electron-runtime.mjs';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const runtimePresent = findElectronRuntime() !== undefined;

describe('npm start without Electron’s runtime', () => {
  it.skipIf(runtimePresent)(
    'stops with one sentence naming npm run dev:web and leaves the database module built for Node',
    () => {
      const started = Date.now();
      const start = spawnSync(process.execPath, ['scripts/start.mjs'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 90_000,
        // An unreachable mirror, so the outcome does not depend on this machine's network.
        env: { ...process.env, ELECTRON_MIRROR: 'https://127.0.0.1:9/' },
      });
      const seconds = (Date.now() - started) / 1000;
      expect(start.status).toBe(1);
      expect(start.stderr.trim()).toBe(
        "npm start stopped: Electron's runtime is not installed and could not be downloaded here, so the desktop window cannot open; `npm run dev:web` runs the same app in a browser.",
      );
      expect(start.stdout).toBe(''); // nothing was built
      expect(seconds).toBeLessThan(60);

      const file = path.join(makeTempDir('sakshya-start-'), 'probe.db');
      const probe = `const D = require('better-sqlite3-multiple-ciphers'); const db = new D(${JSON.stringify(file)}); db.pragma("key = 'k'"); db.exec('CREATE TABLE t (x INTEGER) STRICT'); console.log(db.prepare('SELECT count(*) AS n FROM t').get().n); db.close();`;
      const database = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
      expect({
        status: database.status,
        out: database.stdout.trim(),
        err: database.stderr,
      }).toEqual({
        status: 0,
        out: '0',
        err: '',
      });
    },
  );
});
