import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeThumbnail } from '../../../../main/core/readers/thumbnails';
import { makeTempDir } from '../../../helpers/temp-dir';
import { listPhotoFixtures, PHOTOS_DIR } from '../import/fixtures';

describe('makeThumbnail', () => {
  const photos = listPhotoFixtures();

  it('gives every real photo, HEIC included, an upright WebP no larger than 512 px with no metadata', async () => {
    const dir = makeTempDir();
    const written: string[] = [];
    for (const { name, file, mediaType } of photos) {
      const thumbnail = await makeThumbnail(file, mediaType);
      if ('none' in thumbnail) throw new Error(`${name}: ${thumbnail.reason}`);
      const info = await sharp(thumbnail.webp).metadata();
      expect(info.format).toBe('webp');
      expect([info.width, info.height]).toEqual([thumbnail.width, thumbnail.height]);
      expect(Math.max(thumbnail.width, thumbnail.height)).toBeLessThanOrEqual(512);
      expect(info.exif).toBeUndefined();
      expect(info.xmp).toBeUndefined();
      const out = path.join(dir, `${name}.webp`);
      fs.writeFileSync(out, thumbnail.webp);
      written.push(out);
    }
    // exiftool, independently, finds no EXIF, GPS or XMP in any thumbnail.
    const found = JSON.parse(
      execFileSync('exiftool', ['-j', '-EXIF:all', '-GPS:all', '-XMP:all', ...written], {
        encoding: 'utf8',
      }),
    ) as Record<string, unknown>[];
    expect(found.map((row) => Object.keys(row).filter((key) => key !== 'SourceFile'))).toEqual(
      written.map(() => []),
    );
  });

  it('keeps the shape of a photo smaller than the limit instead of enlarging it', async () => {
    const thumbnail = await makeThumbnail(path.join(PHOTOS_DIR, 'noexif.jpg'), 'image/jpeg');
    const original = await sharp(path.join(PHOTOS_DIR, 'noexif.jpg')).metadata();
    expect(thumbnail).toMatchObject({ width: original.width, height: original.height });
  });

  it('turns a photo the right way up from its EXIF orientation', async () => {
    // 600×300 pixels stored sideways: orientation 6 means "rotate 90° clockwise to view".
    const sideways = await sharp({
      create: { width: 600, height: 300, channels: 3, background: '#c00' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const thumbnail = await makeThumbnail(sideways, 'image/jpeg');
    expect(thumbnail).toMatchObject({ width: 256, height: 512 });
  });

  it('reads a HEIC from bytes as well as from a path', async () => {
    const bytes = fs.readFileSync(path.join(PHOTOS_DIR, 'heic-iphone7.heic'));
    expect(await makeThumbnail(bytes, 'image/heic')).toMatchObject({ width: 512, height: 384 });
  });

  it('answers "no preview" for a damaged or fake image, never throwing', async () => {
    const dir = makeTempDir();
    const fake = path.join(dir, 'fake.jpg');
    fs.writeFileSync(fake, 'this is not a picture');
    const headerOnly = path.join(dir, 'cut.heic');
    fs.writeFileSync(
      headerOnly,
      fs.readFileSync(path.join(PHOTOS_DIR, 'heic-single.heic')).subarray(0, 400),
    );
    for (const [file, type] of [
      [fake, 'image/jpeg'],
      [headerOnly, 'image/heic'],
      [path.join(dir, 'missing.png'), 'image/png'],
    ] as const) {
      const thumbnail = await makeThumbnail(file, type);
      expect(Object.keys(thumbnail).sort()).toEqual(['none', 'reason']);
      expect('reason' in thumbnail && thumbnail.reason).toMatch(/^No preview/);
    }
  });

  it('draws what it can of a truncated JPEG and marks the preview partial', async () => {
    const cut = path.join(makeTempDir(), 'cut.jpg');
    const bytes = fs.readFileSync(path.join(PHOTOS_DIR, 'canon-dslr.jpg'));
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(await makeThumbnail(cut, 'image/jpeg')).toMatchObject({
      width: 512,
      height: 341,
      partial: true,
    });
    expect(
      await makeThumbnail(path.join(PHOTOS_DIR, 'canon-dslr.jpg'), 'image/jpeg'),
    ).not.toHaveProperty('partial');
  });

  it('offers no preview for kinds of file that are not pictures', async () => {
    expect(await makeThumbnail(Buffer.from('<svg/>'), 'image/svg+xml')).toMatchObject({
      none: true,
    });
    expect(await makeThumbnail(Buffer.from('hello'), 'text/plain')).toMatchObject({ none: true });
  });
});
