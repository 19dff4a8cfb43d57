import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PngChunkScanner, readPngChunks } from '../../../../main/core/readers/png-chunks';
import { makeTempDir } from '../../../helpers/temp-dir';
import { insertPngChunks, pngChunk, pngText, pngTime } from '../import/craft-files';
import { PHOTOS_DIR } from '../import/fixtures';

const NUL = Buffer.from([0]);

async function writePng(chunks: Buffer[]): Promise<string> {
  const base = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  const file = path.join(makeTempDir(), 'image.png');
  fs.writeFileSync(file, insertPngChunks(base, chunks));
  return file;
}

describe('readPngChunks', () => {
  it('reads size, tIME, and tEXt, zTXt and iTXt entries, keeping XMP apart', async () => {
    const file = await writePng([
      pngTime(2024, 5, 12, 16, 13, 10),
      pngText('Creation Time', '2024-05-12T21:43:10+05:30'),
      pngChunk(
        'zTXt',
        Buffer.concat([
          Buffer.from('Comment'),
          NUL,
          NUL,
          deflateSync(Buffer.from('squeezed', 'latin1')),
        ]),
      ),
      pngChunk(
        'iTXt',
        Buffer.concat([
          Buffer.from('Title'),
          NUL,
          NUL,
          NUL,
          Buffer.from('hi'),
          NUL,
          NUL,
          Buffer.from('साक्ष्य'),
        ]),
      ),
      pngChunk(
        'iTXt',
        Buffer.concat([
          Buffer.from('Author'),
          NUL,
          Buffer.from([1, 0]),
          NUL,
          NUL,
          deflateSync(Buffer.from('Ravi ✓')),
        ]),
      ),
      pngChunk(
        'iTXt',
        Buffer.concat([
          Buffer.from('XML:com.adobe.xmp'),
          NUL,
          NUL,
          NUL,
          NUL,
          NUL,
          Buffer.from('<x:xmpmeta/>'),
        ]),
      ),
    ]);
    const chunks = await readPngChunks(file);
    expect(chunks).toMatchObject({
      width: 3,
      height: 2,
      modified: '2024-05-12T16:13:10.000Z',
      text: {
        'Creation Time': '2024-05-12T21:43:10+05:30',
        Comment: 'squeezed',
        Title: 'साक्ष्य',
        Author: 'Ravi ✓',
      },
      xmp: '<x:xmpmeta/>',
      exif: null,
      warnings: [],
    });
  });

  it('rejects a tIME chunk that is not a real date', async () => {
    const chunks = await readPngChunks(await writePng([pngTime(2024, 2, 30, 0, 0, 0)]));
    expect(chunks?.modified).toBeNull();
  });

  it('skips a damaged chunk with a warning and carries on', async () => {
    const file = await writePng([
      pngChunk('zTXt', Buffer.concat([Buffer.from('Bad'), NUL, NUL, Buffer.from('not deflate')])),
      pngText('Good', 'yes'),
    ]);
    const chunks = await readPngChunks(file);
    expect(chunks?.text).toEqual({ Good: 'yes' });
    expect(chunks?.warnings).toHaveLength(1);
  });

  it('warns about a file cut short', async () => {
    const file = await writePng([pngText('Kept', 'yes')]);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 20));
    const chunks = await readPngChunks(file);
    expect(chunks?.text).toEqual({ Kept: 'yes' });
    expect(chunks?.warnings).toHaveLength(1);
  });

  it('returns null for a file that is not a PNG', async () => {
    const file = path.join(makeTempDir(), 'fake.png');
    fs.writeFileSync(file, 'GIF89a not a png');
    expect(await readPngChunks(file)).toBeNull();
  });
});

/** Feeds `bytes` to a scanner in pieces of the given sizes, cycling through them. */
function scanInPieces(
  bytes: Buffer,
  sizes: readonly number[],
): ReturnType<PngChunkScanner['finish']> {
  const scanner = new PngChunkScanner();
  let at = 0;
  for (let turn = 0; at < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length] ?? 1;
    scanner.take(bytes.subarray(at, at + size));
    at += size;
  }
  return scanner.finish();
}

describe('PngChunkScanner', () => {
  it('finds what readPngChunks finds in the same bytes, however they are cut and split', async () => {
    const noise = await sharp(randomBytes(300 * 200 * 3), {
      raw: { width: 300, height: 200, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const rich = insertPngChunks(noise, [
      pngTime(2024, 5, 12, 16, 13, 10),
      pngText('Creation Time', '2024-05-12T21:43:10+05:30'),
      pngChunk('zTXt', Buffer.concat([Buffer.from('Bad'), NUL, NUL, Buffer.from('not deflate')])),
      pngChunk('eXIf', Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1')),
    ]);
    const sources = [
      rich,
      fs.readFileSync(path.join(PHOTOS_DIR, 'png_with_exif_and_gps.png')),
      Buffer.from('GIF89a not a png'),
    ];
    for (const source of sources) {
      const cuts = [source.length, source.length - 1, source.length - 5, source.length - 20];
      cuts.push(7, 8, 12, 20, 33, 34, Math.floor(source.length / 2));
      for (const cut of cuts) {
        const bytes = source.subarray(0, cut);
        const file = path.join(makeTempDir(), 'cut.png');
        fs.writeFileSync(file, bytes);
        const expected = await readPngChunks(file);
        for (const sizes of [[bytes.length], [1], [7, 3, 8192, 1], [65_536], [1_048_576]]) {
          expect(
            scanInPieces(bytes, sizes),
            `cut at ${String(cut)}, pieces ${sizes.join(',')}`,
          ).toEqual(expected);
        }
      }
    }
  });
});
