// Why the vault the app remembered (vault-location.json, main/core/vault/vault-pointer.ts) was not
// opened at start-up, so the first-run screen can say it calmly instead of looking as if she had
// no vault. A closed list the window puts in either language.
import { z } from 'zod';

export const VAULT_PLACE_REASONS = [
  /** The drive the vault was on is not plugged in (its drive letter or drive folder is away). */
  'drive-missing',
  /** The folder is gone from a disk that is there (moved, renamed or deleted). */
  'folder-missing',
  /** The folder is there but holds no vault now. */
  'no-vault',
  /**
   * The pointer file is not what Sakshya writes (damaged, planted, a link): the place it names is
   * never shown, only that the remembered place could not be used.
   */
  'invalid',
] as const;
export type VaultPlaceReason = (typeof VAULT_PLACE_REASONS)[number];

/** A planted pointer's place never leaves the core: `invalid` carries no folder (strict). */
export const VaultPlaceIgnoredSchema = z.union([
  z.object({ reason: z.literal('invalid') }).strict(),
  z
    .object({
      reason: z.enum(['drive-missing', 'folder-missing', 'no-vault']),
      /** The remembered folder, for the details and the message. */
      folder: z.string().min(1).max(4096),
    })
    .strict(),
]);
export type VaultPlaceIgnored = z.infer<typeof VaultPlaceIgnoredSchema>;
