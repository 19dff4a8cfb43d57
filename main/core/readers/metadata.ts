// Reads a photo's embedded metadata (EXIF, GPS, IPTC, XMP, PNG text) into a JSON-safe record.
// Dates are kept as the raw strings the file holds: exifr's own revival would turn zone-less
// EXIF times into JS Dates in whatever zone this machine happens to be in. captured-at.ts
// interprets them. A damaged file yields what could be read plus a plain warning, never a throw.
import fs from 'node:fs/promises';
import * as exifrModule from 'exifr';
import { readPngChunks, scanPngChunks, type PngChunks } from './png-chunks';
import { formatImportWarning } from '../../../shared/import-warnings';
import { readAudioFacts } from './call-recording';

/** Sound files, and 3GP (phones' call recorders write AMR audio in a 3GP box). */
export function isAudioType(mediaType: string): boolean {
  return mediaType.startsWith('audio/') || mediaType === 'video/3gpp';
}

type ExifrApi = Pick<typeof exifrModule, 'parse' | 'sidecar'>;

function hasExifrApi(value: unknown): value is ExifrApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    'parse' in value &&
    'sidecar' in value &&
    typeof value.parse === 'function' &&
    typeof value.sidecar === 'function'
  );
}

// exifr ships a UMD bundle whose `default` export lacks `sidecar`, and Node, esbuild and vitest
// each hand a CommonJS module to `import` differently, so take whichever object has both.
const exifr: ExifrApi = [exifrModule, exifrModule.default].find(hasExifrApi) ?? exifrModule;

export interface MetadataResult {
  /**
   * TIFF/EXIF/GPS tags at the top level under exifr's names (Make, Model, Software,
   * DateTimeOriginal, OffsetTimeOriginal, CreateDate, OffsetTimeDigitized, …), plus `latitude` and
   * `longitude` as signed decimal degrees. Other sources sit in groups so that names never clash:
   * `IPTC` (its tags), `XMP` (one object per namespace: `exif`, `xmp`, `photoshop`, …) and `PNG`
   * (`width`, `height`, `modified` from tIME, `text`).
   */
  metadata: Record<string, unknown>;
  warnings: string[];
}

type Json = Record<string, unknown>;

const EXIFR_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/avif',
]);

const TIFF_OPTIONS = {
  tiff: true,
  ifd0: {},
  exif: true,
  gps: true,
  interop: false,
  ifd1: false,
  makerNote: false,
  userComment: true,
  translateKeys: true,
  translateValues: true,
  // Dates stay as written ('2024:05:12 21:43:10'); see the note at the top of the file.
  reviveValues: false,
  sanitize: true,
  mergeOutput: false,
  silentErrors: true,
} as const;

const FILE_OPTIONS = {
  ...TIFF_OPTIONS,
  iptc: true,
  // Raw XMP, parsed separately below: merged into the EXIF groups, XMP's own `exif` namespace
  // would overwrite or hide the real EXIF tags of the same name.
  xmp: { parse: false },
  icc: false,
  jfif: false,
  ihdr: false,
} as const;

const XMP_OPTIONS = { mergeOutput: false, reviveValues: false, translateValues: true } as const;

const MAX_STRING = 8192;
const MAX_ARRAY = 256;
const MAX_DEPTH = 6;
const MAX_HEX_BYTES = 32;
const SALVAGE_READ = 16 * 1024 * 1024;

const DAMAGED = formatImportWarning('metadata-damaged');
const UNREADABLE = formatImportWarning('metadata-unreadable');

/**
 * `png`: a PNG's chunks when the caller has them already (the import's StreamProbe read them as the
 * file streamed past); otherwise they are read from the file.
 */
export async function readMetadata(
  /** A path, or the bytes themselves when they have no plaintext file (see media-type.ts). */
  file: string | Buffer,
  mediaType: string,
  png?: PngChunks | null,
): Promise<MetadataResult> {
  const warnings: string[] = [];
  // Voice notes and call recordings: their length and tags (music-metadata), kept under `Audio`.
  if (isAudioType(mediaType)) {
    const facts = await readAudioFacts(file, mediaType);
    return { metadata: facts.codec === null ? {} : { Audio: { ...facts } }, warnings };
  }
  if (!EXIFR_TYPES.has(mediaType)) return { metadata: {}, warnings };

  // A sound PNG's metadata is all in its chunks, and ours are a superset of what exifr reads there
  // (it misses an eXIf after the image data). Walking the file a second time through exifr cost
  // the import's main thread more than any other step per screenshot, so exifr reads only other
  // files, and damaged PNGs, where it salvages what it can from a chunk cut short.
  let chunks: PngChunks | null | 'unreadable' = null;
  if (mediaType === 'image/png') chunks = await loadPngChunks(file, png);
  const sound = chunks !== null && chunks !== 'unreadable' && chunks.warnings.length === 0;

  let raw: Json = {};
  let failed = false;
  if (!sound) {
    try {
      const parsed: unknown = await exifr.parse(file, FILE_OPTIONS);
      if (isRecord(parsed)) raw = parsed;
      failed = Array.isArray(raw.errors) && raw.errors.length > 0;
    } catch {
      failed = true;
    }
  }

  const metadata: Json = {};
  const addTiff = (groups: Json): void => {
    for (const group of ['ifd0', 'exif', 'gps']) {
      const tags = groups[group];
      if (!isRecord(tags)) continue;
      for (const [key, value] of Object.entries(tags)) {
        if (key in metadata) continue;
        const safe = toJsonSafe(value, 0);
        if (safe !== undefined) metadata[key] = safe;
      }
    }
    const comment = decodeUserComment(groups.userComment);
    if (comment && !('UserComment' in metadata)) metadata.UserComment = comment;
  };
  addTiff(raw);
  if (isRecord(raw.iptc)) setGroup(metadata, 'IPTC', raw.iptc);
  if (typeof raw.xmp === 'string') await addXmp(metadata, raw.xmp, warnings);

  if (chunks === 'unreadable') warnings.push(DAMAGED);
  else if (chunks !== null) await addPng(chunks, metadata, addTiff, warnings);

  if (failed) {
    const salvaged = await salvage(file, metadata, addTiff, warnings);
    warnings.push(salvaged ? DAMAGED : UNREADABLE);
  }
  checkCoordinates(metadata);
  return { metadata, warnings: [...new Set(warnings)] };
}

async function addXmp(metadata: Json, packet: string, warnings: string[]): Promise<void> {
  if ('XMP' in metadata) return;
  try {
    const parsed: unknown = await exifr.sidecar(Buffer.from(packet, 'utf8'), XMP_OPTIONS, 'xmp');
    if (!isRecord(parsed)) return;
    const namespaces: Json = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (key === 'xmlns') continue;
      const safe = toJsonSafe(value, 1);
      if (safe !== undefined) namespaces[key] = safe;
    }
    if (Object.keys(namespaces).length > 0) metadata.XMP = namespaces;
  } catch {
    warnings.push(DAMAGED);
  }
}

/** The chunks given, or read from the file; null when it does not start like a PNG. */
async function loadPngChunks(
  file: string | Buffer,
  known: PngChunks | null | undefined,
): Promise<PngChunks | null | 'unreadable'> {
  if (known !== undefined) return known;
  try {
    return typeof file === 'string' ? await readPngChunks(file) : scanPngChunks(file);
  } catch {
    return 'unreadable';
  }
}

async function addPng(
  chunks: PngChunks,
  metadata: Json,
  addTiff: (groups: Json) => void,
  warnings: string[],
): Promise<void> {
  warnings.push(...chunks.warnings);
  metadata.PNG = toJsonSafe(
    { width: chunks.width, height: chunks.height, modified: chunks.modified, text: chunks.text },
    0,
  );
  if (chunks.exif && !('DateTimeOriginal' in metadata) && !('Make' in metadata)) {
    await parseTiffBlock(chunks.exif, addTiff, warnings);
  }
  if (chunks.xmp) await addXmp(metadata, chunks.xmp, warnings);
}

async function parseTiffBlock(
  tiff: Buffer,
  addTiff: (groups: Json) => void,
  warnings: string[],
): Promise<boolean> {
  try {
    const parsed: unknown = await exifr.parse(tiff, TIFF_OPTIONS);
    if (!isRecord(parsed)) return false;
    addTiff(parsed);
    return ['ifd0', 'exif', 'gps'].some((group) => isRecord(parsed[group]));
  } catch {
    warnings.push(DAMAGED);
    return false;
  }
}

/**
 * exifr gives up on the whole file when one segment is malformed (a damaged Photoshop/IPTC block
 * is enough), so we find the EXIF block and the XMP packet ourselves and hand each to exifr alone.
 */
async function salvage(
  file: string | Buffer,
  metadata: Json,
  addTiff: (groups: Json) => void,
  warnings: string[],
): Promise<boolean> {
  let bytes: Buffer;
  if (typeof file !== 'string') bytes = file.subarray(0, SALVAGE_READ);
  else
    try {
      bytes = await readStart(file);
    } catch {
      return false;
    }
  let found = false;
  const tiff = findJpegExifBlock(bytes);
  if (tiff) found = await parseTiffBlock(tiff, addTiff, warnings);
  const start = bytes.indexOf('<x:xmpmeta');
  const end = bytes.indexOf('</x:xmpmeta>', start);
  if (start >= 0 && end > start) {
    await addXmp(metadata, bytes.toString('utf8', start, end + '</x:xmpmeta>'.length), warnings);
    found ||= 'XMP' in metadata;
  }
  return found;
}

async function readStart(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const size = Math.min((await handle.stat()).size, SALVAGE_READ);
    const bytes = Buffer.alloc(size);
    await handle.read(bytes, 0, size, 0);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Walks JPEG marker segments up to the image data and returns the APP1 'Exif' TIFF block. */
function findJpegExifBlock(bytes: Buffer): Buffer | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let position = 2;
  while (position + 4 <= bytes.length) {
    if (bytes[position] !== 0xff) return null;
    const marker = bytes[position + 1];
    if (marker === 0xff) {
      position += 1; // fill byte
      continue;
    }
    if (marker === undefined || marker === 0xda || marker === 0xd9) return null;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      position += 2;
      continue;
    }
    const length = bytes.readUInt16BE(position + 2);
    const body = bytes.subarray(position + 4, position + 2 + length);
    if (marker === 0xe1 && body.subarray(0, 6).equals(Buffer.from('Exif\0\0', 'latin1')))
      return body.subarray(6);
    position += 2 + length;
  }
  return null;
}

/** Keeps exifr's signed decimal `latitude`/`longitude` only when they are real coordinates. */
function checkCoordinates(metadata: Json): void {
  const { latitude, longitude } = metadata;
  const valid =
    typeof latitude === 'number' &&
    typeof longitude === 'number' &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
  if (!valid) {
    delete metadata.latitude;
    delete metadata.longitude;
  }
}

function setGroup(metadata: Json, name: string, group: Json): void {
  const safe = toJsonSafe(group, 1);
  if (isRecord(safe) && Object.keys(safe).length > 0) metadata[name] = safe;
}

/** EXIF UserComment: an 8-byte character-code prefix, then the text. */
function decodeUserComment(value: unknown): string | null {
  if (!(value instanceof Uint8Array) || value.length <= 8) return null;
  const code = Buffer.from(value.subarray(0, 8)).toString('latin1').replace(/\0+$/, '');
  const body = Buffer.from(value.subarray(8));
  const text = code === 'UNICODE' ? body.toString('utf16le') : body.toString('utf8');
  const cleaned = text.replace(/\0/g, '').trim();
  return cleaned === '' ? null : cleaned.slice(0, MAX_STRING);
}

function isRecord(value: unknown): value is Json {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}

function bytesToJson(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > MAX_HEX_BYTES) return undefined;
  const buffer = Buffer.from(bytes);
  // Version tags such as ExifVersion are four ASCII digits; show them as text.
  if (buffer.every((b) => b >= 0x20 && b < 0x7f)) return buffer.toString('latin1');
  return `hex:${buffer.toString('hex')}`;
}

/**
 * Converts anything exifr returns into plain JSON: strings without NULs and capped in length,
 * finite numbers, ISO dates, short byte runs as text or hex (long ones dropped), nested objects
 * and arrays within fixed bounds. Returns undefined for what cannot be represented.
 */
export function toJsonSafe(value: unknown, depth: number): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string': {
      const cleaned = value.replace(/\0/g, '').trim();
      return cleaned === '' ? undefined : cleaned.slice(0, MAX_STRING);
    }
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (value instanceof Uint8Array) return bytesToJson(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const items: unknown[] = value
      .slice(0, MAX_ARRAY)
      .map((item: unknown) => toJsonSafe(item, depth + 1));
    return items.map((item) => item ?? null);
  }
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const safe = toJsonSafe(item, depth + 1);
    if (safe !== undefined) out[key] = safe;
  }
  return out;
}
