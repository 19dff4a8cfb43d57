// A small PNG chunk reader. Written by hand because exifr neither exposes the tIME chunk nor reads
// an eXIf chunk placed after the image data (where Android and many editors put it), and both
// carry dates. It walks chunk headers and never inflates image data. Encoders split the image data
// into many small IDAT chunks (libpng: 8 KiB each), so headers are read through a 256 KiB window:
// a 1 MB screenshot costs about 5 reads instead of one await per chunk.
import fs from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { formatImportWarning } from '../../../shared/import-warnings';

export interface PngChunks {
  width: number | null;
  height: number | null;
  /** The tIME chunk ('last modification', UTC by the PNG spec) as 'YYYY-MM-DDTHH:mm:ss.sssZ'. */
  modified: string | null;
  /** tEXt, zTXt and iTXt entries by keyword; the first of a repeated keyword wins. */
  text: Record<string, string>;
  /** The XMP packet from iTXt 'XML:com.adobe.xmp', kept apart because it is large. */
  xmp: string | null;
  /** The eXIf chunk: a TIFF-structured EXIF block. */
  exif: Buffer | null;
  warnings: string[];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Caps that keep a hostile file from making us read or inflate much: metadata chunks are small.
const MAX_METADATA_CHUNK = 4 * 1024 * 1024;
const MAX_INFLATED = 4 * 1024 * 1024;
const MAX_TEXT_ENTRIES = 256;
const WANTED = new Set(['IHDR', 'tIME', 'tEXt', 'zTXt', 'iTXt', 'eXIf']);
const WINDOW = 256 * 1024;
/**
 * Windows kept for the next file. Walking a screenshot's chunks reads nearly all of it (libpng
 * writes 8 KiB IDAT chunks), and a fresh zeroed window per file was garbage the import's main
 * thread paid for in collections. Only bytes a read has just filled are ever looked at.
 */
const spareWindows: Buffer[] = [];
const MAX_SPARE_WINDOWS = 4;

/** Reads the metadata chunks of a PNG file; null when the file does not start like a PNG. */
export async function readPngChunks(file: string): Promise<PngChunks | null> {
  const handle = await fs.open(file, 'r');
  let window: Buffer | undefined;
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead < 8 || !head.equals(SIGNATURE)) return null;
    const result = makeEmptyPngChunks();
    const size = (await handle.stat()).size;
    // One reusable buffer holding bytes [windowStart, windowEnd) of the file.
    const buffer = spareWindows.pop() ?? Buffer.allocUnsafe(WINDOW);
    window = buffer;
    let windowStart = 0;
    let windowEnd = 0;
    const readAt = async (start: number, length: number): Promise<Buffer> => {
      if (start < windowStart || start + length > windowEnd) {
        if (length > WINDOW) {
          const data = Buffer.alloc(length);
          await handle.read(data, 0, length, start);
          return data;
        }
        const { bytesRead } = await handle.read(buffer, 0, WINDOW, start);
        windowStart = start;
        windowEnd = start + bytesRead;
        if (start + length > windowEnd) return Buffer.alloc(length);
      }
      return buffer.subarray(start - windowStart, start - windowStart + length);
    };
    let position = 8;
    while (position + 12 <= size) {
      const header = await readAt(position, 8);
      const length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      const dataStart = position + 8;
      if (dataStart + length + 4 > size) {
        result.warnings.push(formatImportWarning('png-cut-short'));
        break;
      }
      if (type === 'IEND') break;
      if (WANTED.has(type)) {
        if (length > MAX_METADATA_CHUNK) {
          result.warnings.push(formatImportWarning('png-chunk-too-large', { chunk: type }));
        } else {
          // A copy: the window is overwritten by the next read, and eXIf data is kept.
          readChunk(type, Buffer.from(await readAt(dataStart, length)), result);
        }
      }
      position = dataStart + length + 4;
    }
    return result;
  } finally {
    if (window !== undefined && spareWindows.length < MAX_SPARE_WINDOWS) spareWindows.push(window);
    await handle.close();
  }
}

function makeEmptyPngChunks(): PngChunks {
  return {
    width: null,
    height: null,
    modified: null,
    text: {},
    xmp: null,
    exif: null,
    warnings: [],
  };
}

/** readPngChunks for bytes already in memory (a zip entry or a pasted picture has no plain file). */
export function scanPngChunks(bytes: Buffer): PngChunks | null {
  const scanner = new PngChunkScanner();
  scanner.take(bytes);
  return scanner.finish();
}

/**
 * readPngChunks for bytes that stream past once, in order (the import hashes and encrypts each
 * file in one pass, and this rides along, so a PNG is not read a second time for its metadata).
 * Same chunks, same caps, same warnings as readPngChunks on the same bytes.
 */
export class PngChunkScanner {
  private readonly result = makeEmptyPngChunks();
  /** Bytes seen so far; the signature is checked once there are 8. */
  private seen = 0;
  private readonly signature = Buffer.alloc(8);
  private isPng = true;
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  /** In a chunk's data and CRC: the bytes of both still to come. */
  private remaining = 0;
  private inChunk = false;
  private type = '';
  private length = 0;
  private data: Buffer | null = null;
  private dataFill = 0;
  private ended = false;

  take(bytes: Buffer): void {
    let at = 0;
    if (this.seen < 8) {
      const part = Math.min(8 - this.seen, bytes.length);
      bytes.copy(this.signature, this.seen, 0, part);
      this.seen += part;
      at = part;
      if (this.seen === 8 && !this.signature.equals(SIGNATURE)) this.isPng = false;
    } else {
      this.seen += bytes.length;
    }
    while (at < bytes.length && this.isPng && !this.ended) {
      if (!this.inChunk) {
        const part = Math.min(8 - this.headerFill, bytes.length - at);
        bytes.copy(this.header, this.headerFill, at, at + part);
        this.headerFill += part;
        at += part;
        if (this.headerFill === 8) this.startChunk();
        continue;
      }
      const part = Math.min(this.remaining, bytes.length - at);
      if (this.data !== null && this.dataFill < this.length) {
        const copied = Math.min(part, this.length - this.dataFill);
        bytes.copy(this.data, this.dataFill, at, at + copied);
        this.dataFill += copied;
      }
      this.remaining -= part;
      at += part;
      if (this.remaining === 0) this.endChunk();
    }
  }

  /** Null when the bytes did not start like a PNG. */
  finish(): PngChunks | null {
    if (this.seen < 8 || !this.isPng) return null;
    // As readPngChunks: a chunk that runs past the end is reported once at least 4 bytes followed
    // its header; fewer than that after the last whole chunk is not a chunk at all.
    if (!this.ended && this.inChunk && this.length + 4 - this.remaining >= 4) {
      this.result.warnings.push(formatImportWarning('png-cut-short'));
    }
    return this.result;
  }

  private startChunk(): void {
    this.length = this.header.readUInt32BE(0);
    this.type = this.header.toString('latin1', 4, 8);
    this.headerFill = 0;
    this.inChunk = true;
    this.remaining = this.length + 4;
    const kept = WANTED.has(this.type) && this.length <= MAX_METADATA_CHUNK;
    this.data = kept ? Buffer.allocUnsafe(this.length) : null;
    this.dataFill = 0;
  }

  private endChunk(): void {
    this.inChunk = false;
    if (this.type === 'IEND') {
      this.ended = true;
      return;
    }
    if (!WANTED.has(this.type)) return;
    if (this.data === null) {
      this.result.warnings.push(formatImportWarning('png-chunk-too-large', { chunk: this.type }));
      return;
    }
    readChunk(this.type, this.data, this.result);
    this.data = null;
  }
}

function readChunk(type: string, data: Buffer, into: PngChunks): void {
  try {
    switch (type) {
      case 'IHDR':
        if (data.length >= 8) {
          into.width = data.readUInt32BE(0);
          into.height = data.readUInt32BE(4);
        }
        return;
      case 'tIME':
        into.modified ??= readTimeChunk(data);
        return;
      case 'eXIf':
        into.exif ??= data;
        return;
      case 'tEXt':
        addText(into, splitLatin1Text(data));
        return;
      case 'zTXt':
        addText(into, splitCompressedText(data));
        return;
      case 'iTXt':
        addText(into, splitInternationalText(data));
        return;
    }
  } catch {
    into.warnings.push(formatImportWarning('png-chunk-damaged', { chunk: type }));
  }
}

function addText(into: PngChunks, entry: [string, string] | null): void {
  if (!entry) return;
  const [keyword, value] = entry;
  if (keyword === 'XML:com.adobe.xmp') {
    into.xmp ??= value;
    return;
  }
  if (Object.keys(into.text).length >= MAX_TEXT_ENTRIES || keyword in into.text) return;
  into.text[keyword] = value;
}

function readTimeChunk(data: Buffer): string | null {
  if (data.length < 7) return null;
  const year = data.readUInt16BE(0);
  const [month, day, hour, minute, second] = [data[2], data[3], data[4], data[5], data[6]];
  if (
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    return null;
  }
  // The spec allows second 60 for leap seconds; Date cannot hold one, so it becomes :59.
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const date = new Date(ms);
  const valid =
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60;
  return valid ? date.toISOString() : null;
}

function indexOfNul(data: Buffer, from = 0): number {
  const at = data.indexOf(0, from);
  if (at < 0) throw new Error('missing separator');
  return at;
}

function splitLatin1Text(data: Buffer): [string, string] {
  const end = indexOfNul(data);
  return [data.toString('latin1', 0, end), data.toString('latin1', end + 1)];
}

function inflateCapped(data: Buffer): Buffer {
  return inflateSync(data, { maxOutputLength: MAX_INFLATED });
}

function splitCompressedText(data: Buffer): [string, string] | null {
  const end = indexOfNul(data);
  if (data[end + 1] !== 0) return null;
  return [
    data.toString('latin1', 0, end),
    inflateCapped(data.subarray(end + 2)).toString('latin1'),
  ];
}

function splitInternationalText(data: Buffer): [string, string] | null {
  const keywordEnd = indexOfNul(data);
  const compressed = data[keywordEnd + 1] === 1;
  if (compressed && data[keywordEnd + 2] !== 0) return null;
  const languageEnd = indexOfNul(data, keywordEnd + 3);
  const translatedEnd = indexOfNul(data, languageEnd + 1);
  const body = data.subarray(translatedEnd + 1);
  const text = (compressed ? inflateCapped(body) : body).toString('utf8');
  return [data.toString('latin1', 0, keywordEnd), text];
}
