// Encrypted sidecars: a small age file per case and per evidence record holding everything the
// database knows about it, so `sakshya rebuild` can recreate the index from the vault files alone.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CaseSchema, EvidenceSchema, type Case, type Evidence } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import { decryptBuffer, encryptBuffer, parseRecipient, type AgeIdentity } from '../age';
import { writeFileAtomic } from '../fs/atomic-write';
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
  writeSidecar(layout, recipient, 'case', record.id, { schema: 'sakshya-case-sidecar/1', case: record });
}

export function writeEvidenceSidecar(layout: VaultLayout, recipient: string, record: EvidenceWithBlob): void {
  writeSidecar(layout, recipient, 'evidence', record.id, {
    schema: 'sakshya-evidence-sidecar/1',
    evidence: record,
  });
}

export function readCaseSidecars(layout: VaultLayout, identity: AgeIdentity): Case[] {
  return readSidecars(layout, identity, 'case').map((data) => CaseSidecarSchema.parse(data).case);
}

export function readEvidenceSidecars(layout: VaultLayout, identity: AgeIdentity): EvidenceWithBlob[] {
  return readSidecars(layout, identity, 'evidence').map((data) => EvidenceSidecarSchema.parse(data).evidence);
}

export function listSidecarIds(layout: VaultLayout, kind: 'case' | 'evidence'): string[] {
  const dir = path.join(layout.sidecars, kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.age') && !f.startsWith('.'))
    .map((f) => f.slice(0, -4));
}

function writeSidecar(layout: VaultLayout, recipient: string, kind: 'case' | 'evidence', id: string, data: unknown): void {
  const file = sidecarPath(layout, kind, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sealed = encryptBuffer(Buffer.from(JSON.stringify(data), 'utf8'), [parseRecipient(recipient)]);
  writeFileAtomic(file, sealed);
}

function readSidecars(layout: VaultLayout, identity: AgeIdentity, kind: 'case' | 'evidence'): unknown[] {
  return listSidecarIds(layout, kind).map((id) => {
    try {
      const plain = decryptBuffer(fs.readFileSync(sidecarPath(layout, kind, id)), [identity]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch (error) {
      throw new SakshyaError('VAULT_CORRUPT', `the ${kind} sidecar ${id} could not be read`, { cause: error });
    }
  });
}
