// The picture the viewer shows full size. A format the window draws itself (JPEG, PNG, WebP, GIF)
// goes as the original bytes, untouched, so what the lawyer sees is the evidence itself. HEIC,
// TIFF and AVIF are turned into a full-resolution JPEG or PNG, upright. Everything is decrypted in
// memory only and leaves as a data: URL; nothing is written anywhere in the clear.
import sharp, { type Sharp } from 'sharp';
import type { EvidenceView } from '../../../shared/contract/viewer';
import { SakshyaError } from '../../../shared/errors';
import { EvidenceRepository } from '../db/repositories/evidence';
import { readVerifiedBlob } from '../vault/blob-store';
import { isPlayableInWindow } from '../readers/call-recording';
import { isAudioType } from '../readers/metadata';
import type { Vault } from '../vault/vault';

/** Originals above this size are shown as a smaller copy: a data: URL this big already strains the window. */
export const MAX_ORIGINAL_BYTES = 40 * 1024 * 1024;
/** Pictures beyond this are not decoded at all (a 500 MB "photo" is a decompression bomb or not a photo). */
export const MAX_DECODE_BYTES = 256 * 1024 * 1024;
/** The longest side of the smaller copy shown for a very large original. */
export const DOWNSCALED_SIDE = 4096;
// sharp's own default ceiling (about 16 384 × 16 384); the same as the previews use.
const MAX_PIXELS = 268_402_689;

const BROWSER_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
const HEIF_TYPES = new Set([
  'image/heic',
  'image/heif',
  'image/heic-sequence',
  'image/heif-sequence',
]);
// SVG is left out on purpose: drawing it could pull in other files from this computer.
const CONVERTED_TYPES = new Set(['image/tiff', 'image/avif', ...HEIF_TYPES]);

const NOT_PLAYABLE = 'This recording cannot be played here; the original is kept.';
const NOT_AN_IMAGE = 'This kind of file has no picture to show. Its details are below.';
const UNREADABLE =
  'The picture in this file could not be read, so it cannot be shown. The original is kept unchanged.';
const CHANGED =
  'The stored copy of this item was changed since it was imported, so it is not shown. Run a vault check; the custody log and the recorded hash are kept.';
const TOO_LARGE =
  'This picture is too large to show safely. The original is kept unchanged and goes into any export.';

export function isViewableImage(mediaType: string): boolean {
  return BROWSER_TYPES.has(mediaType) || CONVERTED_TYPES.has(mediaType);
}

/** Voice notes (Opus in Ogg), call recordings (MP3, M4A, AAC, WAV) and other sound files. */
export function isPlayableAudio(mediaType: string): boolean {
  return mediaType.startsWith('audio/');
}

export async function renderEvidenceView(vault: Vault, evidenceId: string): Promise<EvidenceView> {
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  // AMR and 3GP recordings: the window has no decoder for them, so it says so, with the length.
  if (isAudioType(evidence.mediaType) && !isPlayableInWindow(evidence.mediaType)) {
    const audio = evidence.metadata.Audio;
    const duration =
      typeof audio === 'object' && audio !== null && 'durationSeconds' in audio
        ? audio.durationSeconds
        : null;
    return {
      kind: 'none',
      reasonCode: 'not-playable',
      reason: NOT_PLAYABLE,
      durationSeconds: typeof duration === 'number' ? duration : null,
    };
  }
  if (isPlayableAudio(evidence.mediaType)) {
    if (evidence.size > MAX_ORIGINAL_BYTES) {
      return { kind: 'none', reasonCode: 'too-large', reason: TOO_LARGE };
    }
    // A voice note goes as it is: the window's own player reads it, in memory only.
    const bytes = await readEvidenceBytes(vault, evidence);
    if (bytes === null) return { kind: 'none', reasonCode: 'changed', reason: CHANGED };
    return {
      kind: 'audio',
      dataUrl: toDataUrl(bytes, evidence.mediaType),
      mediaType: evidence.mediaType,
    };
  }
  if (!isViewableImage(evidence.mediaType)) {
    return { kind: 'none', reasonCode: 'not-an-image', reason: NOT_AN_IMAGE };
  }
  if (evidence.size > MAX_DECODE_BYTES) {
    return { kind: 'none', reasonCode: 'too-large', reason: TOO_LARGE };
  }
  const bytes = await readEvidenceBytes(vault, evidence);
  if (bytes === null) return { kind: 'none', reasonCode: 'changed', reason: CHANGED };
  return renderImageBytes(bytes, evidence.mediaType);
}

/** The stored file's bytes, or null when they are not the ones recorded (then never shown). */
async function readEvidenceBytes(
  vault: Vault,
  evidence: { blobName: string; sha256: string; size: number },
): Promise<Buffer | null> {
  try {
    return await readVerifiedBlob(vault.layout, evidence.blobName, vault.identity, evidence);
  } catch (error) {
    if (error instanceof SakshyaError && error.code === 'INTEGRITY_FAILURE') return null;
    throw error;
  }
}

export interface RenditionOptions {
  /** Tests lower it to exercise the smaller copy without a 40 MB fixture. */
  maxOriginalBytes?: number;
}

/** The decision on plain bytes, with no vault around them. */
export async function renderImageBytes(
  bytes: Buffer,
  mediaType: string,
  options: RenditionOptions = {},
): Promise<EvidenceView> {
  try {
    const downscale = bytes.length > (options.maxOriginalBytes ?? MAX_ORIGINAL_BYTES);
    if (BROWSER_TYPES.has(mediaType)) {
      // Read the header, and decode the picture once at a small size (JPEG shrinks while it
      // decodes, so this is quick), so a damaged file gets a clear sentence instead of a
      // broken-image icon. failOn 'error' still lets a photo cut short in transfer through.
      const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).metadata();
      await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false })
        .resize(64, 64, { fit: 'inside' })
        .raw()
        .toBuffer();
      const { width, height } = uprightSize(meta.width, meta.height, meta.orientation);
      if (!downscale) {
        return {
          kind: 'image',
          dataUrl: toDataUrl(bytes, mediaType),
          width,
          height,
          converted: false,
          downscaled: false,
        };
      }
      return await encode(openWithSharp(bytes), true, false);
    }
    const heif = HEIF_TYPES.has(mediaType);
    const image = heif ? await openHeif(bytes) : openWithSharp(bytes);
    if (image === null) return { kind: 'none', reasonCode: 'too-large', reason: TOO_LARGE };
    // libheif always hands back RGBA; phone photos have no transparency to keep.
    return await encode(image, downscale, true, heif ? true : undefined);
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      return { kind: 'none', reasonCode: 'too-large', reason: TOO_LARGE };
    }
    return { kind: 'none', reasonCode: 'unreadable', reason: UNREADABLE };
  }
}

function openWithSharp(bytes: Buffer): Sharp {
  // rotate() with no angle applies the EXIF orientation, so the copy stands the right way up.
  return sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false }).rotate();
}

async function openHeif(bytes: Buffer): Promise<Sharp | null> {
  // sharp's prebuilt libvips has no HEVC decoder, so iPhone photos go through libheif (wasm).
  // Loaded on first use: the HEIF decoder (wasm) is slow to load and most pictures are not HEIF.
  const { default: decodeHeic } = await import('heic-decode');
  const images = await decodeHeic.all({ buffer: bytes });
  try {
    const primary = images[0];
    if (primary === undefined) throw new Error('The HEIF file holds no image.');
    if (primary.width * primary.height > MAX_PIXELS) return null;
    // libheif has already applied the file's own rotation and mirroring.
    const { width, height, data } = await primary.decode();
    const rgba = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return sharp(rgba, { raw: { width, height, channels: 4 }, limitInputPixels: MAX_PIXELS });
  } finally {
    images.dispose();
  }
}

async function encode(
  image: Sharp,
  downscale: boolean,
  converted: boolean,
  opaque?: boolean,
): Promise<EvidenceView> {
  const sized = downscale
    ? image.resize(DOWNSCALED_SIDE, DOWNSCALED_SIDE, { fit: 'inside', withoutEnlargement: true })
    : image;
  // A picture with see-through parts keeps them (PNG); anything else is a JPEG, a tenth the size.
  // Scanning every pixel for transparency is slow on a 12 MP photo, so only pictures that have an
  // alpha channel at all are scanned.
  const seeThrough =
    opaque === true
      ? false
      : (await sized.metadata()).hasAlpha && !(await sized.clone().stats()).isOpaque;
  const output = seeThrough
    ? sized.png({ compressionLevel: 6 })
    : sized.removeAlpha().jpeg({ quality: 92 });
  const { data, info } = await output.toBuffer({ resolveWithObject: true });
  return {
    kind: 'image',
    dataUrl: toDataUrl(data, info.format === 'png' ? 'image/png' : 'image/jpeg'),
    width: info.width,
    height: info.height,
    converted,
    downscaled: downscale,
  };
}

/** EXIF orientations 5 to 8 turn the picture on its side, so its width and height swap. */
function uprightSize(
  width: number | undefined,
  height: number | undefined,
  orientation: number | undefined,
): { width: number; height: number } {
  const w = Math.max(1, width ?? 1);
  const h = Math.max(1, height ?? 1);
  return orientation !== undefined && orientation >= 5
    ? { width: h, height: w }
    : { width: w, height: h };
}

function toDataUrl(bytes: Buffer, mediaType: string): string {
  return `data:${mediaType};base64,${bytes.toString('base64')}`;
}
