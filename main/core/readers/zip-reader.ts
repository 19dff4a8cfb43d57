// Reads a zip (typically a WhatsApp "Export chat" with media) entry by entry, refusing anything
// that could write outside a folder, hide behind a link, need a password or blow up in size.
// The whole central directory is checked before the first entry is handed over, so a refused zip
// delivers nothing. While streaming, the bytes actually inflated are counted again and the CRC-32
// is checked, since the directory's sizes are only the zip's own claim.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SakshyaError } from '../../../shared/errors';

export interface ZipLimits {
  /** Total uncompressed bytes across all entries; default 4 GiB. */
  maxTotalBytes?: number;
  /** Entries in the central directory, folders included; default 20 000. */
  maxEntries?: number;
  /** Uncompressed size divided by compressed size, per entry; default 200. */
  maxRatio?: number;
}

export interface ZipEntryStream {
  /** The entry's path inside the zip, '/'-separated, already checked to stay inside the zip. */
  name: string;
  /** Uncompressed size from the central directory (the stream is held to it). */
  size: number;
  /** The entry's bytes. Errors with a SakshyaError if a limit is crossed mid-stream. */
  stream: Readable;
}

export interface ZipReadSummary {
  /** File entries handed to `onEntry` (folders are skipped). */
  entries: number;
  /** Uncompressed bytes actually streamed. */
  totalBytes: number;
}

const DEFAULTS = { maxTotalBytes: 4 * 1024 ** 3, maxEntries: 20_000, maxRatio: 200 };
// Small entries cannot exhaust anything, and short text compresses far past any sane ratio, so the
// ratio is only enforced once an entry is larger than this.
const RATIO_FLOOR = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const FLAG_ENCRYPTED = 0x1;
const FLAG_STRONG_ENCRYPTION = 0x40;

interface CheckedEntry {
  entry: Entry;
  name: string;
}

const PASSWORD_PROTECTED =
  'it is password-protected; export it again without a password, or unzip it first';

/** A zip the reader will not open; `encrypted` lets the import say "password" without parsing words. */
export class ZipRefusal extends SakshyaError {
  readonly encrypted: boolean;
  constructor(reason: string, encrypted: boolean, cause?: unknown) {
    super('INVALID_INPUT', `This zip was refused: ${reason}.`, { cause });
    this.encrypted = encrypted;
  }
}

function refuse(reason: string, cause?: unknown): ZipRefusal {
  return new ZipRefusal(reason, false, cause);
}

function refuseEncrypted(cause?: unknown): ZipRefusal {
  return new ZipRefusal(PASSWORD_PROTECTED, true, cause);
}

/**
 * Calls `onEntry` for each file in the zip, one at a time, waiting for it to finish before the next.
 * `onEntry` should consume the stream; whatever it leaves unread is discarded. If a limit is crossed
 * while streaming, the stream errors and this function rejects with that error, so a consumer that
 * wrote partial output must remove it.
 */
export async function readZipSafely(
  file: string,
  limits: ZipLimits | undefined,
  onEntry: (entry: ZipEntryStream) => Promise<void>,
): Promise<ZipReadSummary> {
  const caps = { ...DEFAULTS, ...limits };
  const zip = await openZip(file);
  try {
    if (zip.entryCount > caps.maxEntries) refuseTooManyEntries(caps.maxEntries);
    const files = await checkCentralDirectory(zip, caps);
    const budget = { totalBytes: 0 };
    for (const { entry, name } of files) {
      await deliverEntry(zip, entry, name, caps, budget, onEntry);
    }
    return { entries: files.length, totalBytes: budget.totalBytes };
  } finally {
    zip.close();
  }
}

async function openZip(file: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      // Names are decoded and checked below, so the refusal can say why in plain words.
      decodeStrings: false,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch (cause) {
    const code = readErrorCode(cause);
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EPERM') {
      throw new SakshyaError('FILE_UNREADABLE', undefined, { cause });
    }
    throw refuse('it is not a zip file, or it is damaged', cause);
  }
}

function readErrorCode(cause: unknown): unknown {
  return typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
}

function refuseTooManyEntries(max: number): never {
  throw refuse(`it holds more than ${max} entries`);
}

async function checkCentralDirectory(zip: ZipFile, caps: typeof DEFAULTS): Promise<CheckedEntry[]> {
  const files: CheckedEntry[] = [];
  const seen = new Set<string>();
  let count = 0;
  let declaredTotal = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      count += 1;
      if (count > caps.maxEntries) refuseTooManyEntries(caps.maxEntries);
      const flags = entry.generalPurposeBitFlag;
      if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0) throw refuseEncrypted();
      const name = yauzl.getFileNameLowLevel(flags, entry.fileNameRaw, entry.extraFields, true);
      const problem = findNameProblem(name);
      if (problem) throw refuse(problem);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw refuse('it contains a symbolic link, which could point anywhere on this computer');
      }
      const key = name.normalize('NFC').toLowerCase().replace(/\/+$/, '');
      if (seen.has(key)) throw refuse('two entries have the same name');
      seen.add(key);
      if (name.endsWith('/')) continue;
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw refuse('it uses a compression method Sakshya cannot read');
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > caps.maxTotalBytes)
        throw refuse('it would unpack to more data than allowed');
      if (exceedsRatio(entry.uncompressedSize, entry.compressedSize, caps.maxRatio)) {
        throw refuse('one of its files expands far more than real files do (a "zip bomb")');
      }
      files.push({ entry, name });
    }
  } catch (cause) {
    throw asZipError(cause);
  }
  return files;
}

/** A plain reason when `name` could escape the folder it is unpacked into; null when it is safe. */
export function findNameProblem(name: string): string | null {
  if (name === '' || name === '/') return 'an entry has no name';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a file name contains control characters';
  if (name.includes('\\'))
    return 'a file name contains a backslash, which Windows reads as a folder separator';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'a file name is an absolute path';
  if (name.split('/').includes('..')) return 'a file name climbs out of its folder with ".."';
  return null;
}

function exceedsRatio(uncompressed: number, compressed: number, maxRatio: number): boolean {
  return uncompressed > RATIO_FLOOR && uncompressed / Math.max(compressed, 1) > maxRatio;
}

function asZipError(cause: unknown): SakshyaError {
  if (cause instanceof SakshyaError) return cause;
  const message = cause instanceof Error ? cause.message : '';
  if (/encrypt/i.test(message)) return refuseEncrypted(cause);
  return refuse('part of it is damaged', cause);
}

async function deliverEntry(
  zip: ZipFile,
  entry: Entry,
  name: string,
  caps: typeof DEFAULTS,
  budget: { totalBytes: number },
  onEntry: (entry: ZipEntryStream) => Promise<void>,
): Promise<void> {
  let source: Readable;
  try {
    source = await zip.openReadStreamPromise(entry);
  } catch (cause) {
    throw asZipError(cause);
  }
  // Set from stream callbacks, so kept in an object the compiler does not narrow away.
  const state: { failure: SakshyaError | null } = { failure: null };
  const guard = new EntryGuard(entry, caps, budget, (error) => {
    state.failure ??= error;
  });
  source.on('error', (cause) => guard.destroy(guard.fail(asZipError(cause))));
  source.pipe(guard);
  try {
    await onEntry({ name, size: entry.uncompressedSize, stream: guard });
  } catch (cause) {
    throw state.failure ?? cause;
  } finally {
    if (!guard.readableEnded) {
      source.unpipe(guard);
      source.destroy();
      guard.destroy();
    }
  }
  if (state.failure) throw state.failure;
}

/** Counts the bytes that really come out of the inflater and checks them against the limits and the CRC. */
class EntryGuard extends Transform {
  private entryBytes = 0;
  private crc = 0;

  constructor(
    private readonly entry: Entry,
    private readonly caps: typeof DEFAULTS,
    private readonly budget: { totalBytes: number },
    private readonly onFailure: (error: SakshyaError) => void,
  ) {
    super();
  }

  fail(error: SakshyaError): SakshyaError {
    this.onFailure(error);
    return error;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.entryBytes += chunk.length;
    this.budget.totalBytes += chunk.length;
    if (this.entryBytes > this.entry.uncompressedSize) {
      callback(this.fail(refuse('one of its files is larger than the zip says')));
      return;
    }
    if (this.budget.totalBytes > this.caps.maxTotalBytes) {
      callback(this.fail(refuse('it would unpack to more data than allowed')));
      return;
    }
    if (exceedsRatio(this.entryBytes, this.entry.compressedSize, this.caps.maxRatio)) {
      callback(
        this.fail(refuse('one of its files expands far more than real files do (a "zip bomb")')),
      );
      return;
    }
    this.crc = crc32(chunk, this.crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.entryBytes !== this.entry.uncompressedSize || this.crc !== this.entry.crc32) {
      callback(this.fail(refuse('one of its files is damaged (its checksum does not match)')));
      return;
    }
    callback();
  }
}
