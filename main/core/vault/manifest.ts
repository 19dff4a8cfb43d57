// vault.json: the one plain-text file in a vault. It holds nothing secret — only the format
// version and the public age recipient, so files can be encrypted into the vault while it is locked.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SakshyaError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { VAULT_FORMAT, VAULT_FORMAT_VERSION, type VaultLayout } from './layout';

const ManifestSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  version: z.number().int().positive(),
  recipient: z.string().startsWith('age1'),
  createdAt: z.string(),
});
export type VaultManifest = z.infer<typeof ManifestSchema>;

export function vaultExists(layout: VaultLayout): boolean {
  return fs.existsSync(layout.manifest);
}

/**
 * What shows a vault is here even without vault.json: its key files, stored evidence, sidecars or
 * database. settings.json, inbox/ and tmp/ do not count (first-run writes settings before a vault).
 */
export function findVaultTraces(layout: VaultLayout): string[] {
  const traces = [
    [path.join(layout.root, 'keys'), 'keys/'],
    [layout.objects, 'objects/'],
    [layout.sidecars, 'sidecars/'],
    [layout.database, 'sakshya.db'],
  ] as const;
  return traces.filter(([file]) => fs.existsSync(file)).map(([, name]) => name);
}

export function readManifest(layout: VaultLayout): VaultManifest {
  let text: string;
  try {
    text = fs.readFileSync(layout.manifest, 'utf8');
  } catch {
    const traces = findVaultTraces(layout);
    if (traces.length > 0) {
      throw new SakshyaError(
        'VAULT_NEEDS_REPAIR',
        `a vault is at ${layout.root} (${traces.join(', ')}), but its vault.json is missing; run \`sakshya repair\``,
      );
    }
    throw new SakshyaError('VAULT_NOT_FOUND', `no vault at ${layout.root}`);
  }
  let manifest: VaultManifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new SakshyaError('VAULT_CORRUPT', 'vault.json is damaged', { cause: error });
  }
  if (manifest.version > VAULT_FORMAT_VERSION) {
    throw new SakshyaError(
      'VAULT_TOO_NEW',
      `vault format ${manifest.version} is newer than this app`,
    );
  }
  return manifest;
}

export function writeManifest(layout: VaultLayout, recipient: string): VaultManifest {
  const manifest: VaultManifest = {
    format: VAULT_FORMAT,
    version: VAULT_FORMAT_VERSION,
    recipient,
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(layout.manifest, `${JSON.stringify(manifest, null, 2)}\n`, 0o644);
  return manifest;
}
