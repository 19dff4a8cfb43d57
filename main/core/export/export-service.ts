// The export operations that the API handlers and the CLI both call, so each rule lives here once:
// what is checked before she is asked where to save, writing the bundle, and what a verified
// bundle says about this vault. The app's AppCore holds one on its vault; the CLI builds one on
// the vault it opened. (`sakshya verify` needs no vault and calls verify-bundle.ts directly.)
import { SakshyaError } from '../../../shared/errors';
import type { Vault } from '../vault/vault';
import { assertSigningKeyAvailable, readSigningKeyFingerprint } from '../keys/signing-key-store';
import { exportCase, type ExportOptions, type ExportResult } from './export-bundle';
import { verifyBundle, type VerifyOptions, type VerifyReport } from './verify-bundle';

export type VaultOrigin = 'this-vault' | 'another-key' | 'unknown';

export class ExportService {
  private readonly findVault: () => Vault | undefined;

  /** `findVault` gives the unlocked vault, or undefined while it is locked. */
  constructor(findVault: () => Vault | undefined) {
    this.findVault = findVault;
  }

  /**
   * Fails with NOT_FOUND (no such case) or SIGNING_KEY_MISSING (the key file is gone and she did not
   * ask for a new one) before any save dialog opens, so she is not asked where to save nothing.
   */
  checkBeforeExport(caseId: string, options: { newSigningKey?: boolean } = {}): void {
    const vault = this.requireVault();
    vault.getCase(caseId);
    assertSigningKeyAvailable(vault, { newKey: options.newSigningKey === true });
  }

  /** Writes the case as a signed bundle (export-bundle.ts). A locked vault rejects, never throws. */
  async exportCase(options: ExportOptions): Promise<ExportResult> {
    const vault = this.requireVault();
    return await exportCase(vault, options);
  }

  /** Checks a bundle, and, when a vault is open, whether this vault made it. */
  async verify(
    target: string,
    options: VerifyOptions = {},
  ): Promise<VerifyReport & { vaultOrigin: VaultOrigin }> {
    const report = await verifyBundle(target, options);
    return { ...report, vaultOrigin: this.judgeVaultOrigin(report) };
  }

  /**
   * See VerifyReportSchema.vaultOrigin: a valid signature alone does not say who made the bundle.
   * 'this-vault' only when this vault's key signed it and its custody log records exporting it.
   */
  judgeVaultOrigin(report: {
    bundleId: string | null;
    signingKeyFingerprint: string | null;
  }): VaultOrigin {
    const vault = this.findVault();
    if (vault === undefined || report.signingKeyFingerprint === null) return 'unknown';
    const ours = readSigningKeyFingerprint(vault);
    if (ours !== report.signingKeyFingerprint) return 'another-key';
    const exportedHere = vault
      .custody()
      .some((entry) => entry.action === 'export' && entry.details.bundleId === report.bundleId);
    return exportedHere ? 'this-vault' : 'another-key';
  }

  private requireVault(): Vault {
    const vault = this.findVault();
    // The same error AppCore.requireVault gives.
    if (vault === undefined) throw new SakshyaError('VAULT_LOCKED');
    return vault;
  }
}
