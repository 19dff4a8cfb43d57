// `sakshya check`: decrypt and re-hash every stored file against the database, and verify the
// custody chain. Problems are integrity failures (exit 1); notes are harmless leftovers.
import fs from 'node:fs';
import { verifyCustody } from '../custody/custody-log';
import { BlobsRepository } from '../db/repositories/blobs';
import { describeSigningKeyProblem, inspectSigningKey } from '../keys/signing-key-store';
import { EvidenceRepository } from '../db/repositories/evidence';
import { checkBlob, listStoredBlobNames, type BlobCheck } from './blob-store';
import { sidecarPath } from './layout';
import type { Vault } from './vault';

export type CheckProblemKind =
  | 'missing-file'
  | 'unreadable-file'
  | 'hash-mismatch'
  | 'custody-hash-mismatch'
  | 'custody-broken-link'
  | 'custody-gap'
  | 'custody-out-of-order'
  | 'custody-head-mismatch'
  | 'signing-key';

export interface CheckProblem {
  kind: CheckProblemKind;
  /** `evidence:<id>` or `custody:<seq>`: exactly the item that failed. */
  subject: string;
  message: string;
}

export interface CheckNote {
  kind: 'orphan-file' | 'missing-sidecar';
  subject: string;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  evidenceChecked: number;
  filesChecked: number;
  custodyEntries: number;
  problems: CheckProblem[];
  notes: CheckNote[];
}

export async function checkVault(
  vault: Vault,
  onProgress?: (done: number, total: number) => void,
): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const notes: CheckNote[] = [];
  const evidence = new EvidenceRepository(vault.db).listAll();
  const blobResults = new Map<string, BlobCheck>();
  let done = 0;
  for (const item of evidence) {
    let result = blobResults.get(item.blobName);
    if (result === undefined) {
      result = await checkBlob(vault.layout, item.blobName, vault.identity, {
        sha256: item.sha256,
        size: item.size,
      });
      blobResults.set(item.blobName, result);
    }
    const subject = `evidence:${item.id}`;
    const label = `"${item.originalName}" (${subject})`;
    if (result.status === 'missing') {
      problems.push({
        kind: 'missing-file',
        subject,
        message: `the stored file for ${label} is missing`,
      });
    } else if (result.status === 'unreadable') {
      problems.push({
        kind: 'unreadable-file',
        subject,
        message: `the stored file for ${label} fails decryption: it was changed or damaged`,
      });
    } else if (result.status === 'hash-mismatch') {
      problems.push({
        kind: 'hash-mismatch',
        subject,
        message: `the stored file for ${label} has SHA-256 ${result.sha256}, but ${item.sha256} was recorded`,
      });
    }
    if (!fs.existsSync(sidecarPath(vault.layout, 'evidence', item.id))) {
      notes.push({
        kind: 'missing-sidecar',
        subject,
        message: `${label} has no sidecar; rebuild could not restore it`,
      });
    }
    done += 1;
    onProgress?.(done, evidence.length);
  }
  const custodyProblems = verifyCustody(vault.db);
  for (const problem of custodyProblems) {
    problems.push({
      kind: `custody-${problem.kind}`,
      subject: `custody:${problem.seq}`,
      message: problem.message,
    });
  }
  const signingKey = inspectSigningKey(vault);
  if (signingKey.status !== 'ok' && signingKey.status !== 'none') {
    problems.push({
      kind: 'signing-key',
      subject: 'keys/signing-key.age',
      message: describeSigningKeyProblem(signingKey),
    });
  }
  const known = new Set(new BlobsRepository(vault.db).list().map((b) => b.name));
  for (const name of listStoredBlobNames(vault.layout)) {
    if (!known.has(name)) {
      notes.push({
        kind: 'orphan-file',
        subject: `object:${name.slice(0, 12)}`,
        message: 'a stored file that no record uses (left by an interrupted import; harmless)',
      });
    }
  }
  return {
    ok: problems.length === 0,
    evidenceChecked: evidence.length,
    filesChecked: blobResults.size,
    custodyEntries: vault.custody().length,
    problems,
    notes,
  };
}
