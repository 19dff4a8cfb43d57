// A picture pasted into the desktop app. Electron gives a pasted File no path, so its bytes come
// over IPC; they are checked here and stream from memory straight into the encryptor
// (entry-import.ts), so no plain copy of the picture is ever written, not even to a temporary file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { MAX_PASTED_IMAGE_BYTES } from '../../../shared/api-contract';
import type { Provenance } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import type { Vault } from '../vault/vault';
import { importOneStream } from './entry-import';
import type { FileImportContext } from './import-file';
import { DEFAULT_MAX_FILE_BYTES, type ImportFileResult, type ImportOptions } from './import-types';

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

/** Stores and records a checked pasted picture as evidence of a case; one result. */
export async function importPastedImage(
  vault: Vault,
  image: PastedImage,
  options: ImportOptions,
): Promise<ImportFileResult[]> {
  const owner = vault.getCase(options.caseId);
  const total = image.bytes.length;
  let bytesDone = 0;
  const report = (done: number): void =>
    options.onProgress?.({ done, total: 1, bytesDone, bytesTotal: total });
  const ctx: FileImportContext = {
    vault,
    caseId: owner.id,
    timezone: owner.timezone,
    provenance: options.provenance ?? PASTED_PROVENANCE,
    signal: options.signal,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    thumbnails: options.thumbnails,
    group: undefined,
    onBytes: (bytes) => {
      bytesDone += bytes;
      report(0);
    },
  };
  const outcome = await importOneStream(ctx, {
    source: Readable.from([image.bytes]),
    size: total,
    displayPath: image.name,
    originalName: image.name,
  });
  report(1);
  return [outcome.result];
}

/**
 * Sakshya before this version wrote each pasted picture to a private temporary folder, and a crash
 * could leave that plain copy behind. Each unlock still sweeps such leftovers; only old ones go, so
 * a paste that an older Sakshya process is importing right now is left alone.
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
