// What the vault remembers about its backups, inside its encrypted database (the settings table):
// where the last one went, when, and which wrapped key files it held. Kept there, not in the plain
// settings.json, because where her backup is and how often she makes one is nobody else's business,
// and because nobody without the passphrase may quieten the reminder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import {
  DEFAULT_BACKUP_REMINDER_DAYS,
  MAX_BACKUP_REMINDER_DAYS,
  type BackupStatus,
} from '../../../shared/contract/backup';
import { SettingsRepository } from '../db/repositories/settings';
import { passphraseKeyFile, recoveryKeyFile } from '../keys/key-store';
import type { Vault } from '../vault/vault';

const STATE_KEY = 'backup.last';
const REMINDER_KEY = 'backup.reminderDays';
const DAY_MS = 24 * 60 * 60 * 1000;

const StateSchema = z.object({
  folder: z.string(),
  lastBackupAt: z.string(),
  generation: z.number().int().positive(),
  /** SHA-256 of keys/passphrase.age and keys/recovery.age as backed up. */
  keyFiles: z.array(z.string()),
});
export type BackupState = z.infer<typeof StateSchema>;

const ReminderSchema = z.number().int().min(1).max(MAX_BACKUP_REMINDER_DAYS);

export function readBackupState(vault: Vault): BackupState | null {
  return new SettingsRepository(vault.db).get<BackupState | null>(STATE_KEY, StateSchema, null);
}

export function writeBackupState(vault: Vault, state: BackupState): void {
  new SettingsRepository(vault.db).set(STATE_KEY, state);
}

export function readReminderDays(vault: Vault): number {
  return new SettingsRepository(vault.db).get(
    REMINDER_KEY,
    ReminderSchema,
    DEFAULT_BACKUP_REMINDER_DAYS,
  );
}

export function writeReminderDays(vault: Vault, days: number): void {
  new SettingsRepository(vault.db).set(REMINDER_KEY, ReminderSchema.parse(days));
}

/** SHA-256 of the vault's two wrapped key files as they are now (a missing one hashes as ''). */
export function hashWrappedKeyFiles(vault: Vault): string[] {
  return [passphraseKeyFile(vault.layout.root), recoveryKeyFile(vault.layout.root)].map((file) => {
    try {
      return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    } catch {
      return '';
    }
  });
}

export function describeBackupStatus(vault: Vault, now = Date.now()): BackupStatus {
  const state = readBackupState(vault);
  const reminderDays = readReminderDays(vault);
  if (state === null) {
    return {
      lastBackupAt: null,
      folder: null,
      reminderDays,
      due: true,
      passphraseChangedSinceBackup: false,
    };
  }
  const age = now - Date.parse(state.lastBackupAt);
  const current = hashWrappedKeyFiles(vault);
  return {
    lastBackupAt: state.lastBackupAt,
    folder: state.folder,
    reminderDays,
    due: !(age < reminderDays * DAY_MS),
    passphraseChangedSinceBackup: current.some((hash, i) => hash !== state.keyFiles[i]),
  };
}
