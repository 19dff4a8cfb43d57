// Small WebP previews for the evidence list. The original is never changed; the preview is upright
// (EXIF orientation applied), at most 512×512 and carries no metadata, so no GPS position or
// camera serial leaks into it. Anything that cannot be decoded gets a plain "no preview" instead.
import fs from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { SakshyaError } from '../../../shared/errors';

export type Thumbnail =
  | {
      webp: Buffer;
      width: number;
      height: number;
      /** Set when the picture is damaged (cut short) and only the readable part could be drawn. */
      partial?: true;
    }
  | { none: true; reason: string };

// Every preview is of a different file, so libvips' operation cache never hits; left on, it keeps up
// to 50 MB of decoded pictures alive after the previews are done.
sharp.cache(false);

const MAX_SIDE = 512;
// Same ceiling sharp applies to other formats by default: about 16 384 × 16 384.
const MAX_PIXELS = 268_402_689;
const HEIF_TYPES = new Set([
  'image/heic',
  'image/heif',
  'image/heic-sequence',
  'image/heif-sequence',
]);
// SVG is left out on purpose: rendering it could pull in other files from this computer.
const SHARP_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/tiff',
  'image/avif',
]);

const NOT_AN_IMAGE = 'No preview: this kind of file has no picture to show.';
const UNDECODABLE =
  'No preview: the picture in this file could not be read. The original is kept unchanged.';
const TOO_LARGE =
  'No preview: the picture is too large to draw safely. The original is kept unchanged.';

export async function makeThumbnail(input: Buffer | string, mediaType: string): Promise<Thumbnail> {
  if (!HEIF_TYPES.has(mediaType) && !SHARP_TYPES.has(mediaType))
    return { none: true, reason: NOT_AN_IMAGE };
  try {
    // sharp's prebuilt libvips reads AVIF but not HEVC-coded HEIC, so those are decoded by libheif.
    const image = HEIF_TYPES.has(mediaType)
      ? await openHeif(input)
      : openWithSharp(input, 'warning');
    return image ? await encode(image) : { none: true, reason: TOO_LARGE };
  } catch {
    if (HEIF_TYPES.has(mediaType)) return { none: true, reason: UNDECODABLE };
  }
  try {
    // A photo cut short in transfer still shows its top part, which helps the user recognise it.
    return { ...(await encode(openWithSharp(input, 'none'))), partial: true };
  } catch {
    return { none: true, reason: UNDECODABLE };
  }
}

/** Whether a media type is HEIF (decoded by libheif here, not by sharp). */
export function isHeifType(mediaType: string): boolean {
  return HEIF_TYPES.has(mediaType);
}

/**
 * A HEIC/HEIF picture as a lossless PNG, decoded as the previews are (libheif, its own rotation
 * applied), for readers that only take what sharp opens (text recognition). Throws when it cannot
 * be decoded or is too large.
 */
export async function decodeHeifToPng(bytes: Buffer): Promise<Buffer> {
  const image = await openHeif(bytes);
  if (image === null) throw new SakshyaError('FILE_UNREADABLE', 'The HEIF picture is too large.');
  return image.png({ compressionLevel: 1 }).toBuffer();
}

async function encode(image: Sharp): Promise<{ webp: Buffer; width: number; height: number }> {
  const { data, info } = await image
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  return { webp: data, width: info.width, height: info.height };
}

function openWithSharp(input: Buffer | string, failOn: 'warning' | 'none'): Sharp {
  return sharp(input, { failOn, limitInputPixels: MAX_PIXELS, animated: false }).rotate();
}

async function openHeif(input: Buffer | string): Promise<Sharp | null> {
  const bytes = typeof input === 'string' ? await fs.readFile(input) : input;
  // Loaded on first use: the HEIF decoder (wasm) is slow to load and most pictures are not HEIF.
  const { default: decodeHeic } = await import('heic-decode');
  const images = await decodeHeic.all({ buffer: bytes });
  try {
    const primary = images[0];
    if (!primary) throw new SakshyaError('FILE_UNREADABLE', 'The HEIF file holds no image.');
    if (primary.width * primary.height > MAX_PIXELS) return null;
    // libheif has already applied the file's own rotation and mirroring.
    const { width, height, data } = await primary.decode();
    const rgba = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return sharp(rgba, { raw: { width, height, channels: 4 } });
  } finally {
    images.dispose();
  }
}
