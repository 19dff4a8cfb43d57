// Where a restored vault goes when she chose a folder for it (the app's first run): the folder
// itself when it is new or empty, else a new "Sakshya vault" folder inside it, so her own files
// there are never mixed with the vault's. A folder that holds a vault (or any trace of one) is
// refused, never written into.
import fs from 'node:fs';
import path from 'node:path';
import { SakshyaError } from '../../../shared/errors';
import { describeVaultLayout } from '../vault/layout';
import { findVaultTraces, vaultExists } from '../vault/manifest';

export const RESTORED_VAULT_FOLDER = 'Sakshya vault';

export function pickRestorePlace(chosen: string): string {
  const folder = path.resolve(chosen);
  const entries = listFolder(folder);
  if (entries === null || entries.length === 0) return folder;
  refuseVault(folder);
  const inside = path.join(folder, RESTORED_VAULT_FOLDER);
  // Our own folder: a restore cut short there leaves only its tmp/, and may be tried again.
  const insideEntries = listFolder(inside)?.filter((name) => name !== 'tmp') ?? null;
  if (insideEntries === null || insideEntries.length === 0) return inside;
  refuseVault(inside);
  throw new SakshyaError(
    'NOT_WRITABLE',
    `${inside} already holds other files; choose an empty folder for the restored vault`,
  );
}

/** The names in a folder; null when there is no such folder. A link or a file is refused. */
function listFolder(folder: string): string[] | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(folder);
  } catch {
    return null;
  }
  if (!stat.isDirectory())
    throw new SakshyaError(
      'NOT_WRITABLE',
      `${folder} is ${stat.isSymbolicLink() ? 'a link' : 'not a folder'}; choose a folder`,
    );
  return fs.readdirSync(folder);
}

function refuseVault(folder: string): void {
  const layout = describeVaultLayout(folder);
  const traces = findVaultTraces(layout);
  if (vaultExists(layout) || traces.length > 0)
    throw new SakshyaError(
      'VAULT_EXISTS',
      `a vault is already at ${folder}; a restore never writes into an existing vault. Choose a new folder`,
    );
}
