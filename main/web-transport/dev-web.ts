// `npm run dev:web` (via scripts/dev-web.mjs): a real core on a development vault, served to an
// ordinary browser through the web transport. Never packaged; the desktop app uses IPC.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startWebTransport } from './server';

async function runDevWeb(): Promise<void> {
  const { values } = parseArgs({
    options: {
      vault: { type: 'string' },
      renderer: { type: 'string', default: path.resolve('dist', 'renderer') },
      port: { type: 'string', default: '0' },
    },
  });
  const vaultDir = pickVaultDir(values.vault, process.env.SAKSHYA_VAULT_DIR);
  const rendererDir = path.resolve(values.renderer);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    console.warn(`No built renderer at ${rendererDir}; pages will be 404 until it is built.`);
  }

  // The core runs in the same core host as the desktop app's, in a worker thread.
  const transport = await startWebTransport({
    vaultDir,
    rendererDir,
    port: Number(values.port),
    // No folder dialog in a browser: backups go where SAKSHYA_BACKUP_FOLDER says (development only).
    backupFolder: pickBackupFolder(process.env.SAKSHYA_BACKUP_FOLDER),
    onCrash: (error) => {
      console.error(
        `The core host stopped (${error.name}); nothing committed is lost. Start again.`,
      );
      process.exit(1);
    },
  });
  console.log(`Sakshya dev web transport (development only, not for real evidence)`);
  console.log(`Vault:  ${vaultDir}`);
  console.log(`Open:   ${transport.url}`);

  const stop = (): void => {
    void transport.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function pickBackupFolder(fromEnv: string | undefined): string | undefined {
  return fromEnv === undefined || fromEnv === '' ? undefined : path.resolve(fromEnv);
}

function pickVaultDir(fromFlag: string | undefined, fromEnv: string | undefined): string {
  if (fromFlag !== undefined && fromFlag !== '') return path.resolve(fromFlag);
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-dev-')), 'vault');
}

runDevWeb().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exit(1);
});
