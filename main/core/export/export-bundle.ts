// Writes a case as a signed BagIt 1.0 bag inside one .zip (or several, each a complete bag), for
// a lawyer, the police or the ombudsman to open and check without Sakshya.
//
// Every evidence file is streamed: decrypted from the vault, hashed (SHA-256 re-checked against
// the import, plus MD5/SHA-1 when asked for) and zipped in one pass, so memory stays bounded
// whatever the case's size. Only previews and documents are held in memory. The zip is written to
// '<out>.partial-<random>' beside the destination, fsynced and renamed, so a failure (full disk,
// no permission, cancel) leaves nothing behind.
import { createHash, randomBytes, randomUUID, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { SakshyaError } from '../../../shared/errors';
import { fsyncDirectory, isErrnoException } from '../fs/atomic-write';
import { type SigningKey } from '../keys/signing-key';
import { loadOrCreateSigningKey } from '../keys/signing-key-store';
import { openBlob } from '../vault/blob-store';
import type { Vault } from '../vault/vault';
import {
  BAGIT_TXT,
  baggingDate,
  formatBagInfo,
  formatCustodyLog,
  formatManifest,
  formatManifestJson,
  formatReadme,
  formatStepsCsv,
  formatTimelineCsv,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  type HashedFile,
} from './bag-files';
import { buildExportModel, isAboutCase, type SourcedItem } from './build-model';
import { renderIndexHtml } from './documents/index-html';
import { startRenderingDocuments } from './documents/render-documents';
import type { DeviceDetails, ExportModel, HashAlgorithm } from './export-model';
import manifestSchema from './manifest.schema.json';
import { formatTopFolder } from './safe-name';

export interface ExportProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ExportOptions {
  caseId: string;
  /** Absolute path of the .zip to write. With splitMb, parts are '<name>-part1-of-3.zip' … beside it. */
  outFile: string;
  /** A selection of evidence ids; default: the whole case. */
  evidenceIds?: string[];
  /** Include the original chat exports (default true). */
  includeChats?: boolean;
  /** Extra manifests besides sha256. */
  extraHashes?: ('md5' | 'sha1')[];
  splitMb?: number;
  device?: DeviceDetails;
  /** She asked for a new signing key because the vault's key file is gone (signing-key-store.ts). */
  newSigningKey?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Tests only: opens the output stream of a part (e.g. one that fails like a full disk). */
  openOutput?: (file: string) => Writable;
}

export interface ExportResult {
  bundleId: string;
  /** Each written zip (one unless split): absolute path, SHA-256 of the whole zip file, size. */
  files: { path: string; sha256: string; size: number }[];
  itemCount: number;
  signingKeyFingerprint: string;
  /** Plain sentences, e.g. an item too large for the chosen part size went alone in its part. */
  warnings?: string[];
}

const MiB = 1024 * 1024;
/** Media that is already compressed: deflating it again costs time and saves nothing. */
const STORED_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/webp',
  'image/gif',
  'image/avif',
  'application/zip',
  'application/x-zip-compressed',
  'application/pdf',
  'application/gzip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);
/** Zip64 is needed past 4 GiB or 65,535 entries; switched on with a margin. */
const ZIP64_BYTES = 3.5 * 1024 * MiB;
const ZIP64_ENTRIES = 60_000;
/** Room kept in each part for the documents, previews and tag files (grows if a part overflows). */
const PART_BASE_OVERHEAD = 2 * MiB;
const ITEM_OVERHEAD = 8 * 1024;
const PROGRESS_STEP = 4 * MiB;
/** Below this many items the documents take less time than a worker thread takes to start. */
export const DOCUMENT_WORKER_MIN_ITEMS = 200;

/** Extensions of compressed formats, for files recorded without a sniffed type (e.g. `sakshya add`). */
const STORED_EXTENSIONS =
  /\.(jpe?g|png|heic|heif|webp|gif|avif|mp4|m4v|mov|3gp|mkv|webm|mp3|m4a|aac|ogg|opus|amr|zip|pdf|docx|xlsx|gz|7z)$/i;

export function isStoredMediaType(mediaType: string, name = ''): boolean {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (base === 'application/octet-stream' || base === '') return STORED_EXTENSIONS.test(name);
  return (
    STORED_TYPES.has(base) ||
    base.startsWith('video/') ||
    (base.startsWith('audio/') && base !== 'audio/wav' && base !== 'audio/x-wav')
  );
}

export async function exportCase(vault: Vault, options: ExportOptions): Promise<ExportResult> {
  const outFile = path.resolve(options.outFile);
  const dir = path.dirname(outFile);
  checkDestination(dir, options);
  const key = loadOrCreateSigningKey(vault, { newKey: options.newSigningKey === true });
  const built = await buildExportModel(vault, {
    caseId: options.caseId,
    evidenceIds: options.evidenceIds,
    includeChats: options.includeChats,
    extraHashes: options.extraHashes,
    device: options.device,
    bundleId: randomUUID(),
    signingKeyFingerprint: key.fingerprint,
  });
  // The chain as it stands now; the export's own entry comes after the bundle is safely written.
  const chain = vault.custody();
  const temps: string[] = [];
  const warnings: string[] = [];
  try {
    const limit = options.splitMb === undefined ? Infinity : options.splitMb * MiB;
    let written: WrittenPart[] = [];
    for (let factor = 1; ; factor *= 2) {
      const parts = planParts(built.sources, limit, factor);
      const context: WriteContext = {
        vault,
        key,
        model: built.model,
        chain,
        options,
        progress: startProgress(parts, options),
      };
      written = [];
      for (const [index, sources] of parts.entries()) {
        const temp = `${partName(outFile, index + 1, parts.length)}.partial-${randomBytes(6).toString('hex')}`;
        temps.push(temp);
        written.push({
          ...(await writePart(context, sources, index + 1, parts.length, temp)),
          sources,
        });
      }
      const overflow = written.some((w) => w.size > limit && w.sources.length > 1);
      if (!overflow || factor >= 16) break;
      // The estimate of the documents' size was too low: make fewer items per part and write again.
      for (const temp of temps.splice(0)) fs.rmSync(temp, { force: true });
    }
    for (const w of written) {
      if (w.size > limit && w.sources.length === 1) {
        const item = w.sources[0]?.item;
        warnings.push(
          `Item ${String(item?.number)} (${item?.originalName ?? ''}) is larger than ${String(options.splitMb)} MB, so its part is larger than asked.`,
        );
      }
    }
    throwIfAborted(options.signal);
    const files = written.map((w, index) => ({
      path: partName(outFile, index + 1, written.length),
      sha256: w.sha256,
      size: w.size,
    }));
    for (const [index, w] of written.entries()) {
      const final = files[index]?.path ?? outFile;
      fs.renameSync(w.temp, final);
      // From here this part is the final file; a later failure removes it too (no half bundle).
      temps[temps.indexOf(w.temp)] = final;
    }
    fsyncDirectory(dir);
    vault.record('export', `case:${options.caseId}`, {
      bundleId: built.model.bundleId,
      zipSha256: files.map((f) => f.sha256),
      files: files.map((f) => path.basename(f.path)),
      itemCount: built.model.items.length,
      signingKeyFingerprint: key.fingerprint,
    });
    return {
      bundleId: built.model.bundleId,
      files,
      itemCount: built.model.items.length,
      signingKeyFingerprint: key.fingerprint,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (error) {
    for (const temp of temps) fs.rmSync(temp, { force: true });
    throw translateExportError(error, options.signal);
  }
}

/** '<dir>/<name>.zip', or '<dir>/<name>-part2-of-3.zip' for a part of a split bundle. */
export function partName(outFile: string, index: number, count: number): string {
  if (count === 1) return outFile;
  const ext = path.extname(outFile);
  const stem = outFile.slice(0, outFile.length - ext.length);
  return `${stem}-part${String(index)}-of-${String(count)}${ext === '' ? '.zip' : ext}`;
}

function checkDestination(dir: string, options: ExportOptions): void {
  if (options.splitMb !== undefined && (!Number.isFinite(options.splitMb) || options.splitMb < 1)) {
    throw new SakshyaError('INVALID_INPUT', 'the part size must be at least 1 MB');
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new SakshyaError('NOT_WRITABLE', `the folder ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new SakshyaError('NOT_WRITABLE', `${dir} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new SakshyaError('NOT_WRITABLE', `cannot write in ${dir}`, { cause: error });
  }
}

/** Greedy, in timeline order: each part takes items while its estimated size stays within `limit`. */
export function planParts(
  sources: readonly SourcedItem[],
  limit: number,
  factor = 1,
): SourcedItem[][] {
  if (!Number.isFinite(limit)) return [[...sources]];
  const base = PART_BASE_OVERHEAD * factor;
  const parts: SourcedItem[][] = [];
  let current: SourcedItem[] = [];
  let used = base;
  for (const source of sources) {
    const cost =
      source.item.size +
      (source.item.thumbnailJpeg?.length ?? 0) * 4 * factor +
      ITEM_OVERHEAD * factor;
    if (current.length > 0 && used + cost > limit) {
      parts.push(current);
      current = [];
      used = base;
    }
    current.push(source);
    used += cost;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

interface WriteContext {
  vault: Vault;
  key: SigningKey;
  model: ExportModel;
  chain: ReturnType<Vault['custody']>;
  options: ExportOptions;
  progress: ProgressTracker;
}

interface WrittenPart {
  temp: string;
  sha256: string;
  size: number;
  sources: SourcedItem[];
}

async function writePart(
  context: WriteContext,
  sources: SourcedItem[],
  index: number,
  count: number,
  temp: string,
): Promise<Omit<WrittenPart, 'sources'>> {
  const { vault, options } = context;
  const itemIds = new Set(sources.map((s) => s.item.id));
  const model: ExportModel = {
    ...context.model,
    items: sources.map((s) => s.item),
    custody: context.model.custody.filter((entry) =>
      entry.subject.startsWith('evidence:') ? itemIds.has(entry.subject.slice(9)) : true,
    ),
    part: { index, count },
  };
  const algorithms = model.hashAlgorithms;
  const date = new Date(model.generatedAt);
  const top = formatTopFolder(model.case.title, baggingDate(model), { index, count });
  const estimate = sources.reduce((n, s) => n + s.item.size, 0) + PART_BASE_OVERHEAD;
  const archive = new ZipArchive({
    forceZip64: estimate > ZIP64_BYTES || sources.length * 2 + 20 > ZIP64_ENTRIES,
    zlib: { level: 6 },
  });
  const zipHash = createHash('sha256');
  let zipSize = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      zipHash.update(chunk);
      zipSize += chunk.length;
      callback(null, chunk);
    },
  });
  const output = (options.openOutput ?? openDefaultOutput)(temp);
  const written = pipeline(archive, tap, output);
  let onAbort: (() => void) | undefined;
  const failure = new Promise<never>((_resolve, reject) => {
    archive.on('error', reject);
    written.catch(reject);
    onAbort = () => {
      reject(new SakshyaError('CANCELLED', 'the export was cancelled'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  // Nothing may go unhandled while the work below races it.
  failure.catch(() => undefined);
  const payload: HashedFile[] = [];

  const addBuffer = async (bagPath: string, data: Buffer, store: boolean): Promise<HashedFile> => {
    const file: HashedFile = {
      path: bagPath,
      size: data.length,
      hashes: hashBuffer(data, algorithms),
    };
    const entered = waitForEntry(archive);
    archive.append(data, { name: `${top}/${bagPath}`, date, store });
    await Promise.race([entered, failure]);
    return file;
  };

  // With SHA-256 alone, all the documents show is known before the evidence streams: render them
  // meanwhile in a worker thread. Small cases render in this thread; a worker costs more to start.
  const early =
    algorithms.length === 1 && sources.length >= DOCUMENT_WORKER_MIN_ITEMS
      ? startRenderingDocuments({
          model,
          manifestSha256: createHash('sha256').update(formatManifestJson(model)).digest('hex'),
        })
      : null;
  try {
    throwIfAborted(options.signal);
    for (const source of sources) {
      const { item } = source;
      const tapper = new HashingTap(algorithms, (n) => {
        context.progress.addBytes(n);
      });
      const plain = openBlob(vault.layout, source.blobName, vault.identity);
      plain.on('error', (error) => tapper.destroy(error));
      plain.pipe(tapper);
      const entered = waitForEntry(archive);
      archive.append(tapper, {
        name: `${top}/${item.bagPath}`,
        date,
        store: isStoredMediaType(item.mediaType, item.originalName),
      });
      try {
        await Promise.race([entered, failure]);
      } finally {
        plain.destroy();
      }
      const digests = tapper.digests();
      if (digests.sha256 !== item.hashes.sha256 || tapper.size !== item.size) {
        throw new SakshyaError(
          'INTEGRITY_FAILURE',
          `item ${String(item.number)} no longer matches the hash recorded when it was imported; run a vault check`,
        );
      }
      // Filled in on the shared item, so the documents of every later step see them.
      if (digests.md5 !== undefined) item.hashes.md5 = digests.md5;
      if (digests.sha1 !== undefined) item.hashes.sha1 = digests.sha1;
      payload.push({ path: item.bagPath, size: item.size, hashes: digests });
      context.progress.finishItem();
    }
    for (const item of model.items) {
      if (item.thumbnailJpeg !== null && item.thumbnailBagPath !== null) {
        payload.push(await addBuffer(item.thumbnailBagPath, item.thumbnailJpeg, true));
      }
    }
    const manifestJson = Buffer.from(formatManifestJson(model), 'utf8');
    payload.push(await addBuffer('data/manifest.json', manifestJson, false));
    payload.push(
      await addBuffer(
        'data/manifest.schema.json',
        Buffer.from(`${JSON.stringify(manifestSchema, null, 2)}\n`, 'utf8'),
        false,
      ),
    );
    payload.push(
      await addBuffer('data/timeline.csv', Buffer.from(formatTimelineCsv(model), 'utf8'), false),
    );
    payload.push(
      await addBuffer('data/steps.csv', Buffer.from(formatStepsCsv(model), 'utf8'), false),
    );
    const custodyLog = formatCustodyLog(context.chain, (entry) =>
      isAboutCase(entry, model.case.id, itemIds),
    );
    payload.push(await addBuffer('data/custody-log.jsonl', Buffer.from(custodyLog, 'utf8'), false));
    payload.push(
      await addBuffer('data/index.html', Buffer.from(renderIndexHtml(model), 'utf8'), false),
    );
    const manifestSha256 = createHash('sha256').update(manifestJson).digest('hex');
    const documents = await (
      early ?? startRenderingDocuments({ model, manifestSha256 }, null)
    ).take();
    payload.push(
      await addBuffer('data/certificate-section63-draft.pdf', documents.certificatePdf, true),
    );
    payload.push(
      await addBuffer('data/certificate-section63-draft.docx', documents.certificateDocx, true),
    );
    payload.push(await addBuffer('data/report.pdf', documents.reportPdf, true));

    const tags: HashedFile[] = [];
    tags.push(await addBuffer('bagit.txt', Buffer.from(BAGIT_TXT, 'utf8'), false));
    tags.push(
      await addBuffer('bag-info.txt', Buffer.from(formatBagInfo(model, payload), 'utf8'), false),
    );
    for (const algorithm of algorithms) {
      tags.push(
        await addBuffer(
          `manifest-${algorithm}.txt`,
          Buffer.from(formatManifest(payload, algorithm), 'utf8'),
          false,
        ),
      );
    }
    tags.push(
      await addBuffer(
        'README.txt',
        Buffer.from(formatReadme(model, top, context.key.publicKeyLine), 'utf8'),
        false,
      ),
    );
    tags.push(
      await addBuffer(
        PUBLIC_KEY_FILE,
        Buffer.from(`${context.key.publicKeyLine}\n`, 'utf8'),
        false,
      ),
    );
    let tagManifestSha256: Buffer | undefined;
    for (const algorithm of algorithms) {
      const text = Buffer.from(formatManifest(tags, algorithm), 'utf8');
      if (algorithm === 'sha256') tagManifestSha256 = text;
      await addBuffer(`tagmanifest-${algorithm}.txt`, text, false);
    }
    if (tagManifestSha256 === undefined)
      throw new SakshyaError('INTERNAL', 'no SHA-256 tag manifest');
    await addBuffer(
      SIGNATURE_FILE,
      Buffer.from(context.key.sign(tagManifestSha256), 'utf8'),
      false,
    );

    await Promise.race([archive.finalize(), failure]);
    await Promise.race([written, failure]);
    fsyncFile(temp);
  } catch (error) {
    early?.cancel();
    archive.abort();
    output.destroy();
    await written.catch(() => undefined);
    throw error;
  } finally {
    if (onAbort !== undefined) options.signal?.removeEventListener('abort', onAbort);
  }
  return { temp, sha256: zipHash.digest('hex'), size: zipSize };
}

function openDefaultOutput(file: string): Writable {
  return fs.createWriteStream(file, { flags: 'wx', mode: 0o600, highWaterMark: MiB });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function waitForEntry(archive: ZipArchive): Promise<void> {
  return new Promise((resolve) =>
    archive.once('entry', () => {
      resolve();
    }),
  );
}

function hashBuffer(
  data: Buffer,
  algorithms: readonly HashAlgorithm[],
): Partial<Record<HashAlgorithm, string>> {
  const out: Partial<Record<HashAlgorithm, string>> = {};
  for (const algorithm of algorithms)
    out[algorithm] = createHash(algorithm).update(data).digest('hex');
  return out;
}

/** Passes bytes through unchanged while hashing them with every requested algorithm. */
class HashingTap extends Transform {
  size = 0;
  private readonly hashes: [HashAlgorithm, Hash][];

  constructor(
    algorithms: readonly HashAlgorithm[],
    private readonly onBytes: (n: number) => void,
  ) {
    super({ highWaterMark: MiB });
    this.hashes = algorithms.map((a) => [a, createHash(a)]);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const [, hash] of this.hashes) hash.update(chunk);
    this.size += chunk.length;
    this.onBytes(chunk.length);
    callback(null, chunk);
  }

  digests(): Partial<Record<HashAlgorithm, string>> {
    const out: Partial<Record<HashAlgorithm, string>> = {};
    for (const [algorithm, hash] of this.hashes) out[algorithm] = hash.digest('hex');
    return out;
  }
}

interface ProgressTracker {
  addBytes: (n: number) => void;
  finishItem: () => void;
}

function startProgress(parts: readonly SourcedItem[][], options: ExportOptions): ProgressTracker {
  const all = parts.flat();
  const state: ExportProgress = {
    done: 0,
    total: all.length,
    bytesDone: 0,
    bytesTotal: all.reduce((n, s) => n + s.item.size, 0),
  };
  let lastReported = 0;
  const report = (): void => {
    lastReported = state.bytesDone;
    options.onProgress?.({ ...state });
  };
  report();
  return {
    addBytes: (n) => {
      state.bytesDone += n;
      if (state.bytesDone - lastReported >= PROGRESS_STEP) report();
    },
    finishItem: () => {
      state.done += 1;
      report();
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new SakshyaError('CANCELLED', 'the export was cancelled');
}

export function translateExportError(error: unknown, signal?: AbortSignal): unknown {
  if (error instanceof SakshyaError) return error;
  if (signal?.aborted === true)
    return new SakshyaError('CANCELLED', 'the export was cancelled', { cause: error });
  if (isErrnoException(error)) {
    switch (error.code) {
      case 'ENOSPC':
      case 'EDQUOT':
        return new SakshyaError('DISK_FULL', 'the destination ran out of space', { cause: error });
      case 'EFBIG':
        return new SakshyaError(
          'DISK_FULL',
          'the bundle is too large for this drive (FAT32 drives hold at most 4 GB per file); split it into parts',
          { cause: error },
        );
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
      case 'ENOENT':
      case 'EISDIR':
      case 'ENOTDIR':
        return new SakshyaError('NOT_WRITABLE', `cannot write there (${error.code})`, {
          cause: error,
        });
      default:
        break;
    }
  }
  return error;
}
