// What a file really is, judged from its content and never from its name: a harasser's "photo.jpg"
// may be anything. file-type knows binary formats by their magic bytes; plain text has none, so
// it is recognised by its first bytes decoding as UTF-8 (or UTF-16 with a BOM) with no NULs.
import fs from 'node:fs/promises';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { SakshyaError } from '../../../shared/errors';

export interface SniffedMediaType {
  /** MIME type, e.g. 'image/jpeg', 'text/plain', 'application/octet-stream'. */
  mediaType: string;
  /** The extension that fits the content, without a dot; null when unknown. */
  extension: string | null;
  /** False when the content matched nothing we know, so `mediaType` is the octet-stream fallback. */
  sniffed: boolean;
}

const TEXT_PROBE_BYTES = 64 * 1024;
/**
 * Pictures whose type the first bytes settle, so the head already read is enough. Anything else
 * (zip-based documents, TIFF-based raw photos, tagged audio) may need file-type to look further
 * into the file. Reading each screenshot a second time cost an import ~0.2 ms a file.
 */
const DECIDED_BY_HEAD: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/apng',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/bmp',
]);
const TEXT: SniffedMediaType = { mediaType: 'text/plain', extension: 'txt', sniffed: true };
const UNKNOWN: SniffedMediaType = {
  mediaType: 'application/octet-stream',
  extension: null,
  sniffed: false,
};

/**
 * `file`: a path, or the bytes themselves when they have no plaintext file (a zip entry, a pasted
 * picture). `head`: the first 64 KiB when the caller has them already (the import's StreamProbe).
 */
export async function sniffMediaType(
  file: string | Buffer,
  head?: Buffer,
): Promise<SniffedMediaType> {
  try {
    head ??=
      typeof file === 'string'
        ? await readHead(file, TEXT_PROBE_BYTES)
        : file.subarray(0, TEXT_PROBE_BYTES);
    // A UTF-16 byte-order mark looks like an MPEG audio frame header to file-type, so it goes first.
    if (findUtf16Encoding(head) && looksLikeText(head)) return TEXT;
    const fromHead = await fileTypeFromBuffer(head);
    const detected =
      fromHead !== undefined && DECIDED_BY_HEAD.has(fromHead.mime)
        ? fromHead
        : typeof file === 'string'
          ? await fileTypeFromFile(file)
          : await fileTypeFromBuffer(file);
    if (detected) return { mediaType: detected.mime, extension: detected.ext, sniffed: true };
    return looksLikeText(head) ? TEXT : UNKNOWN;
  } catch (cause) {
    throw new SakshyaError('FILE_UNREADABLE', undefined, { cause });
  }
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function findUtf16Encoding(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * True for non-empty UTF-8 without NULs, or UTF-16 that starts with a byte-order mark and holds no
 * control characters other than tab and line breaks (binary data decodes to plenty of those).
 */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  const utf16 = findUtf16Encoding(head);
  try {
    // stream: true lets the probe end in the middle of a character.
    const text = new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(head, { stream: true });
    // eslint-disable-next-line no-control-regex -- control characters are what betray binary data
    return utf16 ? !/[\u0000-\u0008\u000b\u000e-\u001f]/.test(text) : !text.includes('\0');
  } catch {
    return false;
  }
}
