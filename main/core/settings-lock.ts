// settings.json sits in plain text beside the vault so the language and theme work while locked.
// That also lets anyone edit it while the vault is locked, so the one setting that protects the
// evidence, the auto-lock time, is vouched for by a MAC under a subkey of the vault's keys. Without
// a valid MAC (edited, copied, or written before this) the stricter of the stored time and the
// default applies; while the vault is locked the MAC cannot be checked, so the same holds.
import fs from 'node:fs';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../shared/api-contract';
import type { Vault } from './vault/vault';

export interface StoredSettings {
  settings: Settings;
  autoLockMac: string | null;
}

export function readStoredSettings(file: string): StoredSettings {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    const stored = SettingsSchema.partial().parse(raw);
    const mac =
      typeof raw === 'object' && raw !== null && 'autoLockMac' in raw ? raw.autoLockMac : null;
    return {
      settings: { ...DEFAULT_SETTINGS, ...stored },
      autoLockMac: typeof mac === 'string' ? mac : null,
    };
  } catch {
    return { settings: { ...DEFAULT_SETTINGS }, autoLockMac: null };
  }
}

/** The auto-lock time to enforce: the stored one if this vault vouched for it, else the stricter. */
export function trustedAutoLock(stored: StoredSettings, vault: Vault | undefined): number {
  const minutes = stored.settings.autoLockMinutes;
  const vouched =
    vault !== undefined &&
    stored.autoLockMac !== null &&
    vault.verifySubkeyMac('settings-mac', autoLockMessage(minutes), stored.autoLockMac);
  return vouched ? minutes : Math.min(minutes, DEFAULT_SETTINGS.autoLockMinutes);
}

export function macAutoLock(vault: Vault, minutes: number): string {
  return vault.macWithSubkey('settings-mac', autoLockMessage(minutes));
}

function autoLockMessage(minutes: number): string {
  return `autoLockMinutes=${String(minutes)}`;
}
