// The backup calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
// A backup copies the vault's encrypted files, as they are, into `<chosen folder>/<vault id>/`
// (core/backup/README.md). Which folder is main's business: the page gets a folder back from
// `backup:chooseFolder` (the native folder dialog on the desktop, a folder fixed at start-up in the
// web transport) and may pass back only a folder main handed out, or the one last backed up to.
import { z } from 'zod';
import type { ApiCallTable } from './call-table';

export const DEFAULT_BACKUP_REMINDER_DAYS = 7;
export const MAX_BACKUP_REMINDER_DAYS = 365;
/** How many generations a backup keeps; older ones go once nothing kept needs their files. */
export const KEPT_BACKUP_GENERATIONS = 5;

const FolderSchema = z.string().min(1).max(4096);
/** What a folder is chosen for: backing up to it, restoring from it, or where a restored vault goes. */
export const FolderPurposeSchema = z.enum(['backup', 'restore', 'vault']);
export type FolderPurpose = z.infer<typeof FolderPurposeSchema>;
const VaultIdSchema = z.string().regex(/^[0-9a-f]{32}$/);
const PassphraseSchema = z.string().min(1).max(1024);

export const BackupStatusSchema = z.object({
  /** UTC ISO 8601 of the last backup that finished, or null if there never was one. */
  lastBackupAt: z.string().nullable(),
  /** The folder chosen for the last backup (the one she picked, not the vault's subfolder). */
  folder: z.string().nullable(),
  reminderDays: z.number().int().min(1).max(MAX_BACKUP_REMINDER_DAYS),
  /** True when the sidebar should show the calm reminder: never backed up, or older than reminderDays. */
  due: z.boolean(),
  /** The passphrase or recovery key changed after the last backup: "Back up now" replaces old keys. */
  passphraseChangedSinceBackup: z.boolean(),
});
export type BackupStatus = z.infer<typeof BackupStatusSchema>;

/**
 * One finding of a verify or a refused restore. `file` is the backup-relative name (opaque) or null.
 * Problem codes: missing, hash-mismatch, size-mismatch, unexpected-file, manifest-damaged,
 * manifest-forged, snapshot-unreadable, key-file-damaged, unreadable, rolled-back (newer
 * generations this vault published are gone; a note in a backup's result). Note codes (not damage):
 * sync-litter, conflict-copy, leftover-temp.
 */
export const BackupFindingSchema = z.object({
  code: z.string(),
  file: z.string().nullable(),
  /** The core's English sentence. */
  message: z.string(),
});
export type BackupFinding = z.infer<typeof BackupFindingSchema>;

export const BackupRunResultSchema = z.object({
  folder: z.string(),
  vaultId: VaultIdSchema,
  generation: z.number().int().positive(),
  createdAt: z.string(),
  /** Files copied in this run (objects, sidecars, thumbnails), and those already there. */
  filesCopied: z.number().int().nonnegative(),
  filesAlreadyThere: z.number().int().nonnegative(),
  bytesCopied: z.number().nonnegative(),
  /** Older kept generations whose key files were replaced by this run (after a passphrase change). */
  keyFilesReplaced: z.number().int().nonnegative(),
  generationsKept: z.number().int().positive(),
  /** Sync-client files found in the backup folder (not damage). */
  notes: z.array(BackupFindingSchema),
  status: BackupStatusSchema,
});
export type BackupRunResult = z.infer<typeof BackupRunResultSchema>;

export const BackupVerifyReportSchema = z.object({
  /** intact: every file of the current generation is there with its hash; damaged: problems listed. */
  result: z.enum(['intact', 'damaged']),
  vaultId: VaultIdSchema.nullable(),
  generation: z.number().int().nonnegative().nullable(),
  createdAt: z.string().nullable(),
  fileCount: z.number().int().nonnegative(),
  /** null when no key was at hand (locked, or another vault's backup). */
  authenticated: z.boolean().nullable(),
  snapshotOpens: z.boolean().nullable(),
  problems: z.array(BackupFindingSchema),
  notes: z.array(BackupFindingSchema),
});
export type BackupVerifyReport = z.infer<typeof BackupVerifyReportSchema>;

export const BackupFoundVaultSchema = z.object({
  vaultId: VaultIdSchema,
  /** The vault's own subfolder, to pass to backup:restore. */
  folder: z.string(),
  lastBackupAt: z.string().nullable(),
  generations: z.number().int().nonnegative(),
  /** False when a newer Sakshya made it (restore would fail with BACKUP_TOO_NEW). */
  supported: z.boolean(),
});
export type BackupFoundVault = z.infer<typeof BackupFoundVaultSchema>;

export const BackupRestoreInputSchema = z
  .object({
    taskId: z.uuid(),
    /** The folder chosen for the backup, or a vault's subfolder in it (from backup:findVaults). */
    folder: FolderSchema,
    /** Which vault, when the folder holds several. */
    vaultId: VaultIdSchema.optional(),
    passphrase: PassphraseSchema.optional(),
    recoveryKey: z.string().min(1).max(200).optional(),
    /** With the recovery key: the passphrase the restored vault gets (as vault:recover). */
    newPassphrase: PassphraseSchema.optional(),
    /** Restore every intact item of a damaged backup and list what is missing. */
    allowPartial: z.boolean().optional(),
    /**
     * Where the restored vault goes: the default place (backup:vaultPlace) or a folder from
     * backup:chooseFolder with purpose 'vault'. Left out: this app's vault folder.
     */
    vaultFolder: FolderSchema.optional(),
  })
  .strict()
  .refine((input) => (input.passphrase === undefined) !== (input.recoveryKey === undefined), {
    message: 'Give the passphrase or the recovery key',
    path: ['passphrase'],
  })
  .refine((input) => input.recoveryKey === undefined || input.newPassphrase !== undefined, {
    message: 'A new passphrase is needed with the recovery key',
    path: ['newPassphrase'],
  });

export const BackupRestoreResultSchema = z.object({
  vaultId: VaultIdSchema,
  generation: z.number().int().positive(),
  backedUpAt: z.string(),
  evidenceCount: z.number().int().nonnegative(),
  /** With allowPartial: what could not be restored, one finding each. Empty otherwise. */
  missing: z.array(BackupFindingSchema),
  /** The restored vault is open (unlocked) when the call returns. */
  unlocked: z.boolean(),
  /** The folder the vault went into; the app opens it from now on. */
  vaultFolder: z.string(),
});
export type BackupRestoreResult = z.infer<typeof BackupRestoreResultSchema>;

export const BACKUP_CALLS = {
  /** Needs the vault unlocked (the state lives in the encrypted database). */
  'backup:status': { input: z.object({}).strict(), output: BackupStatusSchema },
  'backup:setReminderDays': {
    input: z.object({ days: z.number().int().min(1).max(MAX_BACKUP_REMINDER_DAYS) }).strict(),
    output: BackupStatusSchema,
  },
  /**
   * Desktop: the native folder dialog. Web transport: the folder it was started with (tests).
   * null when she closed the dialog (or none is configured). Works locked, for restore.
   */
  'backup:chooseFolder': {
    input: z.object({ purpose: FolderPurposeSchema }).strict(),
    output: z.object({ folder: z.string().nullable() }),
  },
  /** Progress: `progress` events with this taskId (done/total files, bytes). */
  'backup:run': {
    input: z
      .object({
        taskId: z.uuid(),
        /** From backup:chooseFolder; the last backup's folder when left out. */
        folder: FolderSchema.optional(),
      })
      .strict(),
    output: BackupRunResultSchema,
  },
  'backup:cancel': {
    input: z.object({ taskId: z.uuid() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Unlocked: also checks the manifest's authentication and that the snapshot opens. */
  'backup:verify': {
    input: z
      .object({
        taskId: z.uuid().optional(),
        folder: FolderSchema.optional(),
        vaultId: VaultIdSchema.optional(),
      })
      .strict(),
    output: BackupVerifyReportSchema,
  },
  /** Pre-unlock: the vault backups in a chosen folder (or the one vault, given its subfolder). */
  'backup:findVaults': {
    input: z.object({ folder: FolderSchema }).strict(),
    output: z.object({ vaults: z.array(BackupFoundVaultSchema) }),
  },
  /**
   * Pre-unlock (first run): where the vault is, the default place a restore offers first, and
   * whether she may choose another (false when the app's folder is fixed, as with --vault).
   */
  'backup:vaultPlace': {
    input: z.object({}).strict(),
    output: z.object({ folder: z.string(), defaultFolder: z.string(), canChoose: z.boolean() }),
  },
  /** Pre-unlock (first run): makes the vault from a backup, refusing if any vault is here. */
  'backup:restore': { input: BackupRestoreInputSchema, output: BackupRestoreResultSchema },
} as const satisfies ApiCallTable;
