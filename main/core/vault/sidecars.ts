// Encrypted sidecars: a small age file per case and per evidence record holding everything the
// database knows about it, so `sakshya rebuild` can recreate the index from the vault files alone.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CaseSchema, EvidenceSchema, type Case, type Evidence } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
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

export function writeCaseSidecar(layout: VaultLayout, recipient: string, record: Case): void {
  writeSidecar(layout, recipient, 'case', record.id, {
    schema: 'sakshya-case-sidecar/1',
    case: record,
  });
}

export function writeEvidenceSidecar(
  layout: VaultLayout,
  recipient: string,
  record: EvidenceWithBlob,
): void {
  writeSidecar(layout, recipient, 'evidence', record.id, {
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
  recipient: string,
  records: readonly EvidenceWithBlob[],
  seals: readonly (SidecarSeal | undefined)[] = [],
): Promise<void> {
  if (records.length === 0) return;
  const dir = path.dirname(sidecarPath(layout, 'evidence', records[0]?.id ?? ''));
  fs.mkdirSync(dir, { recursive: true });
  const seal = makeSealer(recipient);
  const staged = records.map((record, index) => {
    const file = sidecarPath(layout, 'evidence', record.id);
    return {
      file,
      temp: makeTempPath(dir, path.basename(file)),
      sealed: seal(encodeEvidenceSidecar(record), seals[index]),
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
  recipient: string,
  records: readonly EvidenceWithBlob[],
  seals: readonly (SidecarSeal | undefined)[] = [],
): void {
  if (records.length === 0) return;
  const dir = path.join(layout.sidecars, 'evidence');
  fs.mkdirSync(dir, { recursive: true });
  const seal = makeSealer(recipient);
  const written: { temp: string; file: string }[] = [];
  try {
    for (const [index, record] of records.entries()) {
      const file = sidecarPath(layout, 'evidence', record.id);
      const temp = makeTempPath(dir, path.basename(file));
      written.push({ temp, file });
      const fd = fs.openSync(temp, 'wx', 0o600);
      try {
        fs.writeSync(fd, seal(encodeEvidenceSidecar(record), seals[index]));
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

function encodeEvidenceSidecar(record: EvidenceWithBlob): Buffer {
  const data = { schema: 'sakshya-evidence-sidecar/1', evidence: record };
  return Buffer.from(JSON.stringify(data), 'utf8');
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

export function readCaseSidecars(layout: VaultLayout, identity: AgeIdentity): Case[] {
  return readSidecars(layout, identity, 'case').map((data) => CaseSidecarSchema.parse(data).case);
}

export function readEvidenceSidecars(
  layout: VaultLayout,
  identity: AgeIdentity,
): EvidenceWithBlob[] {
  return readSidecars(layout, identity, 'evidence').map(
    (data) => EvidenceSidecarSchema.parse(data).evidence,
  );
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
  recipient: string,
  kind: 'case' | 'evidence',
  id: string,
  data: unknown,
): void {
  const file = sidecarPath(layout, kind, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sealed = encryptBuffer(Buffer.from(JSON.stringify(data), 'utf8'), [
    parseRecipient(recipient),
  ]);
  writeFileAtomic(file, sealed);
}

function readSidecars(
  layout: VaultLayout,
  identity: AgeIdentity,
  kind: 'case' | 'evidence',
): unknown[] {
  return listSidecarIds(layout, kind).map((id) => {
    try {
      const plain = decryptBuffer(fs.readFileSync(sidecarPath(layout, kind, id)), [identity]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch (error) {
      throw new SakshyaError('VAULT_CORRUPT', `the ${kind} sidecar ${id} could not be read`, {
        cause: error,
      });
    }
  });
}
