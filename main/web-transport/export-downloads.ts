// Dev/test only: a browser has no save dialog main can open, so the web transport writes each
// bundle into a private folder of its own and serves it back at /api/download/<id>/<name>, behind
// the same token as every other request. Bundles hold evidence in the clear: they are deleted when
// the vault locks and when the transport closes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExportDownloads } from '../api/export-handlers';

export const DOWNLOAD_PREFIX = '/api/download/';
const ID_PATTERN = /^[0-9a-f]{32}$/;

export class ExportDownloadStore implements ExportDownloads {
  private root: string | undefined;
  private readonly folders = new Map<string, string>();

  constructor(private readonly parentDir: string = os.tmpdir()) {}

  prepare(): { folder: string; urlFor(fileName: string): string } {
    const id = crypto.randomBytes(16).toString('hex');
    this.root ??= fs.mkdtempSync(path.join(this.parentDir, 'sakshya-exports-'));
    const folder = path.join(this.root, id);
    fs.mkdirSync(folder, { mode: 0o700 });
    this.folders.set(id, folder);
    return {
      folder,
      urlFor: (fileName) => `${DOWNLOAD_PREFIX}${id}/${encodeURIComponent(fileName)}`,
    };
  }

  /**
   * The file a download path names, or null. Only a base name directly inside a folder this store
   * made is served, so no path from the address bar can reach anything else.
   */
  resolve(urlPath: string): string | null {
    if (!urlPath.startsWith(DOWNLOAD_PREFIX)) return null;
    const [id = '', encodedName = '', ...rest] = urlPath.slice(DOWNLOAD_PREFIX.length).split('/');
    if (rest.length > 0 || !ID_PATTERN.test(id)) return null;
    const folder = this.folders.get(id);
    if (folder === undefined) return null;
    let name: string;
    try {
      name = decodeURIComponent(encodedName);
    } catch {
      return null;
    }
    if (name === '' || name !== path.basename(name) || name === '.' || name === '..') return null;
    const file = path.join(folder, name);
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true ? file : null;
  }

  clear(): void {
    this.folders.clear();
    if (this.root !== undefined) fs.rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
