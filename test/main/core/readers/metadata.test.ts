import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../../../main/core/readers/metadata';
import { readPngChunks } from '../../../../main/core/readers/png-chunks';
import { makeTempDir } from '../../../helpers/temp-dir';
import { insertPngChunks, pngText, pngTime } from '../import/craft-files';
import { listPhotoFixtures, PHOTOS_DIR } from '../import/fixtures';

function exiftoolNumbers(file: string, tags: string[]): Record<string, unknown> {
  const out = execFileSync('exiftool', ['-j', '-n', ...tags.map((tag) => `-${tag}`), file], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as Record<string, unknown>[])[0]!;
}

/** True when the value holds only what JSON can carry: no Dates, bytes, undefined or non-finite numbers. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((item) => item !== undefined && isPlainJson(item));
  }
  return false;
}

describe('readMetadata', () => {
  it.each(listPhotoFixtures())(
    'returns plain JSON for $name without throwing',
    async ({ file, mediaType }) => {
      const { metadata, warnings } = await readMetadata(file, mediaType);
      expect(isPlainJson(metadata)).toBe(true);
      expect(JSON.parse(JSON.stringify(metadata))).toEqual(metadata);
      expect(warnings.every((warning) => typeof warning === 'string' && warning.length > 0)).toBe(
        true,
      );
    },
  );

  it('reads camera, dates as written, and GPS as signed decimal numbers from a Pixel photo', async () => {
    const file = path.join(PHOTOS_DIR, 'IMG_20180725_163423-tiny.jpg');
    const { metadata, warnings } = await readMetadata(file, 'image/jpeg');
    const oracle = exiftoolNumbers(file, [
      'GPSLatitude',
      'GPSLongitude',
      'Make',
      'Model',
      'Software',
    ]);
    expect(warnings).toEqual([]);
    expect(metadata).toMatchObject({
      Make: oracle.Make,
      Model: oracle.Model,
      Software: oracle.Software,
      DateTimeOriginal: '2018:07:25 16:34:23',
      CreateDate: '2018:07:25 16:34:23',
    });
    expect(metadata.latitude).toBeCloseTo(oracle.GPSLatitude as number, 6);
    expect(metadata.longitude).toBeCloseTo(oracle.GPSLongitude as number, 6);
  });

  it('keeps the offset fields of an iPhone HEIC', async () => {
    const { metadata } = await readMetadata(
      path.join(PHOTOS_DIR, 'heic-iphone7.heic'),
      'image/heic',
    );
    expect(metadata).toMatchObject({
      Make: 'Apple',
      DateTimeOriginal: '2019:10:20 18:34:30',
      OffsetTimeOriginal: '+02:00',
    });
    expect(typeof metadata.latitude).toBe('number');
  });

  it('keeps IPTC and XMP apart from EXIF so names never clash', async () => {
    const { metadata } = await readMetadata(path.join(PHOTOS_DIR, 'broken1.jpg'), 'image/jpeg');
    // EXIF says 10:13:13 with no zone; XMP's exif namespace says +01:00. Both survive, apart.
    expect(metadata.DateTimeOriginal).toBe('2007:08:15 10:13:13');
    expect(metadata.XMP).toMatchObject({ exif: { DateTimeOriginal: '2007-08-15T10:13:13+01:00' } });
    expect(metadata.IPTC).toMatchObject({ DateCreated: '20070815', TimeCreated: '101313+0100' });
  });

  it('reads an eXIf chunk placed after the image data, and the PNG text and tIME chunks', async () => {
    const { metadata } = await readMetadata(
      path.join(PHOTOS_DIR, 'png_with_exif_and_gps.png'),
      'image/png',
    );
    expect(metadata).toMatchObject({
      Make: 'Canon',
      DateTimeOriginal: '2003:12:14 12:01:44',
      PNG: { modified: '2003-12-14T12:01:44.000Z', text: { 'create-date': '2003-12-14T12:01:44' } },
      XMP: { aux: { Lens: '7.1 - 21.3 mm' } },
    });
  });

  it('reads the same from the chunks an import already holds as from the PNG file itself', async () => {
    const file = path.join(PHOTOS_DIR, 'png_with_exif_and_gps.png');
    const chunks = await readPngChunks(file);
    expect(chunks?.warnings).toEqual([]);
    const fromFile = await readMetadata(file, 'image/png');
    // A path that no longer exists: everything must come from the chunks handed over.
    const fromChunks = await readMetadata(
      path.join(makeTempDir(), 'gone.png'),
      'image/png',
      chunks,
    );
    expect(fromChunks).toEqual(fromFile);
    expect(fromChunks.metadata).toMatchObject({
      Make: 'Canon',
      XMP: { aux: { Lens: '7.1 - 21.3 mm' } },
    });
  });

  it('still salvages the XMP of a PNG cut short inside its XMP chunk, with a warning', async () => {
    // The iTXt chunk holding the XMP runs from byte 244 to 2109: the chunk walk stops at it, and
    // exifr reads what there is.
    const whole = fs.readFileSync(path.join(PHOTOS_DIR, 'png_with_exif_and_gps.png'));
    const file = path.join(makeTempDir(), 'cut.png');
    fs.writeFileSync(file, whole.subarray(0, 2000));
    const { metadata, warnings } = await readMetadata(file, 'image/png');
    expect(warnings).toEqual(['The PNG file is cut short; its later parts could not be read.']);
    expect(metadata).toMatchObject({
      PNG: { text: { Make: 'Canon' } },
      XMP: { aux: { Lens: '7.1 - 21.3 mm' } },
    });
  });

  it('salvages EXIF and XMP when exifr gives up on a damaged segment, with a warning', async () => {
    const { metadata, warnings } = await readMetadata(
      path.join(PHOTOS_DIR, 'issue-exifr-41-Error_Segment_Unreachable.jpg'),
      'image/jpeg',
    );
    expect(warnings).toHaveLength(1);
    expect(metadata.Software).toBe('Adobe Photoshop Elements 8.0 Macintosh');
    expect(metadata.XMP).toMatchObject({ xmp: { CreateDate: '2005-01-25T10:30:15-08:00' } });
  });

  it('returns nothing and a plain warning for a file that only claims to be a photo', async () => {
    const file = path.join(makeTempDir(), 'photo.jpg');
    fs.writeFileSync(file, 'not a picture at all');
    expect(await readMetadata(file, 'image/jpeg')).toEqual({
      metadata: {},
      warnings: ["This file's metadata could not be read."],
    });
  });

  it('does not look inside kinds of file that carry no photo metadata', async () => {
    const file = path.join(makeTempDir(), 'chat.txt');
    fs.writeFileSync(file, '12/05/24, 21:43 - A: hello');
    expect(await readMetadata(file, 'text/plain')).toEqual({ metadata: {}, warnings: [] });
  });

  it('reads PNG text and time from a screenshot-like PNG with no EXIF', async () => {
    const base = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const file = path.join(makeTempDir(), 'shot.png');
    fs.writeFileSync(
      file,
      insertPngChunks(base, [pngTime(2024, 5, 12, 16, 13, 10), pngText('Software', 'Android')]),
    );
    const { metadata, warnings } = await readMetadata(file, 'image/png');
    expect(warnings).toEqual([]);
    expect(metadata.PNG).toEqual({
      width: 4,
      height: 4,
      modified: '2024-05-12T16:13:10.000Z',
      text: { Software: 'Android' },
    });
  });
});
