// Encrypted sidecars: a small age file per case and per evidence record holding everything the
// database knows about it, so `sakshya rebuild` can recreate the index from the vault files alone.
//
// Anyone can encrypt to the vault's public recipient, so encryption proves nothing about who wrote
// a sidecar. Each one therefore carries an HMAC under the vault's sidecar subkey (keys/subkeys.ts),
// over its kind, its id (its file name) and its body: a sidecar planted, edited or moved to another
// name fails it, and rebuild refuses it by name. Sidecars written before this (no MAC) are
// re-authenticated once from the database at unlock (sidecar-migration.ts).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CaseSchema, EvidenceSchema, type Case, type Evidence } from '../../../shared/domain';
import {
  decryptBuffer,
  encryptBuffer,
  encryptBufferWith,
  parseRecipient,
  type AgeIdentity,
  type AgeRecipient,
  type SealedHeader,
} from '../age';
import {
  fsyncDirectory,
  makeTempPath,
  renameWithRetry,
  translateFsError,
  writeFileAtomic,
} from '../fs/atomic-write';
import { sidecarPath, type VaultLayout } from './layout';

const CaseSidecarSchema = z.object({
  schema: z.literal('sakshya-case-sidecar/1'),
  case: CaseSchema,
});

const EvidenceSidecarSchema = z.object({
  schema: z.literal('sakshya-evidence-sidecar/1'),
  evidence: EvidenceSchema.extend({ blobName: z.string().regex(/^[0-9a-f]{64}$/) }),
});

export type EvidenceWithBlob = Evidence & { blobName: string };

export type SidecarKind = 'case' | 'evidence';

/** What writing and reading sidecars needs from the unlocked vault (Vault.sidecarKeys()). */
export interface SidecarKeys {
  recipient: string;
  /** HMAC-SHA256 under the sidecar subkey, 64 hex characters. */
  mac: (data: string) => string;
}

const AUTHENTICATED_FORMAT = 'sakshya-sidecar/2';

const AuthenticatedSchema = z.object({
  format: z.literal(AUTHENTICATED_FORMAT),
  kind: z.enum(['case', 'evidence']),
  id: z.string(),
  body: z.string(),
  mac: z.string(),
});

function describeMacInput(kind: SidecarKind, id: string, body: string): string {
  return `${AUTHENTICATED_FORMAT}\n${kind}\n${id}\n${body}`;
}

/** The plaintext of a sidecar: its body (the v1 JSON) wrapped with a MAC binding kind and id. */
function encodeSidecar(keys: SidecarKeys, kind: SidecarKind, id: string, data: unknown): Buffer {
  const body = JSON.stringify(data);
  const mac = keys.mac(describeMacInput(kind, id, body));
  return Buffer.from(JSON.stringify({ format: AUTHENTICATED_FORMAT, kind, id, body, mac }), 'utf8');
}

export function writeCaseSidecar(layout: VaultLayout, keys: SidecarKeys, record: Case): void {
  writeSidecar(layout, keys, 'case', record.id, {
    schema: 'sakshya-case-sidecar/1',
    case: record,
  });
}

export function writeEvidenceSidecar(
  layout: VaultLayout,
  keys: SidecarKeys,
  record: EvidenceWithBlob,
): void {
  writeSidecar(layout, keys, 'evidence', record.id, {
    schema: 'sakshya-evidence-sidecar/1',
    evidence: record,
  });
}

/**
 * Writes many evidence sidecars durably at once: each to a temp file beside its final name, all
 * fsynced in parallel on the thread pool, renamed into place, then their one folder fsynced once.
 * A crash part-way leaves each sidecar either absent or whole (and temp files, which are ignored).
 */
export async function writeEvidenceSidecars(
  layout: VaultLayout,
  keys: SidecarKeys,
  records: readonly EvidenceWithBlob[],
  seals: readonly (SidecarSeal | undefined)[] = [],
): Promise<void> {
  if (records.length === 0) return;
  const dir = path.dirname(sidecarPath(layout, 'evidence', records[0]?.id ?? ''));
  fs.mkdirSync(dir, { recursive: true });
  const seal = makeSealer(keys.recipient);
  const staged = records.map((record, index) => {
    const file = sidecarPath(layout, 'evidence', record.id);
    return {
      file,
      temp: makeTempPath(dir, path.basename(file)),
      sealed: seal(encodeEvidenceSidecar(keys, record), seals[index]),
    };
  });
  try {
    await Promise.all(staged.map((item) => writeAndSync(item.temp, item.sealed)));
    for (const item of staged) renameWithRetry(item.temp, item.file);
    // Windows cannot open a folder for fsync; NTFS journals the renames itself.
    if (process.platform !== 'win32') {
      const folder = await fsp.open(dir, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    }
  } catch (error) {
    for (const item of staged) fs.rmSync(item.temp, { force: true });
    throw translateFsError(error);
  }
}

/** writeEvidenceSidecars without yielding, for the moment before the vault locks. */
export function writeEvidenceSidecarsSync(
  layout: VaultLayout,
  keys: SidecarKeys,
  records: readonly EvidenceWithBlob[],
  seals: readonly (SidecarSeal | undefined)[] = [],
): void {
  if (records.length === 0) return;
  const dir = path.join(layout.sidecars, 'evidence');
  fs.mkdirSync(dir, { recursive: true });
  const seal = makeSealer(keys.recipient);
  const written: { temp: string; file: string }[] = [];
  try {
    for (const [index, record] of records.entries()) {
      const file = sidecarPath(layout, 'evidence', record.id);
      const temp = makeTempPath(dir, path.basename(file));
      written.push({ temp, file });
      const fd = fs.openSync(temp, 'wx', 0o600);
      try {
        fs.writeSync(fd, seal(encodeEvidenceSidecar(keys, record), seals[index]));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const item of written) renameWithRetry(item.temp, item.file);
    fsyncDirectory(dir);
  } catch (error) {
    for (const item of written) fs.rmSync(item.temp, { force: true });
    throw translateFsError(error);
  }
}

/**
 * A header sealed ahead of time for one sidecar, by the stage worker that stored the file, so the
 * key agreement (~0.15 ms) runs beside the import's main thread instead of on it.
 */
export interface SidecarSeal {
  /** The recipient it was sealed to; a header for any other is not used. */
  recipient: string;
  sealed: SealedHeader;
}

function encodeEvidenceSidecar(keys: SidecarKeys, record: EvidenceWithBlob): Buffer {
  const data = { schema: 'sakshya-evidence-sidecar/1', evidence: record };
  return encodeSidecar(keys, 'evidence', record.id, data);
}

/** Seals with the header given when it was made for `recipient`, else with a fresh one. */
function makeSealer(
  recipient: string,
): (plaintext: Buffer, ready: SidecarSeal | undefined) => Buffer {
  let to: AgeRecipient[] | undefined;
  return (plaintext, ready) => {
    if (ready?.recipient === recipient) return encryptBufferWith(plaintext, ready.sealed);
    to ??= [parseRecipient(recipient)];
    return encryptBuffer(plaintext, to);
  };
}

async function writeAndSync(file: string, data: Uint8Array): Promise<void> {
  const handle = await fsp.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * How one sidecar file reads: 'authentic' (its MAC is this vault's), 'unauthenticated' (no MAC:
 * written by Sakshya before sidecars had one, or by anyone with the public recipient), or
 * 'refused' (a MAC that fails, a name that is not its id, or not a readable sidecar at all).
 */
export type SidecarRead<T> =
  | { id: string; status: 'authentic' | 'unauthenticated'; record: T }
  | { id: string; status: 'refused'; reason: string };

export interface SidecarVerifier {
  identity: AgeIdentity;
  verify: (data: string, mac: string) => boolean;
}

export function readCaseSidecars(layout: VaultLayout, keys: SidecarVerifier): SidecarRead<Case>[] {
  return listSidecarIds(layout, 'case').map((id) => readCaseSidecar(layout, keys, id));
}

export function readEvidenceSidecars(
  layout: VaultLayout,
  keys: SidecarVerifier,
): SidecarRead<EvidenceWithBlob>[] {
  return listSidecarIds(layout, 'evidence').map((id) => readEvidenceSidecar(layout, keys, id));
}

export function readCaseSidecar(
  layout: VaultLayout,
  keys: SidecarVerifier,
  id: string,
): SidecarRead<Case> {
  return readOneSidecar(layout, keys, 'case', id, (data) => CaseSidecarSchema.parse(data).case);
}

export function readEvidenceSidecar(
  layout: VaultLayout,
  keys: SidecarVerifier,
  id: string,
): SidecarRead<EvidenceWithBlob> {
  return readOneSidecar(
    layout,
    keys,
    'evidence',
    id,
    (data) => EvidenceSidecarSchema.parse(data).evidence,
  );
}

/** Reads and authenticates one sidecar; never throws for what is in the file. */
export function readOneSidecar<T extends { id: string }>(
  layout: VaultLayout,
  keys: SidecarVerifier,
  kind: SidecarKind,
  id: string,
  parse: (data: unknown) => T,
): SidecarRead<T> {
  const refuse = (reason: string): SidecarRead<T> => ({ id, status: 'refused', reason });
  let outer: unknown;
  try {
    const plain = decryptBuffer(fs.readFileSync(sidecarPath(layout, kind, id)), [keys.identity]);
    outer = JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return refuse("it cannot be decrypted or read with this vault's key");
  }
  const wrapped = AuthenticatedSchema.safeParse(outer);
  let status: 'authentic' | 'unauthenticated' = 'unauthenticated';
  let data: unknown = outer;
  if (wrapped.success) {
    const { body, mac } = wrapped.data;
    if (wrapped.data.kind !== kind || wrapped.data.id !== id)
      return refuse(
        `it was written for ${wrapped.data.kind} ${wrapped.data.id}, not for this name`,
      );
    if (!keys.verify(describeMacInput(kind, id, body), mac))
      return refuse('its authentication code does not match: it was not written by this vault');
    try {
      data = JSON.parse(body) as unknown;
    } catch {
      return refuse('its content is not readable');
    }
    status = 'authentic';
  } else if (isRecord(outer) && 'mac' in outer) {
    return refuse('it is not a readable sidecar');
  }
  let record: T;
  try {
    record = parse(data);
  } catch {
    return refuse('its content is not a valid record');
  }
  if (record.id !== id)
    return refuse(`it describes ${kind} ${record.id}, not the one its name says`);
  return { id, status, record };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listSidecarIds(layout: VaultLayout, kind: 'case' | 'evidence'): string[] {
  const dir = path.join(layout.sidecars, kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.age') && !f.startsWith('.'))
    .map((f) => f.slice(0, -4));
}

function writeSidecar(
  layout: VaultLayout,
  keys: SidecarKeys,
  kind: SidecarKind,
  id: string,
  data: unknown,
): void {
  const file = sidecarPath(layout, kind, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sealed = encryptBuffer(encodeSidecar(keys, kind, id, data), [
    parseRecipient(keys.recipient),
  ]);
  writeFileAtomic(file, sealed);
}
