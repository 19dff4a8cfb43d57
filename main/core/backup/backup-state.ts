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
  type BackupFinding,
  type BackupStatus,
} from '../../../shared/contract/backup';
import { SettingsRepository } from '../db/repositories/settings';
import { passphraseKeyFile, recoveryKeyFile } from '../keys/key-store';
import type { Vault } from '../vault/vault';

const STATE_KEY = 'backup.last';
const REMINDER_KEY = 'backup.reminderDays';
/**
 * The newest generation this vault published (or restored from), per backup folder: keyed by the
 * folder's path and, from format 4, also by its random backup id (`id:<hex>`, kept in its MAC'd
 * manifests), so the record follows a drive mounted at another path or drive letter.
 */
const PUBLISHED_KEY = 'backup.published';
/** A few drives at most (two entries each); the oldest entries go first. */
const MAX_PUBLISHED_ENTRIES = 64;
const DAY_MS = 24 * 60 * 60 * 1000;

const StateSchema = z.object({
  folder: z.string(),
  lastBackupAt: z.string(),
  generation: z.number().int().positive(),
  /** SHA-256 of keys/passphrase.age and keys/recovery.age as backed up. */
  keyFiles: z.array(z.string()),
});
export type BackupState = z.infer<typeof StateSchema>;

const PublishedSchema = z.record(z.string(), z.number().int().positive());

function idKey(backupId: string): string {
  // Paths are absolute (`/…`, `C:\…`, `\\server\…`), so this never names a folder.
  return `id:${backupId}`;
}

/**
 * The newest generation this vault published into `backupRoot` (its vault subfolder) or into the
 * backup whose authentic generations carry `backupId`, whichever is newer; null when neither is
 * known. Either record names a rollback: the path one for backups of format 3 or older, which
 * carry no id, the id one wherever the drive is mounted.
 */
export function readPublishedGeneration(
  vault: Vault,
  backupRoot: string,
  backupId?: string,
): number | null {
  const map = new SettingsRepository(vault.db).get(PUBLISHED_KEY, PublishedSchema, {});
  const known = [map[backupRoot], backupId === undefined ? undefined : map[idKey(backupId)]];
  const numbers = known.filter((seq): seq is number => seq !== undefined);
  return numbers.length === 0 ? null : Math.max(...numbers);
}

export function rememberPublishedGeneration(
  vault: Vault,
  backupRoot: string,
  seq: number,
  backupId?: string,
): void {
  const settings = new SettingsRepository(vault.db);
  const keys = backupId === undefined ? [backupRoot] : [backupRoot, idKey(backupId)];
  const others = Object.entries(settings.get(PUBLISHED_KEY, PublishedSchema, {})).filter(
    ([key]) => !keys.includes(key),
  );
  // The folder just used goes last, so the oldest ones are dropped first.
  const entries = [...others, ...keys.map((key) => [key, seq] as const)].slice(
    -MAX_PUBLISHED_ENTRIES,
  );
  settings.set(PUBLISHED_KEY, Object.fromEntries(entries));
}

/**
 * A backup whose newest generation (this vault's own, authenticated) is older than the newest this
 * vault published there: someone deleted the newest generations (a rollback), or an old copy of
 * the folder was synced back. Said calmly, with the number that is missing.
 */
export function describeRollback(
  published: number | null,
  newestAuthentic: number,
): BackupFinding | null {
  if (published === null || newestAuthentic >= published) return null;
  return {
    code: 'rolled-back',
    file: `generations/${String(published).padStart(8, '0')}.json`,
    message: `the backup is older than the last one this vault made: generation ${String(published)} is missing (the newest here is ${newestAuthentic === 0 ? 'none' : String(newestAuthentic)}). Back up again to bring it up to date`,
  };
}

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
