// The web transport's download folder for finished bundles: only a base name directly inside a
// folder it made is ever served, and everything goes when it is cleared (on lock and on close).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportDownloadStore } from '../../../main/web-transport/export-downloads';
import { makeTempDir } from '../../helpers/temp-dir';

describe('ExportDownloadStore', () => {
  it('serves a file written into a prepared folder under its own URL, and nothing else', () => {
    const parent = makeTempDir();
    const store = new ExportDownloadStore(parent);
    const prepared = store.prepare();
    const file = path.join(prepared.folder, 'sakshya-bundle 2025.zip');
    fs.writeFileSync(file, 'PK');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'x');
    const url = prepared.urlFor('sakshya-bundle 2025.zip');
    expect(url).toMatch(/^\/api\/download\/[0-9a-f]{32}\/sakshya-bundle%202025\.zip$/);
    expect(store.resolve(url)).toBe(file);

    const id = url.split('/')[3] ?? '';
    for (const bad of [
      `/api/download/${id}/..%2F..%2Fsecret.txt`,
      `/api/download/${id}/%2E%2E`,
      `/api/download/${id}/missing.zip`,
      `/api/download/${id}/a/b.zip`,
      `/api/download/${'0'.repeat(32)}/sakshya-bundle%202025.zip`,
      `/api/download/${id}/%E0%A4`,
      '/api/upload',
    ]) {
      expect([bad, store.resolve(bad)]).toEqual([bad, null]);
    }
  });

  it('deletes every bundle when cleared', () => {
    const parent = makeTempDir();
    const store = new ExportDownloadStore(parent);
    const prepared = store.prepare();
    fs.writeFileSync(path.join(prepared.folder, 'b.zip'), 'PK');
    const url = prepared.urlFor('b.zip');
    store.clear();
    expect(store.resolve(url)).toBeNull();
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
