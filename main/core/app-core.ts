// The facade that the API handlers (Electron IPC and the dev/test web transport) call. It owns the
// one unlocked Vault, the non-secret settings, and lock notifications. No Electron here.
import fs from 'node:fs';
import path from 'node:path';
import {
  SettingsSchema,
  type EvidenceItem,
  type Settings,
  type Thumbnail,
  type VaultStatus,
} from '../../shared/api-contract';
import type { Case, CaseInput, CasePatch } from '../../shared/domain';
import { SakshyaError } from '../../shared/errors';
import { BackupService, type RestoreRequest } from './backup/backup-service';
import type { BackupRestoreResult } from '../../shared/contract/backup';
import { EvidenceService, type ImportRequest } from './evidence-service';
import { ExportService } from './export/export-service';
import { ImportQuiet } from './ocr/import-quiet';
import { TextReadingService } from './ocr/text-reading-service';
import { StepsService } from './steps/steps-service';
import { TimelineService } from './timeline/timeline-service';
import { ViewerService } from './viewer/viewer-service';
import { PeopleService } from './people/people-calls';
import { ScreenshotMessagesService } from './ocr/messages-service';
import { writeFileAtomic } from './fs/atomic-write';
import type { ImportFileResult } from './import/import-types';
import { sweepLeftoverPastes, type PastedImage } from './import/paste-import';
import { macAutoLock, readStoredSettings, trustedAutoLock } from './settings-lock';
import { describeVaultLayout } from './vault/layout';
import { needsRepair, repairVault } from './vault/repair';
import { Vault } from './vault/vault';
import type { MissingPlaceOptions } from './vault/missing-place';
import {
  pointAt,
  readVaultPointer,
  writeVaultPointer,
  type VaultPlace,
} from './vault/vault-pointer';
import { pickRestorePlace } from './backup/restore-place';

export type LockReason = 'user' | 'idle' | 'suspend' | 'screen-lock' | 'shortcut';

export interface AppCoreOptions {
  vaultDir: string;
  scryptLogN?: number;
  /**
   * Whether pictures are read in the background after imports and at unlock; default true. The
   * bench turns it off for its control (import throughput with reading on against off).
   */
  readText?: boolean;
  /**
   * How long after the last import batch the background reading starts (import-quiet.ts);
   * default 3 s. `null` starts it at once after each batch, as before: the bench's control.
   */
  textQuietMs?: number | null;
  /** Steps of nice for the reader's threads (text-queue.ts READER_NICENESS: none by default). */
  textNiceness?: number;
  /**
   * The app's remembered vault place (core/vault/vault-pointer.ts): read here at start-up, written
   * by a restore into a folder she chose. Left out (the CLI, an explicit --vault), the vault
   * folder is fixed and a restore goes into `vaultDir` only.
   */
  pointerFile?: string;
  /** Where removable drives appear (tests give their own; core/vault/missing-place.ts). */
  missingPlace?: MissingPlaceOptions;
}

export { defaultVaultDir } from './vault/default-dir';

export class AppCore {
  private readonly options: AppCoreOptions;
  /** The folder this app opens: `options.vaultDir`, or where the pointer leads. */
  private vaultDir: string;
  /** Why a pointer file was not followed, if it was not: English for the log, a code for the window. */
  private pointerIgnored: Pick<VaultPlace, 'ignored' | 'problem'>;
  private vault: Vault | undefined;
  /** Bumped by every close, so an open that awaited scrypt meanwhile knows it was overtaken. */
  private generation = 0;
  private readonly lockListeners = new Set<(reason: LockReason) => void>();
  private readonly evidence = new EvidenceService(() => this.requireVault());
  /** The domain operations the API handlers call; the CLI builds the same services on its vault. */
  readonly timeline = new TimelineService(() => this.requireVault());
  readonly steps = new StepsService(() => this.requireVault());
  readonly viewer = new ViewerService(() => this.requireVault());
  readonly people = new PeopleService(() => this.requireVault());
  readonly messages = new ScreenshotMessagesService(() => this.requireVault());
  /** Export needs the open vault; verifying a bundle also works locked (then its origin is unknown). */
  readonly bundles = new ExportService(() =>
    this.vault?.isOpen === true ? this.vault : undefined,
  );
  /** Backup works on the open vault; verify and find also work locked (see core/backup). */
  readonly backup = new BackupService(() => (this.vault?.isOpen === true ? this.vault : undefined));
  /** Imports running or just ended: the background reading waits for them to go quiet. */
  private readonly importQuiet: ImportQuiet;
  /** Reading the text in pictures, in the background, after imports and at unlock. */
  readonly text: TextReadingService;

  constructor(options: AppCoreOptions) {
    this.options = options;
    const quietMs = options.textQuietMs;
    this.importQuiet = new ImportQuiet({
      ...(quietMs === undefined || quietMs === null ? {} : { quietMs }),
      previewsIdle: () => this.previewsIdle(),
    });
    this.text = new TextReadingService(
      () => this.requireVault(),
      () => this.getSettings().language,
      quietMs === null
        ? undefined
        : { open: () => this.importQuiet.quiet(), held: () => this.importQuiet.holding },
      options.textNiceness,
    );
    const place =
      options.pointerFile === undefined
        ? { vaultDir: options.vaultDir, ignored: null, problem: null }
        : readVaultPointer(options.pointerFile, options.vaultDir, options.missingPlace);
    this.vaultDir = place.vaultDir;
    this.pointerIgnored = { ignored: place.ignored, problem: place.problem };
  }

  /**
   * "Try again" on the first-run screen: reads the remembered place once more (the drive may be
   * plugged in now) and answers the status. Only while no vault is here and none is open, so a
   * pointer changed behind her back can never swap the vault she is using.
   */
  findVaultAgain(): VaultStatus {
    if (
      this.options.pointerFile !== undefined &&
      this.vault?.isOpen !== true &&
      !Vault.exists(this.vaultDir) &&
      !needsRepair(this.vaultDir)
    ) {
      const place = readVaultPointer(
        this.options.pointerFile,
        this.options.vaultDir,
        this.options.missingPlace,
      );
      this.vaultDir = place.vaultDir;
      this.pointerIgnored = { ignored: place.ignored, problem: place.problem };
    }
    return this.status();
  }

  /** Where the vault is, the default place a restore offers first, and whether she may choose. */
  vaultPlace(): {
    folder: string;
    defaultFolder: string;
    canChoose: boolean;
    ignored: string | null;
  } {
    return {
      folder: this.vaultDir,
      defaultFolder: path.resolve(this.options.vaultDir),
      canChoose: this.options.pointerFile !== undefined,
      ignored: this.pointerIgnored.ignored,
    };
  }

  status(): VaultStatus {
    const warnings = this.vault?.isOpen === true ? this.vault.openWarnings() : [];
    const exists = Vault.exists(this.vaultDir);
    const repair = needsRepair(this.vaultDir);
    // Only on a first run: once a vault is here (made or restored), it is the one she uses.
    const placeIgnored = exists || repair ? null : this.pointerIgnored.problem;
    return {
      exists,
      unlocked: this.vault?.isOpen === true,
      ...(repair ? { needsRepair: true as const } : {}),
      ...(placeIgnored === null ? {} : { placeIgnored }),
      // Only when there are some, so a vault with nothing wrong answers as it always did.
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /** Puts back a lost vault.json from the key files with the passphrase, and opens the vault. */
  async repair(passphrase: string): Promise<void> {
    void this.closeVault();
    this.vault = (await repairVault(this.vaultDir, passphrase)).vault;
  }

  /** Opaque and per vault: the window keys its reminder records with it (never stored). */
  reminderKey(): string {
    const subkey = this.requireVault().subkey('reminder-id');
    try {
      return subkey.toString('hex');
    } finally {
      subkey.fill(0);
    }
  }

  async create(passphrase: string): Promise<{ recoveryKey: string }> {
    void this.closeVault();
    const ticket = this.generation;
    const { vault, recoveryKey } = await Vault.create(
      this.vaultDir,
      passphrase,
      this.vaultOptions(),
    );
    // A vault made here is the one she now uses: remember it, so a remembered vault on a drive
    // that was not plugged in does not hide this one at the next start once the drive is back.
    if (this.options.pointerFile !== undefined)
      writeVaultPointer(this.options.pointerFile, path.resolve(this.vaultDir));
    this.adopt(vault, ticket);
    return { recoveryKey };
  }

  async unlock(passphrase: string): Promise<void> {
    void this.closeVault();
    // Nothing joins a case at unlock: files found in the vault folder were not put there by the
    // unlocked user (the old locked-mode inbox is gone; `check` names anything left in it).
    const ticket = this.generation;
    this.adopt(await Vault.open(this.vaultDir, passphrase), ticket);
    sweepLeftoverPastes();
    // What a lock cut short (or an import with text reading off) is read now, in the background.
    this.resumeTextReading();
  }

  lock(reason: LockReason = 'user'): void {
    void this.closeVault();
    for (const listener of this.lockListeners) listener(reason);
  }

  async recover(recoveryKey: string, newPassphrase: string): Promise<void> {
    void this.closeVault();
    const ticket = this.generation;
    this.adopt(
      await Vault.recover(this.vaultDir, recoveryKey, newPassphrase, this.vaultOptions()),
      ticket,
    );
  }

  /**
   * Makes this app's vault from a backup (first run), then keeps it open as unlock does. Refuses
   * if any vault or vault trace is here (core/backup/restore.ts).
   */
  async restoreFromBackup(
    request: RestoreRequest,
    chosenFolder?: string,
  ): Promise<Omit<BackupRestoreResult, 'unlocked'>> {
    const target = this.pickRestoreTarget(chosenFolder);
    const from = path.resolve(request.from);
    if (target === from || target.startsWith(`${from}${path.sep}`))
      throw new SakshyaError(
        'NOT_WRITABLE',
        'the restored vault cannot go inside the backup folder',
      );
    const undoPointer = this.pointAtRestoreTarget(target);
    void this.closeVault();
    const ticket = this.generation;
    let outcome: Awaited<ReturnType<BackupService['restore']>>;
    try {
      outcome = await this.backup.restore(target, request, this.vaultOptions());
    } catch (error) {
      try {
        undoPointer();
      } catch {
        // A pointer to a folder with no vault is ignored at start-up: nothing is lost.
      }
      throw error;
    }
    const { vault, ...result } = outcome;
    this.vaultDir = target;
    this.adopt(vault, ticket);
    return result;
  }

  /** Remembers the target before the restore writes it (vault-pointer.ts `pointAt`). */
  private pointAtRestoreTarget(target: string): () => void {
    if (this.options.pointerFile === undefined) return () => undefined;
    try {
      return pointAt(this.options.pointerFile, target);
    } catch (error) {
      throw new SakshyaError('NOT_WRITABLE', 'Sakshya cannot remember where the vault goes', {
        cause: error,
      });
    }
  }

  /**
   * The default place (or this app's vault folder), or a folder she chose (restore-place.ts). A
   * chosen folder only on a first run: with a vault here already, pointing elsewhere would hide it.
   */
  private pickRestoreTarget(chosenFolder: string | undefined): string {
    const chosen = chosenFolder === undefined ? this.vaultDir : path.resolve(chosenFolder);
    if (chosen === this.vaultDir || chosen === path.resolve(this.options.vaultDir)) {
      if (chosen !== this.vaultDir && Vault.exists(this.vaultDir))
        throw new SakshyaError('VAULT_EXISTS', 'this app already has a vault; nothing was changed');
      return chosen;
    }
    if (this.options.pointerFile === undefined)
      throw new SakshyaError('INVALID_INPUT', 'this app’s vault folder is fixed; restore into it');
    if (Vault.exists(this.vaultDir))
      throw new SakshyaError('VAULT_EXISTS', 'this app already has a vault; nothing was changed');
    return pickRestorePlace(chosen);
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    await this.requireVault().changePassphrase(current, next, this.vaultOptions());
  }

  listCases(): Case[] {
    return this.requireVault().listCases();
  }

  getCase(id: string): Case {
    return this.requireVault().getCase(id);
  }

  createCase(input: CaseInput): Case {
    return this.requireVault().createCase(input);
  }

  updateCase(id: string, patch: CasePatch): Case {
    return this.requireVault().updateCase(id, patch);
  }

  /** Imports files and folders into a case; `taskId` names it for progress and cancelling. */
  async importEvidence(request: ImportRequest): Promise<ImportFileResult[]> {
    const results = await this.importQuiet.during(() => this.evidence.importFiles(request));
    // Queued after the batch has committed; read once imports are quiet (import-quiet.ts).
    this.readTextAfterImport(request.caseId, results);
    return results;
  }

  /** A pasted picture, checked by decodePastedImage; see paste-import.ts. */
  async importPasted(
    request: Omit<ImportRequest, 'paths' | 'dayFirst'> & { image: PastedImage },
  ): Promise<ImportFileResult[]> {
    const results = await this.importQuiet.during(() => this.evidence.importPasted(request));
    this.readTextAfterImport(request.caseId, results);
    return results;
  }

  cancelImport(taskId: string): boolean {
    return this.evidence.cancelImport(taskId);
  }

  listEvidence(caseId: string): EvidenceItem[] {
    return this.evidence.listEvidence(caseId);
  }

  getThumbnail(evidenceId: string): Thumbnail {
    return this.evidence.getThumbnail(evidenceId);
  }

  /** Resolves once the previews queued so far are made. */
  previewsIdle(): Promise<void> {
    return this.evidence.idle();
  }

  /**
   * Settings are not secret (language, theme, auto-lock), so they work while locked. But settings.json
   * can be edited while locked, so the auto-lock time counts only with a MAC from this vault
   * (settings-lock.ts); otherwise the stricter of it and the default applies.
   */
  getSettings(): Settings {
    const stored = readStoredSettings(describeVaultLayout(this.vaultDir).settings);
    const vault = this.vault?.isOpen === true ? this.vault : undefined;
    return { ...stored.settings, autoLockMinutes: trustedAutoLock(stored, vault) };
  }

  setSettings(patch: Partial<Settings>): Settings {
    const vault = this.vault?.isOpen === true ? this.vault : undefined;
    // Only the unlocked vault can vouch for an auto-lock time; a locked window has no settings screen.
    if (patch.autoLockMinutes !== undefined && vault === undefined)
      throw new SakshyaError('VAULT_LOCKED');
    const file = describeVaultLayout(this.vaultDir).settings;
    const stored = readStoredSettings(file);
    // Locked, the stored time is kept as it is (with its MAC) rather than lowered to what applies.
    const base = vault === undefined ? stored.settings : this.getSettings();
    const next = SettingsSchema.parse({ ...base, ...patch });
    const autoLockMac =
      vault === undefined ? stored.autoLockMac : macAutoLock(vault, next.autoLockMinutes);
    fs.mkdirSync(this.vaultDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(
      file,
      `${JSON.stringify({ ...next, ...(autoLockMac === null ? {} : { autoLockMac }) }, null, 2)}\n`,
    );
    return this.getSettings();
  }

  onLocked(listener: (reason: LockReason) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** The unlocked vault, for later features (import, timeline) that need more than cases. */
  requireVault(): Vault {
    if (this.vault?.isOpen !== true) throw new SakshyaError('VAULT_LOCKED');
    return this.vault;
  }

  /**
   * Closes the vault at once (as a lock does), then resolves only once the background queues
   * (text reading, previews) have stopped, so nothing writes into the vault folder afterwards and
   * it can be moved or removed.
   */
  async close(): Promise<void> {
    const settled = this.closeVault();
    this.lockListeners.clear();
    await settled;
  }

  /**
   * Keeps a vault opened by an unlock, create or recover. Those await seconds of scrypt, and the
   * vault may be locked (sleep, the shortcut) or opened again meanwhile: then the lock wins, this
   * vault is closed at once and the call fails as locked, never leaving a vault open behind a lock.
   */
  private adopt(vault: Vault, ticket: number): Vault {
    if (ticket !== this.generation) {
      vault.lock();
      throw new SakshyaError('VAULT_LOCKED', 'the vault was locked while it was being opened');
    }
    this.vault = vault;
    return vault;
  }

  private readTextAfterImport(caseId: string, results: readonly ImportFileResult[]): void {
    if (this.options.readText === false) return;
    if (this.vault?.isOpen !== true || !results.some((r) => r.status === 'imported')) return;
    this.text.readPending(caseId);
  }

  private resumeTextReading(): void {
    if (this.options.readText === false) return;
    try {
      this.text.readPending();
    } catch {
      // Reading text is an aid: a failure to start it never fails the unlock.
    }
  }

  /** Closes at once; the promise settles when the background queues have stopped. */
  private closeVault(): Promise<void> {
    this.generation += 1;
    const settled = Promise.all([this.text.stop(), this.evidence.stop()]);
    this.vault?.lock();
    this.vault = undefined;
    return settled.then(() => undefined);
  }

  private vaultOptions(): { scryptLogN?: number } {
    return this.options.scryptLogN === undefined ? {} : { scryptLogN: this.options.scryptLogN };
  }
}
