// `npm start`: build everything, then run the desktop app from this checkout.
//
// Native modules: better-sqlite3-multiple-ciphers is compiled for one ABI at a time. Electron needs
// it built against Electron's headers; the tests and the CLI need it built for plain Node. So this
// script rebuilds it for Electron before launching (electron-builder install-app-deps), and always
// rebuilds it back for Node when Electron exits (npm rebuild), so `npm test` keeps working after
// `npm start`. If the rebuild back is interrupted, run `npm rebuild better-sqlite3-multiple-ciphers`.
import { runCommand, runOrThrow } from './run-command.mjs';

const NATIVE = 'better-sqlite3-multiple-ciphers';

await runOrThrow('node', ['scripts/build-main.mjs']);
await runOrThrow('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts']);
await runOrThrow('npx', ['electron-builder', 'install-app-deps']);

let exitCode = 1;
try {
  // Ctrl+C reaches Electron directly (same process group); we only wait for it to go.
  process.on('SIGINT', () => undefined);
  exitCode = await runCommand('npx', ['electron', '.', ...process.argv.slice(2)]);
} finally {
  console.log(`Rebuilding ${NATIVE} for Node so the tests and the CLI work again…`);
  await runOrThrow('npm', ['rebuild', NATIVE]);
}
process.exit(exitCode);
