// The picture the viewer shows, decided on real bytes: originals the window can draw go untouched,
// others are converted upright at full size, damaged ones are explained, huge ones are shrunk.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  DOWNSCALED_SIDE,
  isViewableImage,
  renderImageBytes,
} from '../../../../main/core/viewer/display-rendition';
import type { EvidenceView } from '../../../../shared/contract/viewer';

const PHOTOS = path.resolve(import.meta.dirname, '../../../fixtures/photos');

function expectImage(view: EvidenceView): Extract<EvidenceView, { kind: 'image' }> {
  if (view.kind !== 'image')
    throw new Error(`expected a picture, got: ${'reason' in view ? view.reason : view.kind}`);
  return view;
}

function bytesOf(dataUrl: string): { mediaType: string; bytes: Buffer } {
  const match = /^data:([^;]+);base64,(.*)$/s.exec(dataUrl);
  if (match === null) throw new Error('not a data: URL');
  return { mediaType: match[1] ?? '', bytes: Buffer.from(match[2] ?? '', 'base64') };
}

/** A 300 × 200 picture, left half red, stored with EXIF orientation 6 (turn 90° clockwise). */
function makeSideways(format: 'jpeg' | 'tiff'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200">
    <rect width="150" height="200" fill="#d00"/><rect x="150" width="150" height="200" fill="#00d"/></svg>`;
  const image = sharp(Buffer.from(svg)).withMetadata({ orientation: 6 });
  return (format === 'jpeg' ? image.jpeg() : image.tiff()).toBuffer();
}

describe('the picture the viewer shows', () => {
  it('sends a PNG as its original bytes, with its size', async () => {
    const original = fs.readFileSync(path.join(PHOTOS, 'png_with_exif_and_gps.png'));
    const view = expectImage(await renderImageBytes(original, 'image/png'));
    expect(bytesOf(view.dataUrl).bytes.equals(original)).toBe(true);
    expect(view).toMatchObject({ width: 1, height: 1, converted: false, downscaled: false });
  });

  it('reports a sideways JPEG upright (width and height swapped) while sending its bytes untouched', async () => {
    const original = await makeSideways('jpeg');
    const view = expectImage(await renderImageBytes(original, 'image/jpeg'));
    expect(bytesOf(view.dataUrl).bytes.equals(original)).toBe(true);
    expect([view.width, view.height]).toEqual([200, 300]);
  });

  it('converts a sideways TIFF into an upright picture the window can draw', async () => {
    const view = expectImage(await renderImageBytes(await makeSideways('tiff'), 'image/tiff'));
    expect(view.converted).toBe(true);
    const { mediaType, bytes } = bytesOf(view.dataUrl);
    expect(mediaType).toBe('image/jpeg');
    const decoded = await sharp(bytes).metadata();
    expect([decoded.width, decoded.height]).toEqual([200, 300]);
    // Turned clockwise, the red left half is now at the top.
    const { data } = await sharp(bytes)
      .extract({ left: 100, top: 20, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(180);
    expect(data[2]).toBeLessThan(80);
  });

  it('converts both iPhone HEIC fixtures at full resolution', async () => {
    for (const name of ['heic-iphone7.heic', 'heic-single.heic']) {
      const view = expectImage(
        await renderImageBytes(fs.readFileSync(path.join(PHOTOS, name)), 'image/heic'),
      );
      expect(view.converted).toBe(true);
      const decoded = await sharp(bytesOf(view.dataUrl).bytes).metadata();
      expect([decoded.width, decoded.height]).toEqual([view.width, view.height]);
    }
  });

  it('shows a smaller upright copy of a picture over the size cap, and says so', async () => {
    const big = await sharp({
      create: { width: 5000, height: 3000, channels: 3, background: '#336699' },
    })
      .jpeg()
      .toBuffer();
    const view = expectImage(await renderImageBytes(big, 'image/jpeg', { maxOriginalBytes: 1000 }));
    expect(view).toMatchObject({ downscaled: true, width: DOWNSCALED_SIDE });
    expect(view.height).toBe(Math.round((3000 * DOWNSCALED_SIDE) / 5000));
  });

  it('explains a file that sniffs as a picture but holds none', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);
    for (const type of ['image/jpeg', 'image/png', 'image/heic', 'image/tiff']) {
      expect(await renderImageBytes(junk, type)).toMatchObject({
        kind: 'none',
        reasonCode: 'unreadable',
      });
    }
  });

  it('still shows the fixtures that are damaged only in their metadata', async () => {
    for (const name of [
      'RangeError_Offset_outside_bounds.jpg',
      'issue-exifr-41-Error_Segment_Unreachable.jpg',
    ]) {
      const view = await renderImageBytes(fs.readFileSync(path.join(PHOTOS, name)), 'image/jpeg');
      expect(view.kind, name).toBe('image');
    }
  });

  it('treats SVG, video and documents as having no picture to draw', () => {
    expect(isViewableImage('image/svg+xml')).toBe(false);
    expect(isViewableImage('video/mp4')).toBe(false);
    expect(isViewableImage('application/pdf')).toBe(false);
    expect(isViewableImage('image/heic')).toBe(true);
    expect(isViewableImage('image/webp')).toBe(true);
  });
});
