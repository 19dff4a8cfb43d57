// Partial files an interrupted write left in the vault's temp folder (moved out of vault.ts, which
// re-exports it): removed at every open.
import fs from 'node:fs';
import path from 'node:path';
import type { VaultLayout } from './layout';

/** How an older Sakshya named a zip entry it unpacked in the clear. */
export const PLAIN_LEFTOVER_PREFIX = '.zip-entry-';

/**
 * How a restore names its staging folder in the new vault's tmp/: restore-<process id>-<12 hex>
 * (before the process id was in it, restore-<12 hex>). Here, beside the unlock's removal of empty
 * ones, and used by backup/restore-stage.ts, which makes them and removes a dead restore's.
 */
export const RESTORE_STAGING = /^restore-(?:(\d+)-)?[0-9a-f]{12}$/;

/**
 * A restore's staging folder with nothing in it: a restore stopped after its last move (vault.json)
 * and before removing it leaves one in the vault it made, which no later restore there may touch.
 * Empty, it holds nothing to lose; one that holds copies is hers to look at (check names it).
 */
export function isEmptyRestoreStaging(file: string, name: string): boolean {
  if (!RESTORE_STAGING.test(name)) return false;
  try {
    return fs.lstatSync(file).isDirectory() && fs.readdirSync(file).length === 0;
  } catch {
    return false;
  }
}

/**
 * Partial files from an interrupted write are never evidence, so they are safe to remove. Sealed
 * ones go once they are an hour old, in case another Sakshya process (the CLI beside the app) is
 * writing one right now. Unpacked zip entries (`.zip-entry-*`, plain text, written only by Sakshya
 * before entries streamed straight into the encryptor) go at once, whatever their age, and so do
 * empty restore staging folders (isEmptyRestoreStaging).
 */
export function removeLeftoverTempFiles(layout: VaultLayout, now = Date.now()): number {
  if (!fs.existsSync(layout.temp)) return 0;
  const cutoff = now - 60 * 60 * 1000;
  let removed = 0;
  for (const name of fs.readdirSync(layout.temp)) {
    const file = path.join(layout.temp, name);
    try {
      if (isEmptyRestoreStaging(file, name)) {
        // rmdir, never rm: should something land in it meanwhile, it stays.
        fs.rmdirSync(file);
        removed += 1;
        continue;
      }
      const plain = name.startsWith(PLAIN_LEFTOVER_PREFIX);
      if (plain || (name.endsWith('.partial') && fs.statSync(file).mtimeMs < cutoff)) {
        fs.rmSync(file, { force: true });
        removed += 1;
      }
    } catch {
      // Gone already (another process finished with it): nothing to remove.
    }
  }
  return removed;
}
