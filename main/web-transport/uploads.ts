// Dev/test only: a browser cannot hand over file paths, so the web transport receives each dropped
// file's bytes and parks them in a private temporary folder until `evidence:import` takes them.
// Each upload gets its own random folder holding the file under its original (sanitised) name,
// because the import pipeline names evidence after the file's base name. Copies are deleted once
// imported, when the vault locks, and when the transport closes: evidence must not linger in the clear.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { SakshyaError } from '../../shared/errors';
import type { UploadSource } from '../api/evidence-handlers';

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Uploads waiting for an import at once; far above any real drop, low enough to bound the disk. */
export const MAX_PENDING_UPLOADS = 20_000;
const MAX_NAME_BYTES = 200;
const FALLBACK_NAME = 'file';
// Control characters, characters Windows refuses in names, and the bidirectional controls that can
// make "gpj.exe" look like "exe.jpg".
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f<>:"|?*\u202a-\u202e\u2066-\u2069]/g;

export interface UploadStoreOptions {
  maxBytes?: number | undefined;
  /** Where the private folder is made; the OS temp folder by default. */
  parentDir?: string | undefined;
}

export type UploadOutcome =
  { ok: true; uploadId: string } | { ok: false; reason: 'too-large' | 'too-many' };

export class UploadStore implements UploadSource {
  private readonly maxBytes: number;
  private readonly parentDir: string;
  private root: string | undefined;
  private readonly pending = new Map<string, string>();

  constructor(options: UploadStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
    this.parentDir = options.parentDir ?? os.tmpdir();
  }

  /** Streams the body to disk; a body over the cap is cut off and nothing of it is kept. */
  async receive(body: Readable, rawName: string, declaredBytes?: number): Promise<UploadOutcome> {
    if (declaredBytes !== undefined && declaredBytes > this.maxBytes)
      return { ok: false, reason: 'too-large' };
    if (this.pending.size >= MAX_PENDING_UPLOADS) return { ok: false, reason: 'too-many' };
    const uploadId = crypto.randomBytes(16).toString('hex');
    const folder = path.join(this.ensureRoot(), uploadId);
    fs.mkdirSync(folder, { mode: 0o700 });
    const file = path.join(folder, sanitiseUploadName(rawName));
    let received = 0;
    const maxBytes = this.maxBytes;
    // Past the cap the rest is read and dropped rather than refused mid-stream, so the page still
    // gets a clear 413 instead of a reset connection.
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes) callback();
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      fs.rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    if (received > maxBytes) {
      fs.rmSync(folder, { recursive: true, force: true });
      return { ok: false, reason: 'too-large' };
    }
    this.pending.set(uploadId, file);
    return { ok: true, uploadId };
  }

  resolve(ids: readonly string[]): string[] {
    return ids.map((id) => {
      const file = this.pending.get(id);
      if (file === undefined)
        throw new SakshyaError('NOT_FOUND', 'this upload is not waiting here');
      return file;
    });
  }

  discard(ids: readonly string[]): void {
    for (const id of ids) {
      const file = this.pending.get(id);
      if (file === undefined) continue;
      this.pending.delete(id);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }

  /** Deletes every waiting upload and the private folder itself. */
  clear(): void {
    this.pending.clear();
    if (this.root !== undefined) fs.rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }

  get size(): number {
    return this.pending.size;
  }

  private ensureRoot(): string {
    // mkdtemp makes a folder only this user can open (0700), with a name nobody can guess.
    this.root ??= fs.mkdtempSync(path.join(this.parentDir, 'sakshya-uploads-'));
    return this.root;
  }
}

/**
 * A name that is safe as one path segment on every system, keeping as much of the original as
 * possible: separators, control and reserved characters become "_", and it is never "." or "..".
 */
export function sanitiseUploadName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base.normalize('NFC').replace(UNSAFE_CHARACTERS, '_');
  name = name.trim().replace(/[. ]+$/, '');
  if (name === '' || /^\.+$/.test(name)) return FALLBACK_NAME;
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(name)) name = `_${name}`;
  return truncateUtf8(name, MAX_NAME_BYTES);
}

/** Cuts a long name in the middle of its stem, keeping the extension, within a byte budget. */
function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const extension = path.extname(name).slice(0, 20);
  const budget = maxBytes - Buffer.byteLength(extension);
  let stem = '';
  let used = 0;
  for (const char of name.slice(0, name.length - path.extname(name).length)) {
    const bytes = Buffer.byteLength(char);
    if (used + bytes > budget) break;
    stem += char;
    used += bytes;
  }
  return stem + extension;
}
