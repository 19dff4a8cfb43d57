// Reading a preview back. Anyone can seal a picture to the vault's public recipient and put it in
// thumbnails/, so a preview is used only when its WebP has the SHA-256 the database recorded when
// it was made (thumbnail-queue.ts). One that fails is never shown and never exported: the app
// makes it again from the original, the report goes without it, and `check` names it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { SakshyaError } from '../../../shared/errors';
import { decryptBuffer } from '../age';
import { ThumbnailsRepository, type ThumbnailRecord } from '../db/repositories/thumbnails';
import { thumbnailPath } from './layout';
import type { Vault } from './vault';

export type PreviewRead =
  | { status: 'ok'; webp: Buffer; record: ThumbnailRecord }
  /** No ready preview is recorded (none made yet, or none possible). */
  | { status: 'none'; record: ThumbnailRecord | undefined }
  /** Made before previews were authenticated: no hash to check it against. */
  | { status: 'unverified'; record: ThumbnailRecord }
  | { status: 'missing' | 'unreadable' | 'mismatch'; record: ThumbnailRecord };

export function hashPreview(webp: Buffer): string {
  return createHash('sha256').update(webp).digest('hex');
}

/** The preview of a stored file, decrypted in memory, only if it is the one that was recorded. */
export function readCheckedPreview(vault: Vault, blobName: string): PreviewRead {
  const record = new ThumbnailsRepository(vault.db).get(blobName);
  if (record?.status !== 'ready') return { status: 'none', record };
  if (record.sha256 === null) return { status: 'unverified', record };
  const file = thumbnailPath(vault.layout, blobName);
  if (!fs.existsSync(file)) return { status: 'missing', record };
  let webp: Buffer;
  try {
    webp = decryptBuffer(fs.readFileSync(file), [vault.identity]);
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'VAULT_LOCKED') throw error;
    return { status: 'unreadable', record };
  }
  if (hashPreview(webp) !== record.sha256) return { status: 'mismatch', record };
  return { status: 'ok', webp, record };
}
