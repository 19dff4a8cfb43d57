// Where everything is inside a backup folder, and how its two kinds of small JSON files read.
//
//   <chosen folder>/<vault id>/backup.json          which vault, which format (public, written once)
//   <chosen folder>/<vault id>/generations/NNNNNNNN.json   one manifest per generation (see below)
//   <chosen folder>/<vault id>/objects/ab/<sha256>  every file, named by the SHA-256 of its bytes
//   <chosen folder>/<vault id>/tmp/                 partial copies and the lock of a running backup
//
// Objects are the vault's own files copied as they are (age ciphertext, key files, sidecars) and an
// encrypted database snapshot, so their names (hashes of ciphertext) reveal nothing, and a file
// that is already there is never copied or written again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonical-json';
import { SakshyaError } from '../../../shared/errors';
import { isErrnoException } from '../fs/atomic-write';
import { macWithSubkey, verifySubkeyMac, type SubkeySource } from '../keys/subkeys';

export const BACKUP_FORMAT = 'sakshya-backup';
export const GENERATION_FORMAT = 'sakshya-backup-generation';
/**
 * 2: entries may carry a `stamp`. 3: entries carry `objectStamp`, the backup object's own stamp as
 * this backup wrote or checked it. 4: a manifest carries `backupId` (an app of format 3 would call
 * such a manifest damaged, so the number says "newer" to it instead). Versions 1 to 3 are read as
 * they are.
 */
export const BACKUP_FORMAT_VERSION = 4;
export const MARKER_NAME = 'backup.json';

const SHA256 = /^[0-9a-f]{64}$/;
/** size:mtime ns:ctime ns:inode (vault-files.ts stampOf). */
const STAMP = /^\d{1,20}:\d{1,30}:\d{1,30}:\d{1,30}$/;
const VAULT_ID = /^[0-9a-f]{32}$/;
const BACKUP_ID = /^[0-9a-f]{32}$/;
const GENERATION_FILE = /^(\d{8})\.json$/;
/** The highest number a generation file's eight digits can hold. */
const MAX_GENERATION_SEQ = 99_999_999;

/** The vault files a generation must hold to be restorable at all. */
export const ESSENTIAL_PATHS = [
  'vault.json',
  'keys/passphrase.age',
  'keys/recovery.age',
  'sakshya.db',
] as const;
/** The wrapped keys: replaced in every kept generation when the passphrase or recovery key changes. */
export const WRAPPED_KEY_PATHS = ['keys/passphrase.age', 'keys/recovery.age'] as const;

export interface BackupLayout {
  /** `<chosen>/<vault id>`. */
  root: string;
  marker: string;
  generations: string;
  objects: string;
  temp: string;
  lock: string;
}

export function describeBackupLayout(root: string): BackupLayout {
  return {
    root,
    marker: path.join(root, MARKER_NAME),
    generations: path.join(root, 'generations'),
    objects: path.join(root, 'objects'),
    temp: path.join(root, 'tmp'),
    lock: path.join(root, 'tmp', 'lock'),
  };
}

/** A vault's id: public (from its public recipient), stable, and the name of its subfolder. */
export function vaultIdFor(recipient: string): string {
  return crypto
    .createHash('sha256')
    .update(`sakshya vault id v1\n${recipient}`)
    .digest('hex')
    .slice(0, 32);
}

/** A new backup's id (format 4): random, so it says nothing about her or her vault. */
export function newBackupId(): string {
  return crypto.randomBytes(16).toString('hex');
}

export function isVaultId(name: string): boolean {
  return VAULT_ID.test(name);
}

export function isObjectName(name: string): boolean {
  return SHA256.test(name);
}

export function objectFile(layout: BackupLayout, sha256: string): string {
  return path.join(layout.objects, sha256.slice(0, 2), sha256);
}

/** `objects/ab/<sha256>`: how findings name an object, relative to the vault's backup folder. */
export function objectLabel(sha256: string): string {
  return `objects/${sha256.slice(0, 2)}/${sha256}`;
}

/**
 * True when an object is a plain file, checked without following or opening it. A backup writes
 * nothing else; a link to /dev/zero would be read for ever and a named pipe blocks its reader
 * before the first byte, so anything else is named, never read.
 */
export function objectIsPlainFile(file: string): boolean | null {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return null;
  }
}

export function generationFile(layout: BackupLayout, seq: number): string {
  return path.join(layout.generations, `${String(seq).padStart(8, '0')}.json`);
}

export function parseGenerationFileName(name: string): number | null {
  const match = GENERATION_FILE.exec(name);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

const MarkerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().positive(),
  vaultId: z.string().regex(VAULT_ID),
  createdAt: z.string(),
});
export type BackupMarker = z.infer<typeof MarkerSchema>;

export const ManifestEntrySchema = z
  .object({
    /** Where the file lives in the vault, e.g. `objects/12/34/1234….age`; names reveal nothing. */
    path: z
      .string()
      .max(300)
      .regex(
        /^(vault\.json|settings\.json|sakshya\.db|(keys|objects|sidecars|thumbnails)(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+)$/,
      ),
    sha256: z.string().regex(SHA256),
    size: z.number().int().nonnegative(),
    /** A mutable file's stamp when it was hashed (vault-files.ts); authenticated with the rest. */
    stamp: z.string().regex(STAMP).optional(),
    /**
     * The object's stamp in the backup folder (size, times, inode) when this vault last wrote or
     * checked it: an object changed since, even to bytes of the same size, is not trusted by its
     * name and is copied again (backup-run.ts). Authenticated with the rest.
     */
    objectStamp: z.string().regex(STAMP).optional(),
  })
  .strict();
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

const ManifestBodySchema = z.object({
  format: z.literal(GENERATION_FORMAT),
  version: z.number().int().positive(),
  vaultId: z.string().regex(VAULT_ID),
  recipient: z.string().startsWith('age1'),
  seq: z.number().int().positive(),
  createdAt: z.string(),
  /** When the wrapped key files were last replaced in this generation (after a passphrase change). */
  keysReplacedAt: z.string().nullable(),
  /**
   * Random, chosen by the first backup of format 4 into this folder and carried by every generation
   * after it (format 4; absent before). Authenticated with the rest, so the vault's record of the
   * newest generation it published here follows the drive to whatever path it is mounted at
   * (backup-state.ts).
   */
  backupId: z.string().regex(BACKUP_ID).optional(),
  files: z.array(ManifestEntrySchema),
});
export type ManifestBody = z.infer<typeof ManifestBodySchema>;
export type Manifest = ManifestBody & { mac: string };

/** Makes and checks manifest MACs under the vault's backup subkey (keys/subkeys.ts). */
export interface ManifestKeys {
  mac(data: string): string;
  verify(data: string, mac: string): boolean;
}

/** From raw vault keys (a restore, before any vault is open). */
export function manifestKeysFrom(keys: SubkeySource): ManifestKeys {
  return {
    mac: (data) => macWithSubkey(keys, 'backup-manifest-mac', data),
    verify: (data, mac) => verifySubkeyMac(keys, 'backup-manifest-mac', data, mac),
  };
}

/** The MAC binds every field, so a changed, swapped or renumbered manifest is refused. */
export function macManifest(keys: ManifestKeys, body: ManifestBody): string {
  return keys.mac(canonicalManifestBody(body));
}

export function manifestIsAuthentic(keys: ManifestKeys, manifest: Manifest): boolean {
  const { mac, ...body } = manifest;
  return keys.verify(canonicalManifestBody(body), mac);
}

const ENTRY_KEYS = new Set(['objectStamp', 'path', 'sha256', 'size', 'stamp']);

/**
 * Exactly canonicalJson(body), written out faster for the thousands of entries a manifest holds:
 * each entry's keys are known and in canonical order (objectStamp, path, sha256, size, stamp), so they
 * are not sorted again. Sorting them took most of an incremental backup's time (each run checks
 * every kept generation's MAC). Anything unexpected falls back to canonicalJson;
 * backup-layout.test.ts checks both give the same text.
 */
export function canonicalManifestBody(body: ManifestBody): string {
  const fields = body as unknown as Record<string, unknown>;
  const parts = Object.keys(fields)
    .filter((key) => fields[key] !== undefined)
    .sort()
    .map((key) => {
      const value = fields[key];
      const text = key === 'files' ? canonicalEntries(body.files) : canonicalJson(value);
      return `${JSON.stringify(key)}:${text}`;
    });
  return `{${parts.join(',')}}`;
}

function canonicalEntries(entries: ManifestEntry[]): string {
  return `[${entries.map(canonicalEntry).join(',')}]`;
}

function canonicalEntry(entry: ManifestEntry): string {
  const keys = Object.keys(entry);
  if (
    keys.some((key) => !ENTRY_KEYS.has(key)) ||
    !Number.isSafeInteger(entry.size) ||
    typeof entry.path !== 'string' ||
    typeof entry.sha256 !== 'string' ||
    !(entry.stamp === undefined || typeof entry.stamp === 'string') ||
    !(entry.objectStamp === undefined || typeof entry.objectStamp === 'string')
  )
    return canonicalJson(entry);
  const stamp = entry.stamp === undefined ? '' : `,"stamp":${JSON.stringify(entry.stamp)}`;
  const held =
    entry.objectStamp === undefined ? '' : `"objectStamp":${JSON.stringify(entry.objectStamp)},`;
  return `{${held}"path":${JSON.stringify(entry.path)},"sha256":${JSON.stringify(entry.sha256)},"size":${String(entry.size)}${stamp}}`;
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

export type ManifestRead =
  | { ok: true; seq: number; file: string; manifest: Manifest }
  | {
      ok: false;
      seq: number;
      file: string;
      reason: 'unreadable' | 'damaged' | 'too-new' | 'not-plain' | 'over-budget';
    };

/**
 * Every `NNNNNNNN.json` in generations/, newest first, each parsed or with why it is not. Every
 * caller (restore, verify, the list of backups, a backup run) passes MAX_MANIFEST_BYTES_IN_ALL; a
 * run numbers its generation past any it did not read for the budget (nextGenerationSeq).
 */
export function readManifests(
  layout: BackupLayout,
  budgetBytes = Number.POSITIVE_INFINITY,
): ManifestRead[] {
  let names: string[];
  try {
    names = fs.readdirSync(layout.generations);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return [];
    throw error;
  }
  const found = names
    .flatMap((name) => {
      const seq = parseGenerationFileName(name);
      return seq === null ? [] : [{ file: path.join(layout.generations, name), seq }];
    })
    .sort((a, b) => b.seq - a.seq);
  // Newest first, within one budget for all of them: each planted manifest under the size limit
  // still took ~170 MB of memory and ~10 s to parse and keep (540,000 entries, measured), so
  // twenty of them froze the app for minutes and took gigabytes (restore review R9).
  let budget = budgetBytes;
  return found.map(({ file, seq }): ManifestRead => {
    let size: number;
    try {
      size = fs.lstatSync(file).size;
    } catch {
      return { ok: false, seq, file, reason: 'unreadable' };
    }
    if (size <= MAX_MANIFEST_BYTES && size > budget)
      return { ok: false, seq, file, reason: 'over-budget' };
    budget -= Math.min(size, MAX_MANIFEST_BYTES);
    return readManifest(file, seq);
  });
}

/**
 * A manifest file larger than this is never read: it is damage or planting. A real one takes about
 * 190 bytes a file, so this is some 700,000 files (stored copies, previews and sidecars). Read
 * whole and parsed, a planted manifest of 430 MB took 1.3 GB of memory and 78 s on the first-run
 * screen, and a few of them ended the app for want of memory.
 */
export const MAX_MANIFEST_BYTES = 128 * 1024 * 1024;
/**
 * All manifests of one backup read at one time: the newest first, the rest named as not read. Four
 * of the biggest a real backup makes; five generations of a vault of some 550,000 files would
 * already pass it (its oldest would then be named, not read).
 */
export const MAX_MANIFEST_BYTES_IN_ALL = 4 * MAX_MANIFEST_BYTES;

/** One manifest file, parsed or with why it is not (readManifests reads them within a budget). */
export function readManifest(file: string, seq: number): ManifestRead {
  let text: string;
  try {
    const read = readSmallPlainFile(file, MAX_MANIFEST_BYTES);
    if (!read.ok)
      return { ok: false, seq, file, reason: read.why === 'not-plain' ? 'not-plain' : 'damaged' };
    text = read.text;
  } catch {
    return { ok: false, seq, file, reason: 'unreadable' };
  }
  const raw = safeJson(text);
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION)
    return { ok: false, seq, file, reason: 'too-new' };
  const parsed = ManifestBodySchema.extend({ mac: z.string() }).strict().safeParse(raw);
  if (!parsed.success || parsed.data.seq !== seq)
    return { ok: false, seq, file, reason: 'damaged' };
  return { ok: true, seq, file, manifest: parsed.data };
}

/**
 * The number of the generation a backup is about to write: one past the newest generation this
 * vault wrote (authentic), never past whatever else lies in generations/. A file planted there as
 * `99999999.json` would otherwise push the next number to nine digits, which no reader lists: every
 * later backup would be written where restore never looks, and its new files pruned as unneeded.
 * A generation of a newer Sakshya above ours is never written over: refused, naming the file.
 */
export function nextGenerationSeq(
  reads: readonly ManifestRead[],
  authentic: readonly Manifest[],
): number {
  const newest = authentic.reduce((max, manifest) => Math.max(max, manifest.seq), 0);
  const newer = reads.find((read) => !read.ok && read.reason === 'too-new' && read.seq > newest);
  if (newer !== undefined)
    throw new SakshyaError(
      'BACKUP_TOO_NEW',
      `${newer.file} was made by a newer Sakshya (or put there by someone else); this one does not write over it`,
    );
  // Hers at the top (planted manifests left unread can push her numbers there): said as it is.
  if (newest >= MAX_GENERATION_SEQ)
    throw new SakshyaError(
      'BACKUP_DAMAGED',
      `this vault's backups in this folder are numbered up to ${String(newest)}, the highest a generation can have; nothing was written. Choose a new, empty folder for the next backups (the ones here can still be restored)`,
    );
  // One left unread for the budget may be hers: it is never written over.
  const unread = reads.reduce(
    (max, read) => (!read.ok && read.reason === 'over-budget' ? Math.max(max, read.seq) : max),
    newest,
  );
  if (unread + 1 > MAX_GENERATION_SEQ)
    throw new SakshyaError(
      'BACKUP_DAMAGED',
      `the backup folder's generations/ holds manifests numbered up to ${String(unread)} that are too big to read at once (someone may have planted them); nothing was written. Choose another folder, or move away the generations you do not recognise`,
    );
  return unread + 1;
}

/** A real marker is about 150 bytes. */
const MAX_MARKER_BYTES = 64 * 1024;

/**
 * Why a restore or a verify stops at a generation of a newer format. Nothing authenticates it
 * (a newer app may authenticate it differently), and a few bytes planted under a higher number
 * look the same, so the file is named and both causes are said (restore review R6).
 */
export function describeTooNew(file: string): string {
  return `${path.basename(path.dirname(file))}/${path.basename(file)} says it was made by a newer Sakshya (or someone else put it there): update Sakshya, or, if you never used a newer one, remove that file`;
}

/** The marker, or why this folder is not (yet) a usable backup of one vault. */
export function readMarker(layout: BackupLayout): BackupMarker {
  let read: SmallFileRead;
  try {
    read = readSmallPlainFile(layout.marker, MAX_MARKER_BYTES);
  } catch (error) {
    throw new SakshyaError('NOT_A_BACKUP', `no ${MARKER_NAME} in ${layout.root}`, { cause: error });
  }
  if (!read.ok)
    throw new SakshyaError(
      'NOT_A_BACKUP',
      `${MARKER_NAME} in ${layout.root} is ${read.why === 'not-plain' ? NOT_PLAIN : 'far too big to be a backup marker'}; it was not read`,
    );
  const text = read.text;
  const raw = safeJson(text);
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION)
    throw new SakshyaError(
      'BACKUP_TOO_NEW',
      `backup format ${String(version)} is newer than this app`,
    );
  const parsed = MarkerSchema.safeParse(raw);
  if (!parsed.success)
    throw new SakshyaError(
      'NOT_A_BACKUP',
      `${MARKER_NAME} in ${layout.root} is not a backup marker`,
    );
  return parsed.data;
}

export function hasMarker(folder: string): boolean {
  return fs.existsSync(path.join(folder, MARKER_NAME));
}

/**
 * Files a sync client or an OS adds to folders (Syncthing, Dropbox, OneDrive, Google Drive,
 * Windows, macOS). They are named as notes, never as damage, and never deleted by us.
 */
export function classifyForeignName(name: string): 'sync-litter' | 'conflict-copy' | null {
  const lower = name.toLowerCase();
  if (lower.includes('conflict') || /\(\d+\)(\.\w+)?$/.test(lower)) return 'conflict-copy';
  const litter = [
    '.stfolder',
    '.stignore',
    '.stversions',
    '.syncthing',
    'desktop.ini',
    '.ds_store',
    'thumbs.db',
    'ehthumbs.db',
    '.dropbox',
    '.dropbox.attr',
    '.dropbox.cache',
    '.tmp.drivedownload',
    '.tmp.driveupload',
    'icon\r',
    '.localized',
    '.trashes',
    '.spotlight-v100',
    '.fseventsd',
    'system volume information',
    '$recycle.bin',
  ];
  if (litter.includes(lower) || lower.startsWith('._') || lower.startsWith('.~'))
    return 'sync-litter';
  if (lower.startsWith('.syncthing.') || lower.endsWith('.tmp')) return 'sync-litter';
  return null;
}

// O_NOFOLLOW: a link as the last part fails (ELOOP) instead of being followed. O_NONBLOCK: opening a
// named pipe returns at once instead of waiting for a writer. Neither exists on Windows (0 there);
// the fstat still refuses anything but a plain file.
const PLAIN_READ_FLAGS =
  fs.constants.O_RDONLY |
  ((fs.constants.O_NOFOLLOW as number | undefined) ?? 0) |
  ((fs.constants.O_NONBLOCK as number | undefined) ?? 0);

export const NOT_PLAIN =
  'not a plain file (a link, a pipe or a device, which a backup never makes)';

export type SmallFileRead =
  { ok: true; text: string } | { ok: false; why: 'not-plain' | 'too-big' };

/**
 * One of the backup folder's own small files (the marker, a manifest, a journal, the lock), read
 * only when it is a plain file, and never past `maxBytes`. Whoever can write the folder could
 * otherwise make it a named pipe, which blocks its reader for ever (verify, restore and the app's
 * first-run list hung with no word), or a link to /dev/zero, which a whole-file read takes until
 * memory runs out (4.3 GB and over a minute for one manifest, measured). A link to a file elsewhere
 * is not followed either: a backup never makes links. Errors opening it (ENOENT…) are thrown.
 */
export function readSmallPlainFile(file: string, maxBytes: number): SmallFileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, PLAIN_READ_FLAGS);
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ELOOP') return { ok: false, why: 'not-plain' };
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, why: 'not-plain' };
    if (stat.size > maxBytes) return { ok: false, why: 'too-big' };
    // Read to the end, but one byte past the limit at most: the file may grow while it is read.
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, maxBytes + 1 - total), total);
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
      if (total > maxBytes) return { ok: false, why: 'too-big' };
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** A manifest nests 3 deep ({ files: [ { … } ] }); a marker 1. */
const MAX_JSON_DEPTH = 16;

/**
 * False when `text` opens more than `max` arrays or objects inside one another (outside strings).
 * JSON.parse takes any depth: 40 MB of `[` took 2 GB of memory and 53 s to parse (measured, under
 * load), so a planted manifest under the size limit could end the app for want of memory. One pass
 * over the characters, written by hand because JSON.parse has no depth limit and the streaming
 * parsers would cost more than this on every backup's manifests.
 */
export function nestsAtMost(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i += 1; // a backslash: the next character is escaped
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > max) return false;
    } else if (code === 0x5d || code === 0x7d) depth -= 1;
  }
  return true;
}

export function safeJson(text: string): unknown {
  if (!nestsAtMost(text, MAX_JSON_DEPTH)) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
