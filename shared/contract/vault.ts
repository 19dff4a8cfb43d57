// What the unlock found wrong with the vault's files, as a closed list of codes the window can put
// in either language. The core's own English detail travels alongside, for the lawyer or helper
// who opens "Details"; the window never shows it first.
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
] as const;
export type VaultWarningCode = (typeof VAULT_WARNINGS)[number];

export const VaultWarningSchema = z.object({
  code: z.enum(VAULT_WARNINGS),
  /** The core's plain English detail, with what a helper can run; shown behind "Details". */
  detail: z.string(),
});
export type VaultWarning = z.infer<typeof VaultWarningSchema>;
