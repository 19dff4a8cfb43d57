import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeCameraPhoto } from '../../../../main/core/ocr/camera-photo';
import { readMetadata } from '../../../../main/core/readers/metadata';

const root = path.resolve(__dirname, '../../../..');
const PHOTOS = path.join(root, 'test/fixtures/photos');
const SCREENSHOTS = path.join(root, 'test/fixtures/screenshots');

async function judge(file: string, mediaType: string, name = path.basename(file)) {
  const { metadata } = await readMetadata(fs.readFileSync(file), mediaType);
  return looksLikeCameraPhoto({ originalName: name, metadata });
}

describe('the camera-photo rule', () => {
  it('takes pictures whose EXIF names a camera and its exposure for camera photos', async () => {
    expect(await judge(path.join(PHOTOS, 'canon-dslr.jpg'), 'image/jpeg')).toBe(true);
    expect(await judge(path.join(PHOTOS, 'IMG_20180725_163423-tiny.jpg'), 'image/jpeg')).toBe(true);
    expect(await judge(path.join(PHOTOS, 'heic-iphone7.heic'), 'image/heic')).toBe(true);
  });

  it('reads screenshots and pictures without camera EXIF as before', async () => {
    expect(await judge(path.join(SCREENSHOTS, 'english-light.png'), 'image/png')).toBe(false);
    expect(await judge(path.join(PHOTOS, 'img_1771_no_exif.jpg'), 'image/jpeg')).toBe(false);
    expect(await judge(path.join(PHOTOS, 'heic-single.heic'), 'image/heic')).toBe(false);
  });

  it('never takes a picture named or made as a screenshot for a photo, whatever its EXIF says', async () => {
    const canon = path.join(PHOTOS, 'img_1771.jpg');
    expect(await judge(canon, 'image/jpeg', 'Screenshot_20240512-214100_WhatsApp.jpg')).toBe(false);
    expect(
      looksLikeCameraPhoto({
        originalName: 'IMG-20240512-WA0007.jpg',
        metadata: { Make: 'samsung', Model: 'SM-A546E', Software: 'Screen capture' },
      }),
    ).toBe(false);
    // A phone's name without any exposure is not enough (some phones tag screenshots so).
    expect(
      looksLikeCameraPhoto({
        originalName: 'IMG-20240512-WA0007.jpg',
        metadata: { Make: 'Xiaomi', Model: 'Redmi Note 12' },
      }),
    ).toBe(false);
  });
});
