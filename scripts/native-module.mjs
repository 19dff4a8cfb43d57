// better-sqlite3-multiple-ciphers is compiled for one ABI at a time: Electron's for the window,
// Node's for the tests and the CLI. Rather than compile it back for Node after Electron exits (a few
// minutes, lost if interrupted), `npm start` keeps a copy of the Node build and copies it back:
// instantly, from a signal handler, and again at the next `npm start` if a kill left it out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const NATIVE = 'better-sqlite3-multiple-ciphers';
const ROOT = path.resolve(import.meta.dirname, '..');
const BINARY = path.join(ROOT, 'node_modules', NATIVE, 'build', 'Release', 'better_sqlite3.node');
const SAVED = path.join(ROOT, 'node_modules', '.sakshya-native', 'better_sqlite3.node');

/** Does the installed build open an encrypted database under this Node? (a child, so no handle stays open) */
export function loadsUnderNode() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-native-'));
  const file = JSON.stringify(path.join(dir, 'probe.db'));
  const probe = `const D = require(${JSON.stringify(NATIVE)}); const db = new D(${file}); db.pragma("key = 'probe'"); db.exec('CREATE TABLE t (x)'); db.close();`;
  try {
    return spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, stdio: 'ignore' }).status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies `from` over `to` through a temp file and a rename, so `to` is never half written. */
function copyAtomically(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temp = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, temp);
  fs.renameSync(temp, to);
}

/** Keeps a copy of the current (Node) build before it is rebuilt for Electron. */
export function saveNodeBuild() {
  copyAtomically(BINARY, SAVED);
}

/** Puts the saved Node build back, if there is one; true when it did. Synchronous, for signal handlers. */
export function restoreNodeBuild() {
  if (!fs.existsSync(SAVED)) return false;
  copyAtomically(SAVED, BINARY);
  fs.rmSync(SAVED, { force: true });
  return true;
}
