// `npm run dist [-- --linux|--win|--mac …]`: build, then package installers with electron-builder
// (config in electron-builder.yml; it rebuilds native modules for Electron because npmRebuild is
// true). Afterwards the native module is rebuilt back for Node, as in scripts/start.mjs, so the
// tests and the CLI keep working in this checkout.
import { runOrThrow } from './run-command.mjs';

const NATIVE = 'better-sqlite3-multiple-ciphers';

await runOrThrow('node', ['scripts/build-main.mjs']);
await runOrThrow('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts']);
try {
  await runOrThrow('npx', [
    'electron-builder',
    '--config',
    'electron-builder.yml',
    ...process.argv.slice(2),
  ]);
} finally {
  console.log(`Rebuilding ${NATIVE} for Node…`);
  await runOrThrow('npm', ['rebuild', NATIVE]);
}
