// `sakshya check`: decrypt and re-hash every stored file against the database, and verify the
// custody chain. Problems are integrity failures (exit 1); notes are harmless leftovers.
import fs from 'node:fs';
import { verifyCustody } from '../custody/custody-log';
import { BlobsRepository } from '../db/repositories/blobs';
import { describeSigningKeyProblem, inspectSigningKey } from '../keys/signing-key-store';
import { EvidenceRepository } from '../db/repositories/evidence';
import { checkBlob, listStoredBlobNames, type BlobCheck } from './blob-store';
import { sidecarPath } from './layout';
import { PLAIN_LEFTOVER_PREFIX, type Vault } from './vault';

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
  kind: 'orphan-file' | 'missing-sidecar' | 'leftover-temp' | 'inbox-file';
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
  notes.push(...findStrayFiles(vault));
  return {
    ok: problems.length === 0,
    evidenceChecked: evidence.length,
    filesChecked: blobResults.size,
    custodyEntries: vault.custody().length,
    problems,
    notes,
  };
}

/**
 * Files in tmp/ (left by an interrupted write; removed at unlock once they are old enough) and in
 * the old inbox/ folder (nothing of Sakshya writes there any more, and nothing there is ever
 * imported: a file in it was put there by something else).
 */
function findStrayFiles(vault: Vault): CheckNote[] {
  const notes: CheckNote[] = [];
  for (const name of listFiles(vault.layout.temp)) {
    notes.push({
      kind: 'leftover-temp',
      subject: `tmp:${name}`,
      message: name.startsWith(PLAIN_LEFTOVER_PREFIX)
        ? 'a zip entry an older Sakshya unpacked in plain text and did not remove; it is removed at the next unlock'
        : 'an encrypted partial copy from an interrupted write; it is removed at an unlock once it is an hour old',
    });
  }
  for (const name of listFiles(vault.layout.inbox)) {
    notes.push({
      kind: 'inbox-file',
      subject: `inbox:${name}`,
      message:
        'a file in inbox/, which Sakshya no longer reads: it was not added by you and is not evidence; import it yourself only if you know where it came from',
    });
  }
  return notes;
}

function listFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}
