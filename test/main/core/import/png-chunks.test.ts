import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPngChunks } from '../../../../main/core/import/png-chunks';
import { makeTempDir } from '../../../helpers/temp-dir';
import { insertPngChunks, pngChunk, pngText, pngTime } from './craft-files';

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
