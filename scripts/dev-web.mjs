// `npm run dev:web [-- --vault DIR] [-- --port N]`: build the renderer, then serve it with the real
// core through the token-protected web transport on 127.0.0.1 (development and tests only; the
// packaged app never contains it). The vault folder is --vault, else SAKSHYA_VAULT_DIR, else a fresh
// temporary folder. The printed URL carries the session token; open it in a browser.
import fs from 'node:fs';
import { runCommand, runOrThrow } from './run-command.mjs';

if (fs.existsSync('renderer/vite.config.ts')) {
  await runOrThrow('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts']);
} else {
  console.warn('renderer/vite.config.ts not found; serving whatever is in dist/renderer.');
}

// Node with tsx's loader directly (not through npx), so Ctrl+C and SIGTERM reach the server
// without an npm relay in between; this script only waits for it to finish.
const server = ['--import', 'tsx', 'main/web-transport/dev-web.ts', ...process.argv.slice(2)];
process.on('SIGINT', () => undefined);
process.exit(await runCommand(process.execPath, server));
