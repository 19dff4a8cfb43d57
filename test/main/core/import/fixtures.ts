// Paths to the shared real-device fixtures, and small helpers the import tests share.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PHOTOS_DIR = fileURLToPath(new URL('../../../fixtures/photos/', import.meta.url));
export const WHATSAPP_DIR = fileURLToPath(new URL('../../../fixtures/whatsapp/', import.meta.url));

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.heic': 'image/heic',
};

/** Every photo fixture (licence files left out), with the media type its content has. */
export function listPhotoFixtures(): { name: string; file: string; mediaType: string }[] {
  return fs
    .readdirSync(PHOTOS_DIR)
    .filter((name) => path.extname(name) in TYPES)
    .sort()
    .map((name) => ({
      name,
      file: path.join(PHOTOS_DIR, name),
      mediaType: TYPES[path.extname(name)]!,
    }));
}
