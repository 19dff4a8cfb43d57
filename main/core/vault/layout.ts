// Where everything lives inside one vault folder. Nothing here is secret: names of stored files
// are HMACs, and every file's content is encrypted.
import path from 'node:path';

export const VAULT_FORMAT = 'sakshya-vault';
export const VAULT_FORMAT_VERSION = 1;

export interface VaultLayout {
  root: string;
  manifest: string;
  database: string;
  objects: string;
  sidecars: string;
  /** Encrypted WebP previews, one per stored file; always rebuildable from objects/. */
  thumbnails: string;
  /** No longer used: files here are never imported (see check.ts); kept so check can look. */
  inbox: string;
  temp: string;
  settings: string;
}

export function describeVaultLayout(root: string): VaultLayout {
  return {
    root,
    manifest: path.join(root, 'vault.json'),
    database: path.join(root, 'sakshya.db'),
    objects: path.join(root, 'objects'),
    sidecars: path.join(root, 'sidecars'),
    thumbnails: path.join(root, 'thumbnails'),
    inbox: path.join(root, 'inbox'),
    temp: path.join(root, 'tmp'),
    settings: path.join(root, 'settings.json'),
  };
}

/** objects/ab/cd/abcd….age: two levels of 256 folders keep directories small for big vaults. */
export function objectPath(layout: VaultLayout, name: string): string {
  return path.join(layout.objects, name.slice(0, 2), name.slice(2, 4), `${name}.age`);
}

export function sidecarPath(layout: VaultLayout, kind: 'case' | 'evidence', id: string): string {
  return path.join(layout.sidecars, kind, `${id}.age`);
}

/** thumbnails/<blob name>.webp.age: named like the stored file, so it reveals nothing either. */
export function thumbnailPath(layout: VaultLayout, blobName: string): string {
  return path.join(layout.thumbnails, `${blobName}.webp.age`);
}
