// What the unlock found wrong with the vault's files, as a closed list of codes the window can put
// in either language. The core's own English detail travels alongside for the CLI; the window says
// it in its own words behind "Details", with the records it names.
import { z } from 'zod';

export const VAULT_WARNINGS = [
  /** The database is older than the one this vault last used (a copy or snapshot put back). */
  'database-older',
  /** The database is another one than this vault last used (e.g. from before a rebuild). */
  'database-other',
  /** generation.json, which records how new the database last was, was deleted. */
  'generation-missing',
  /** generation.json was not written by this vault. */
  'generation-forged',
  /**
   * Evidence the vault held whole and authentic but the database did not list (an import cut
   * short, or an older database put back with its generation.json); the unlock brought it back.
   */
  'evidence-brought-back',
  /** Evidence this vault wrote that the database lacks and that could not be brought back. */
  'evidence-missing',
  /** Records in sidecars/ that this vault did not write (planted or damaged); never used. */
  'sidecar-not-authentic',
  /**
   * keys/recovery.age is missing, not the one this vault made, or could not be confirmed after a
   * rebuild: the recovery key may no longer open the vault (said while the passphrase works).
   */
  'recovery-file',
] as const;
export type VaultWarningCode = (typeof VAULT_WARNINGS)[number];

export const VaultWarningSchema = z.object({
  code: z.enum(VAULT_WARNINGS),
  /** The core's plain English detail, with what a helper can run (the CLI prints it). */
  detail: z.string(),
  /**
   * The records the detail names (`evidence:<id>`, `sidecar:case/<id>`…), so the window can list
   * them under its own words in either language instead of showing the English detail.
   */
  items: z.array(z.string()).optional(),
});
export type VaultWarning = z.infer<typeof VaultWarningSchema>;
