// A picture pasted into the desktop app. Electron gives a pasted File no path, so its bytes come
// over IPC; they are checked here, written to a private temporary file (its folder 0700, the file
// 0600, named as she will see it) and imported through the same pipeline as a dropped file, then
// deleted whatever happened. The pipeline works on paths (type sniffing, EXIF, PNG chunks), which
// is why the bytes touch the disk at all; the copy lives only as long as the import.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { MAX_PASTED_IMAGE_BYTES } from '../../../shared/api-contract';
import type { Provenance } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';

const PASTE_PREFIX = 'sakshya-paste-';

/** What a paste records as its provenance unless she says otherwise: she made it, by pasting. */
export const PASTED_PROVENANCE: Provenance = {
  kind: 'captured-by-me',
  note: 'pasted from the clipboard',
};

export interface PastedImage {
  name: string;
  bytes: Buffer;
}

/**
 * Decodes a pasted picture and checks it is one. Throws INVALID_INPUT for anything else: empty,
 * over the cap, or bytes that are not a picture whatever the page claimed.
 */
export async function decodePastedImage(input: {
  name: string;
  dataBase64: string;
}): Promise<PastedImage> {
  const name = path.basename(input.name);
  if (name !== input.name || name.startsWith('.'))
    throw new SakshyaError('INVALID_INPUT', 'the pasted picture needs a plain file name');
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw new SakshyaError('INVALID_INPUT', 'the pasted picture is empty');
  if (bytes.length > MAX_PASTED_IMAGE_BYTES)
    throw new SakshyaError(
      'INVALID_INPUT',
      `the pasted picture is larger than ${String(MAX_PASTED_IMAGE_BYTES / 1024 / 1024)} MB`,
    );
  const type = await fileTypeFromBuffer(bytes);
  if (type?.mime.startsWith('image/') !== true)
    throw new SakshyaError('INVALID_INPUT', 'what was pasted is not a picture');
  return { name, bytes };
}

/** Runs `use` on a private temporary copy of the picture, and deletes the copy afterwards. */
export async function withPastedFile<T>(
  image: PastedImage,
  use: (file: string) => Promise<T>,
  parentDir: string = os.tmpdir(),
): Promise<T> {
  // mkdtemp makes the folder 0700: no other user can list or open what is inside.
  const dir = await fsp.mkdtemp(path.join(parentDir, PASTE_PREFIX));
  try {
    const file = path.join(dir, image.name);
    await fsp.writeFile(file, image.bytes, { mode: 0o600, flag: 'wx' });
    return await use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A crash between writing a pasted picture and deleting it would leave a plain copy in the
 * temporary folder. Each unlock sweeps such leftovers; only old ones go, so a paste that another
 * Sakshya process is importing right now is left alone.
 */
export function sweepLeftoverPastes(
  parentDir: string = os.tmpdir(),
  now: number = Date.now(),
  maxAgeMs: number = 60 * 60 * 1000,
): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(parentDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(PASTE_PREFIX)) continue;
    const dir = path.join(parentDir, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || now - stat.mtimeMs < maxAgeMs) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Someone else's folder, or already gone: nothing of ours to clean.
    }
  }
  return removed;
}
