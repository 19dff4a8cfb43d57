// Partial files an interrupted write left in the vault's temp folder (moved out of vault.ts, which
// re-exports it): removed at every open.
import fs from 'node:fs';
import path from 'node:path';
import type { VaultLayout } from './layout';

/** How an older Sakshya named a zip entry it unpacked in the clear. */
export const PLAIN_LEFTOVER_PREFIX = '.zip-entry-';

/**
 * Partial files from an interrupted write are never evidence, so they are safe to remove. Sealed
 * ones go once they are an hour old, in case another Sakshya process (the CLI beside the app) is
 * writing one right now. Unpacked zip entries (`.zip-entry-*`, plain text, written only by Sakshya
 * before entries streamed straight into the encryptor) go at once, whatever their age.
 */
export function removeLeftoverTempFiles(layout: VaultLayout, now = Date.now()): number {
  if (!fs.existsSync(layout.temp)) return 0;
  const cutoff = now - 60 * 60 * 1000;
  let removed = 0;
  for (const name of fs.readdirSync(layout.temp)) {
    const file = path.join(layout.temp, name);
    try {
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
