import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  determineCapturedAt,
  type CapturedAtInput,
} from '../../../../main/core/readers/captured-at';
import { readMetadata } from '../../../../main/core/readers/metadata';
import { makeTempDir } from '../../../helpers/temp-dir';
import { insertPngChunks, pngText, pngTime } from '../import/craft-files';
import { listPhotoFixtures, PHOTOS_DIR } from '../import/fixtures';

const IST = 'Asia/Kolkata';
const MTIME = Date.UTC(2024, 5, 1, 10, 0, 0);

type ExiftoolRow = Record<string, string | undefined> & { SourceFile: string };

function runExiftool(args: string[], files: string[]): Map<string, ExiftoolRow> {
  const out = execFileSync('exiftool', ['-j', ...args, ...files], { encoding: 'utf8' });
  const rows = JSON.parse(out) as ExiftoolRow[];
  return new Map(rows.map((row) => [path.basename(row.SourceFile), row]));
}

/** GNU date turns '<wall> <zone>' into a UTC instant, independently of our code. */
function gnuDateToUtc(dateArgument: string): string {
  return execFileSync('date', ['-u', '-d', dateArgument, '+%Y-%m-%dT%H:%M:%S.000Z'], {
    encoding: 'utf8',
  }).trim();
}

async function captureOf(
  file: string,
  mediaType: string,
  caseTimezone = IST,
  originalName = path.basename(file),
) {
  const { metadata } = await readMetadata(file, mediaType);
  return determineCapturedAt({ file, originalName, metadata, mtimeMs: MTIME, caseTimezone });
}

describe('determineCapturedAt on real photos, with exiftool as the oracle', () => {
  const photos = listPhotoFixtures();
  const files = photos.map((photo) => photo.file);
  const tags = ['-DateTimeOriginal', '-OffsetTimeOriginal', '-CreateDate', '-OffsetTimeDigitized'];
  // Wall-clock times exactly as the brief's reference command prints them…
  const walls = runExiftool(['-s', ...tags, '-d', '%Y-%m-%dT%H:%M:%S'], files);
  // …and the same tags unformatted, which keeps any zone written inside the value.
  const raws = runExiftool(['-s', '-n', ...tags], files);

  it.each(photos)('matches exiftool for $name', async ({ name, file, mediaType }) => {
    const wall = walls.get(name)!;
    const raw = raws.get(name)!;
    const result = await captureOf(file, mediaType);

    const field =
      wall.DateTimeOriginal !== undefined
        ? 'DateTimeOriginal'
        : wall.CreateDate !== undefined
          ? 'CreateDate'
          : null;
    if (field === null) {
      expect(result.source).not.toBe('exif');
      return;
    }
    const localTime = wall[field]!;
    const zoneInValue = /(Z|[+-]\d{2}:?\d{2})$/.exec(String(raw[field]))?.[1];
    const zone =
      zoneInValue ??
      (field === 'DateTimeOriginal' ? raw.OffsetTimeOriginal : raw.OffsetTimeDigitized);
    const expected = zone
      ? gnuDateToUtc(`${localTime}${zone === 'Z' ? '+00:00' : zone}`)
      : gnuDateToUtc(`TZ="${IST}" ${localTime.replace('T', ' ')}`);

    expect(result.source).toBe('exif');
    expect(result.localTime).toBe(localTime);
    expect(result.capturedAt).toBe(expected);
    expect(result.zoneAssumed).toBe(!zone);
    expect(result.confidence).not.toBe('low');
    expect(result.detail).not.toBe('');
  });

  it('reads an offset-bearing time the same in any case time zone, and a zone-less one differently', async () => {
    const withOffset = path.join(PHOTOS_DIR, 'heic-iphone7.heic');
    const inIndia = await captureOf(withOffset, 'image/heic', IST);
    const inLondon = await captureOf(withOffset, 'image/heic', 'Europe/London');
    expect(inIndia.capturedAt).toBe('2019-10-20T16:34:30.000Z');
    expect(inLondon.capturedAt).toBe(inIndia.capturedAt);
    expect(inIndia).toMatchObject({ offset: '+02:00', zoneAssumed: false, confidence: 'high' });

    const zoneless = path.join(PHOTOS_DIR, 'canon-dslr.jpg');
    const indiaTime = await captureOf(zoneless, 'image/jpeg', IST);
    const londonTime = await captureOf(zoneless, 'image/jpeg', 'Europe/London');
    expect(indiaTime.capturedAt).toBe('2019-10-26T10:37:24.000Z');
    expect(londonTime.capturedAt).toBe('2019-10-26T15:07:24.000Z');
    expect(indiaTime).toMatchObject({ zoneAssumed: true, offset: null, confidence: 'medium' });
    expect(indiaTime.detail).toContain('Asia/Kolkata');
  });

  it('still answers for a damaged file, falling back past what cannot be read', async () => {
    const dir = makeTempDir();
    const damaged = path.join(dir, 'IMG_20240512_214310.jpg');
    fs.writeFileSync(
      damaged,
      Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x40]),
        Buffer.from('Exif\0\0MM\0*garbage'),
      ]),
    );
    const { metadata, warnings } = await readMetadata(damaged, 'image/jpeg');
    expect(warnings.length).toBeGreaterThan(0);
    const result = await determineCapturedAt({
      file: damaged,
      originalName: 'IMG_20240512_214310.jpg',
      metadata,
      mtimeMs: MTIME,
      caseTimezone: IST,
    });
    expect(result).toMatchObject({
      source: 'filename',
      localTime: '2024-05-12T21:43:10',
      capturedAt: '2024-05-12T16:13:10.000Z',
    });

    const { warnings: salvaged } = await readMetadata(
      path.join(PHOTOS_DIR, 'issue-exifr-41-Error_Segment_Unreachable.jpg'),
      'image/jpeg',
    );
    expect(salvaged.length).toBeGreaterThan(0);
  });
});

describe('determineCapturedAt without embedded dates', () => {
  async function blankFile(name: string): Promise<CapturedAtInput> {
    const file = path.join(makeTempDir(), name);
    fs.writeFileSync(
      file,
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#888' } })
        .jpeg()
        .toBuffer(),
    );
    return { file, originalName: name, metadata: {}, mtimeMs: MTIME, caseTimezone: IST };
  }

  it('reads a full timestamp from the file name in the case time zone', async () => {
    const result = await determineCapturedAt(await blankFile('Screenshot_20240512-214310.jpg'));
    expect(result).toMatchObject({
      capturedAt: '2024-05-12T16:13:10.000Z',
      source: 'filename',
      confidence: 'medium',
      zoneAssumed: true,
      localTime: '2024-05-12T21:43:10',
      offset: null,
    });
    expect(result.detail).toContain('Android screenshot');
  });

  it('keeps only the date from a WhatsApp Android name, at the start of that day, with low confidence', async () => {
    const result = await determineCapturedAt(await blankFile('IMG-20240512-WA0003.jpg'));
    expect(result).toMatchObject({
      capturedAt: '2024-05-11T18:30:00.000Z',
      confidence: 'low',
      localTime: '2024-05-12T00:00:00',
    });
    expect(result.detail).toContain('only the date is known');
  });

  it('reads a Pixel camera name as UTC', async () => {
    const result = await determineCapturedAt(await blankFile('PXL_20240512_214310123.jpg'));
    expect(result).toMatchObject({
      capturedAt: '2024-05-12T21:43:10.000Z',
      zoneAssumed: false,
      offset: '+00:00',
    });
  });

  it('ignores a name whose date is not on the calendar and falls back to the file time', async () => {
    const result = await determineCapturedAt(await blankFile('Screenshot_20241312-214310.jpg'));
    expect(result).toMatchObject({
      source: 'file-mtime',
      confidence: 'low',
      capturedAt: new Date(MTIME).toISOString(),
    });
  });

  it('says unknown when there is nothing at all', async () => {
    const input = await blankFile('evidence.jpg');
    const result = await determineCapturedAt({ ...input, mtimeMs: Number.NaN });
    expect(result).toMatchObject({ capturedAt: null, source: 'unknown', confidence: 'low' });
  });

  it('refuses an unknown case time zone', async () => {
    const input = await blankFile('evidence.jpg');
    await expect(
      determineCapturedAt({ ...input, caseTimezone: 'Nowhere/Atlantis' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('prefers EXIF DateTimeOriginal over a date in the file name', async () => {
    const input = await blankFile('IMG_20240512_214310.jpg');
    const metadata = { DateTimeOriginal: '2024:05:10 08:00:00', OffsetTimeOriginal: '+05:30' };
    const result = await determineCapturedAt({ ...input, metadata });
    expect(result).toMatchObject({
      capturedAt: '2024-05-10T02:30:00.000Z',
      source: 'exif',
      confidence: 'high',
      offset: '+05:30',
    });
  });

  it('falls back to EXIF CreateDate when DateTimeOriginal is blank', async () => {
    const input = await blankFile('evidence.jpg');
    const metadata = { DateTimeOriginal: '0000:00:00 00:00:00', CreateDate: '2024:05:10 08:00:00' };
    const result = await determineCapturedAt({ ...input, metadata });
    expect(result).toMatchObject({
      localTime: '2024-05-10T08:00:00',
      source: 'exif',
      zoneAssumed: true,
    });
    expect(result.detail).toContain('CreateDate');
  });
});

describe('determineCapturedAt on PNG chunks', () => {
  async function pngWith(chunks: Buffer[]): Promise<string> {
    const base = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const file = path.join(makeTempDir(), 'capture.png');
    fs.writeFileSync(file, insertPngChunks(base, chunks));
    return file;
  }

  it('reads "Creation Time" text in RFC 1123 form with its offset', async () => {
    const file = await pngWith([
      pngText('Creation Time', 'Sun, 12 May 2024 21:43:10 +0530'),
      pngTime(2024, 6, 1, 0, 0, 0),
    ]);
    const result = await captureOf(file, 'image/png');
    expect(result).toMatchObject({
      capturedAt: '2024-05-12T16:13:10.000Z',
      source: 'png-metadata',
      confidence: 'high',
      offset: '+05:30',
    });
  });

  it('reads the tIME chunk as UTC', async () => {
    const file = await pngWith([pngTime(2024, 5, 12, 16, 13, 10)]);
    const result = await captureOf(file, 'image/png');
    expect(result).toMatchObject({
      capturedAt: '2024-05-12T16:13:10.000Z',
      source: 'png-metadata',
      zoneAssumed: false,
      offset: '+00:00',
    });
    expect(result.detail).toContain('tIME');
  });

  it('puts a screenshot name ahead of PNG chunks', async () => {
    const file = await pngWith([pngTime(2024, 6, 1, 0, 0, 0)]);
    const { metadata } = await readMetadata(file, 'image/png');
    const result = await determineCapturedAt({
      file,
      originalName: 'Screenshot_20240512-214310.png',
      metadata,
      mtimeMs: MTIME,
      caseTimezone: IST,
    });
    expect(result.source).toBe('filename');
  });
});
