import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decryptBuffer } from '../../../../main/core/age';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { ThumbnailsRepository } from '../../../../main/core/db/repositories/thumbnails';
import { importPaths } from '../../../../main/core/import/pipeline';
import { ThumbnailQueue } from '../../../../main/core/import/thumbnail-queue';
import { thumbnailPath } from '../../../../main/core/vault/layout';
import { listFiles, makeTempDir } from '../../../helpers/temp-dir';
import { listPhotoFixtures, PHOTOS_DIR } from './fixtures';
import { makeVault, reopenVault } from './import-vault';

describe('ThumbnailQueue', () => {
  it('gives every imported picture a sealed preview or a reason, without holding up the import', async () => {
    const { vault, caseId } = await makeVault();
    const dir = makeTempDir();
    const cut = path.join(dir, 'cut-short.jpg');
    const original = fs.readFileSync(path.join(PHOTOS_DIR, 'canon-dslr.jpg'));
    fs.writeFileSync(cut, original.subarray(0, original.length / 2));
    const note = path.join(dir, 'note.txt');
    fs.writeFileSync(note, 'not a picture');
    const queue = new ThumbnailQueue(vault);
    const files = [...listPhotoFixtures().map((p) => p.file), cut, note];
    const results = await importPaths(vault, files, { caseId, thumbnails: queue });
    expect(results.every((r) => r.status === 'imported')).toBe(true);
    await queue.idle();

    const thumbnails = new ThumbnailsRepository(vault.db);
    const evidence = new EvidenceRepository(vault.db).listByCase(caseId);
    for (const item of evidence) {
      const preview = thumbnails.get(item.blobName);
      if (!item.mediaType.startsWith('image/')) {
        expect(preview, item.originalName).toBeUndefined();
        continue;
      }
      expect(preview, item.originalName).toBeDefined();
      if (preview?.status !== 'ready') {
        expect(preview?.reason, item.originalName).toMatch(/^No preview/);
        continue;
      }
      const sealed = fs.readFileSync(thumbnailPath(vault.layout, item.blobName));
      expect(sealed.includes(Buffer.from('WEBP')), item.originalName).toBe(false);
      expect(sealed.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
      const webp = decryptBuffer(sealed, [vault.identity]);
      expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
      const info = await sharp(webp).metadata();
      expect([info.width, info.height]).toEqual([preview.width, preview.height]);
    }
    const cutPreview = thumbnails.get(
      evidence.find((e) => e.originalName === 'cut-short.jpg')?.blobName ?? '',
    );
    expect(cutPreview?.reason).not.toBe('');
  });

  it('stops cleanly when the vault locks, leaving no half-written preview', async () => {
    const { vault, caseId, dir } = await makeVault();
    const queue = new ThumbnailQueue(vault);
    await importPaths(vault, [PHOTOS_DIR], { caseId, thumbnails: queue });
    vault.lock();
    await queue.idle();
    queue.enqueue('0'.repeat(64), 'image/jpeg');
    expect(queue.isStopped).toBe(true);
    await queue.idle();

    const reopened = await reopenVault(dir);
    // Previews wait for the import batch, so the lock may come before the first one was made.
    const made = fs.existsSync(reopened.layout.thumbnails)
      ? listFiles(reopened.layout.thumbnails)
      : [];
    expect(made.every((name) => name.endsWith('.webp.age'))).toBe(true);
    const rows = new ThumbnailsRepository(reopened.db).list();
    for (const row of rows.filter((r) => r.status === 'ready')) {
      expect(fs.existsSync(thumbnailPath(reopened.layout, row.blobName))).toBe(true);
    }
  });

  it('makes no preview while an import batch holds the queue, and all of them once released', async () => {
    const { vault, caseId } = await makeVault();
    const queue = new ThumbnailQueue(vault);
    const release = queue.hold();
    await importPaths(vault, [PHOTOS_DIR], { caseId, thumbnails: queue });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(new ThumbnailsRepository(vault.db).list()).toEqual([]);
    release();
    release();
    await queue.idle();
    expect(new ThumbnailsRepository(vault.db).list().length).toBeGreaterThan(0);
  });
});
