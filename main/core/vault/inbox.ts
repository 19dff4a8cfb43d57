// Evidence can arrive while the vault is locked (a future "share to Sakshya" or a scripted import):
// it is encrypted to the vault's PUBLIC recipient, which needs no passphrase, and parked in inbox/.
// The naming key and the database are only available once unlocked, so ingestion happens then.
// The parked file is already a valid age file for the vault, so it is published as-is, not
// re-encrypted.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable, type Readable } from 'node:stream';
import { z } from 'zod';
import { ProvenanceSchema, type Provenance } from '../../../shared/domain';
import {
  createDecryptStream,
  createEncryptStream,
  decryptBuffer,
  encryptBuffer,
  parseRecipient,
} from '../age';
import { fsyncDirectory, makeTempPath, publishTempFile, writeFileAtomic } from '../fs/atomic-write';
import { describeVaultLayout, objectPath } from './layout';
import { readManifest } from './manifest';
import type { Vault } from './vault';

const InboxMetaSchema = z.object({
  caseId: z.string(),
  originalName: z.string(),
  provenance: ProvenanceSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  receivedAt: z.string(),
});
type InboxMeta = z.infer<typeof InboxMetaSchema>;

/** Parks a file in the inbox of a LOCKED vault. Needs no passphrase. */
export async function parkInInbox(
  vaultDir: string,
  source: Readable,
  meta: { caseId: string; originalName: string; provenance: Provenance },
): Promise<string> {
  const layout = describeVaultLayout(vaultDir);
  const recipient = parseRecipient(readManifest(layout).recipient);
  fs.mkdirSync(layout.inbox, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const temp = makeTempPath(layout.inbox, id);
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    source,
    new Transform({
      transform(chunk: Buffer, _e, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    }),
    createEncryptStream([recipient]),
    fs.createWriteStream(temp, { mode: 0o600 }),
  );
  // Opened for writing: on Windows fsync is FlushFileBuffers, which refuses a read-only handle.
  const fd = fs.openSync(temp, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const full: InboxMeta = {
    ...meta,
    sha256: hash.digest('hex'),
    size,
    receivedAt: new Date().toISOString(),
  };
  fs.renameSync(temp, path.join(layout.inbox, `${id}.age`));
  // The meta file goes last: an inbox item without one is an unfinished write and is ignored.
  writeFileAtomic(
    path.join(layout.inbox, `${id}.meta.age`),
    encryptBuffer(Buffer.from(JSON.stringify(full)), [recipient]),
  );
  fsyncDirectory(layout.inbox);
  return id;
}

export interface IngestResult {
  id: string;
  status: 'imported' | 'duplicate' | 'failed';
  reason?: string;
  evidenceId?: string;
}

/** Moves every finished inbox item into the vault proper. Called once the vault is unlocked. */
export async function ingestInbox(vault: Vault): Promise<IngestResult[]> {
  const { inbox } = vault.layout;
  if (!fs.existsSync(inbox)) return [];
  const results: IngestResult[] = [];
  for (const metaFile of fs.readdirSync(inbox).filter((f) => f.endsWith('.meta.age'))) {
    const id = metaFile.slice(0, -'.meta.age'.length);
    const parked = path.join(inbox, `${id}.age`);
    try {
      const meta = InboxMetaSchema.parse(
        JSON.parse(
          decryptBuffer(fs.readFileSync(path.join(inbox, metaFile)), [vault.identity]).toString(
            'utf8',
          ),
        ),
      );
      const actual = await hashEncryptedFile(parked, vault);
      if (actual.sha256 !== meta.sha256 || actual.size !== meta.size)
        throw new Error('parked file does not match its record');
      const name = vault.blobNameFor(meta.sha256);
      const final = objectPath(vault.layout, name);
      fs.mkdirSync(path.dirname(final), { recursive: true });
      fs.copyFileSync(parked, `${parked}.publish`);
      publishTempFile(`${parked}.publish`, final);
      const result = vault.recordStoredBlob(
        meta.caseId,
        { name, sha256: meta.sha256, size: meta.size },
        {
          originalName: meta.originalName,
          provenance: meta.provenance,
        },
      );
      results.push({ id, status: result.status, evidenceId: result.evidence.id });
      fs.rmSync(path.join(inbox, metaFile));
      fs.rmSync(parked);
    } catch (error) {
      results.push({
        id,
        status: 'failed',
        reason: error instanceof Error ? error.message : 'failed',
      });
    }
  }
  return results;
}

async function hashEncryptedFile(
  file: string,
  vault: Vault,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    fs.createReadStream(file),
    createDecryptStream([vault.identity]),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb();
      },
    }),
  );
  return { sha256: hash.digest('hex'), size };
}
