// The facade that the API handlers (Electron IPC and the dev/test web transport) call. It owns the
// one unlocked Vault, the non-secret settings, and lock notifications. No Electron here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_SETTINGS,
  SettingsSchema,
  type EvidenceItem,
  type Settings,
  type Thumbnail,
  type VaultStatus,
} from '../../shared/api-contract';
import type { Case, CaseInput, CasePatch } from '../../shared/domain';
import { SakshyaError } from '../../shared/errors';
import { EvidenceService, type ImportRequest } from './evidence-service';
import { writeFileAtomic } from './fs/atomic-write';
import type { ImportFileResult } from './import/import-types';
import { sweepLeftoverPastes } from './import/paste-import';
import { ingestInbox } from './vault/inbox';
import { describeVaultLayout } from './vault/layout';
import { Vault } from './vault/vault';

export type LockReason = 'user' | 'idle' | 'suspend' | 'screen-lock' | 'shortcut';

export interface AppCoreOptions {
  vaultDir: string;
  scryptLogN?: number;
}

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

export class AppCore {
  private readonly options: AppCoreOptions;
  private vault: Vault | undefined;
  /** Bumped by every close, so an open that awaited scrypt meanwhile knows it was overtaken. */
  private generation = 0;
  private readonly lockListeners = new Set<(reason: LockReason) => void>();
  private readonly evidence = new EvidenceService(() => this.requireVault());

  constructor(options: AppCoreOptions) {
    this.options = options;
  }

  status(): VaultStatus {
    return { exists: Vault.exists(this.options.vaultDir), unlocked: this.vault?.isOpen === true };
  }

  async create(passphrase: string): Promise<{ recoveryKey: string }> {
    this.closeVault();
    const ticket = this.generation;
    const { vault, recoveryKey } = await Vault.create(
      this.options.vaultDir,
      passphrase,
      this.vaultOptions(),
    );
    this.adopt(vault, ticket);
    return { recoveryKey };
  }

  async unlock(passphrase: string): Promise<void> {
    this.closeVault();
    const ticket = this.generation;
    const vault = this.adopt(await Vault.open(this.options.vaultDir, passphrase), ticket);
    // Anything parked while locked joins the vault now; failures stay parked for the next unlock.
    await ingestInbox(vault);
    sweepLeftoverPastes();
  }

  lock(reason: LockReason = 'user'): void {
    this.closeVault();
    for (const listener of this.lockListeners) listener(reason);
  }

  async recover(recoveryKey: string, newPassphrase: string): Promise<void> {
    this.closeVault();
    const ticket = this.generation;
    this.adopt(
      await Vault.recover(this.options.vaultDir, recoveryKey, newPassphrase, this.vaultOptions()),
      ticket,
    );
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
  importEvidence(request: ImportRequest): Promise<ImportFileResult[]> {
    return this.evidence.importFiles(request);
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

  /** Settings are not secret (language, theme, auto-lock), so they work while locked. */
  getSettings(): Settings {
    const file = describeVaultLayout(this.options.vaultDir).settings;
    try {
      const stored = SettingsSchema.partial().parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      return { ...DEFAULT_SETTINGS, ...stored };
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  setSettings(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.getSettings(), ...patch });
    fs.mkdirSync(this.options.vaultDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(
      describeVaultLayout(this.options.vaultDir).settings,
      `${JSON.stringify(next, null, 2)}\n`,
    );
    return next;
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

  close(): void {
    this.closeVault();
    this.lockListeners.clear();
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

  private closeVault(): void {
    this.generation += 1;
    this.evidence.stop();
    this.vault?.lock();
    this.vault = undefined;
  }

  private vaultOptions(): { scryptLogN?: number } {
    return this.options.scryptLogN === undefined ? {} : { scryptLogN: this.options.scryptLogN };
  }
}
