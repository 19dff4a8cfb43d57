// Where the vault lives when no folder is given. Its own small module, so the CLI can name the
// folder without loading the core (the database, sharp, the workers) before a command needs it.
import os from 'node:os';
import path from 'node:path';

/** The per-user app-data folder Electron uses as userData, plus `vault`. */
export function defaultVaultDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.SAKSHYA_VAULT_DIR !== undefined && env.SAKSHYA_VAULT_DIR !== '')
    return env.SAKSHYA_VAULT_DIR;
  const home = os.homedir();
  let base: string;
  if (platform === 'win32') base = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') base = path.join(home, 'Library', 'Application Support');
  else base = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return path.join(base, 'Sakshya', 'vault');
}

/** The remembered vault place's file name, in the app's own data folder (vault-pointer.ts). */
export const VAULT_POINTER_NAME = 'vault-location.json';

/**
 * Where the app remembers a vault restored into a folder she chose: beside the default vault folder.
 * undefined when SAKSHYA_VAULT_DIR names the vault: a folder given explicitly is never redirected.
 */
export function defaultVaultPointerFile(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string | undefined {
  if (env.SAKSHYA_VAULT_DIR !== undefined && env.SAKSHYA_VAULT_DIR !== '') return undefined;
  return path.join(path.dirname(defaultVaultDir(env, platform)), VAULT_POINTER_NAME);
}
