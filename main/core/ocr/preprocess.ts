// Prepares a picture for recognition. Measured on chat screenshots (issue 20): tesseract's
// defaults lost dark-mode bubbles entirely and read small grey text poorly; grey, inverted when
// the picture is mostly dark, and scaled up 1.5× raised word recall from 0.93/0.86 to 0.99 in
// English and Hindi. Huge pictures are scaled down first, so one photo cannot exhaust memory.
import sharp from 'sharp';

/** Longest side, in pixels, of what recognition is given (after scaling up). */
const MAX_SIDE = 3600;
/** Pictures with more pixels than this are refused as damaged or hostile (decompression bombs). */
const MAX_INPUT_PIXELS = 200_000_000;
const SCALE_UP = 1.5;
/** Grey levels at or above this (0–255) count as background once the text is dark. */
const BACKGROUND_FROM = 170;
/** Below this share of plain background a picture is treated as a photo. */
const PHOTO_BELOW = 0.3;
const PHOTO_MAX_SIDE = 1600;
/**
 * Below this share of pixels level with their right-hand neighbour (grey, within 1) a picture is a
 * photo. Measured (issue 20): chat screenshots, PNG and recompressed JPEG, light and dark, 0.92–0.98;
 * the fixture photos 0.18–0.65 (a dark lake photo that inversion made look plain: 0.18), except
 * one large smooth DSLR shot, which the EXIF rule (camera-photo.ts) catches.
 */
const PHOTO_FLATNESS_BELOW = 0.8;

export interface PreparedImage {
  /** A lossless PNG of the prepared picture. */
  png: Buffer;
  /** Prepared pixels per original pixel: word boxes are divided by this. */
  scale: number;
  /** The original's size, upright (after its EXIF orientation). */
  width: number;
  height: number;
  /** Whether the picture was mostly dark and was inverted. */
  inverted: boolean;
  /**
   * Share of the prepared pixels that are plain background (white after the levels): high for
   * screenshots and documents, low for photos. Tells unread writing from a photo's noise.
   */
  background: number;
  /** Little plain background or little flat colour: a photo rather than a screenshot. */
  photo: boolean;
}

/** Throws if the bytes are not a picture sharp can decode. */
export async function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  const source = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  const meta = await source.metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height : meta.width;
  const height = swap ? meta.width : meta.height;
  if (width === 0 || height === 0) throw new Error('the picture has no size');
  // Huge pictures shrink while decoding, so no full-size copy is ever held in memory.
  const { data: grey, info } = await source
    .rotate()
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const inverted = meanOf(grey) < 110;
  const flatness = measureFlatness(grey, info.width);
  // Text is made the darkest thing in the picture (inverted when the picture is dark), and
  // bubbles (a dark-mode green one turns mid-grey when inverted) are pushed to white, so
  // tesseract's global threshold keeps the text in them instead of dropping the whole bubble as
  // an image, as the defaults did. Done on the raw bytes: sharp orders negate and linear itself.
  const levels = new Uint8Array(256);
  for (let v = 0; v < 256; v += 1)
    levels[v] = Math.min(255, Math.round(((inverted ? 255 - v : v) * 255) / BACKGROUND_FROM));
  let white = 0;
  for (let i = 0; i < grey.length; i += 1) {
    const level = levels[grey[i] ?? 0] ?? 255;
    grey[i] = level;
    if (level === 255) white += 1;
  }
  const background = white / Math.max(1, grey.length);
  // A photo (little plain background) is not scaled up: its text, if any, is large, and
  // tesseract spends long on a photo's texture.
  const photo = background < PHOTO_BELOW || flatness < PHOTO_FLATNESS_BELOW;
  const target = Math.min(
    photo ? 1 : SCALE_UP,
    (photo ? PHOTO_MAX_SIDE : MAX_SIDE) / Math.max(width, height),
  );
  const outWidth = Math.max(1, Math.round(width * target));
  const outHeight = Math.max(1, Math.round(height * target));
  let pipeline = sharp(grey, { raw: { width: info.width, height: info.height, channels: 1 } });
  if (outWidth !== info.width || outHeight !== info.height)
    pipeline = pipeline.resize({
      width: outWidth,
      height: outHeight,
      fit: 'fill',
      kernel: 'cubic',
    });
  const png = await pipeline.png({ compressionLevel: 1 }).toBuffer();
  return { png, scale: outWidth / width, width, height, inverted, background, photo };
}

/** Share of pixels within one grey level of their right-hand neighbour. */
function measureFlatness(pixels: Buffer, width: number): number {
  let flat = 0;
  let pairs = 0;
  for (let i = 0; i + 1 < pixels.length; i += 1) {
    if ((i + 1) % width === 0) continue;
    pairs += 1;
    if (Math.abs((pixels[i] ?? 0) - (pixels[i + 1] ?? 0)) <= 1) flat += 1;
  }
  return pairs === 0 ? 1 : flat / pairs;
}

function meanOf(pixels: Buffer): number {
  let sum = 0;
  for (const pixel of pixels) sum += pixel;
  return pixels.length === 0 ? 255 : sum / pixels.length;
}
