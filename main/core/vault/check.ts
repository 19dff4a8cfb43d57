// `sakshya check`: decrypt and re-hash every stored file against the database, and verify the
// custody chain. Problems are integrity failures (exit 1); notes are harmless leftovers.
import fs from 'node:fs';
import path from 'node:path';
import { verifyCustody } from '../custody/custody-log';
import { BlobsRepository } from '../db/repositories/blobs';
import { describeRecoveryFileProblem, inspectRecoveryFile } from '../keys/recovery-file';
import { describeSigningKeyProblem, inspectSigningKey } from '../keys/signing-key-store';
import { EvidenceRepository } from '../db/repositories/evidence';
import { checkBlob, listStoredBlobNames, type BlobCheck } from './blob-store';
import { isEmptyRestoreStaging } from './leftover-temp-files';
import { sidecarPath } from './layout';
import { ThumbnailsRepository } from '../db/repositories/thumbnails';
import { readCheckedPreview } from './previews';
import { findOrphanEvidence, type OrphanFindings } from './rebuild';
import { readCaseSidecars, readEvidenceSidecars } from './sidecars';
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
  | 'signing-key'
  | 'recovery-key-file'
  | 'database-older'
  | 'database-other'
  | 'generation-missing'
  | 'generation-forged'
  | 'sidecar-refused'
  | 'sidecar-unauthenticated'
  | 'evidence-missing'
  | 'preview-mismatch';

export interface CheckProblem {
  kind: CheckProblemKind;
  /** `evidence:<id>` or `custody:<seq>`: exactly the item that failed. */
  subject: string;
  message: string;
}

export interface CheckNote {
  kind:
    | 'orphan-file'
    | 'orphan-evidence'
    | 'evidence-brought-back'
    | 'preview-unverified'
    | 'missing-sidecar'
    | 'leftover-temp'
    | 'inbox-file';
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
  const recoveryProblem = describeRecoveryFileProblem(inspectRecoveryFile(vault));
  if (recoveryProblem !== null)
    problems.push({
      kind: 'recovery-key-file',
      subject: 'keys/recovery.age',
      message: recoveryProblem,
    });
  problems.push(...findGenerationProblems(vault), ...findSidecarProblems(vault));
  const previews = findPreviewFindings(vault, evidence);
  problems.push(...previews.problems);
  notes.push(...previews.notes);
  const orphans = await findOrphanEvidence(vault);
  problems.push(...describeMissingEvidence(orphans));
  notes.push(...describeOrphanNotes(vault, orphans));
  const known = new Set(new BlobsRepository(vault.db).list().map((b) => b.name));
  for (const orphan of [...orphans.orphans, ...orphans.leftovers]) known.add(orphan.blobName);
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

/** Each ready preview against the hash recorded when it was made (vault/previews.ts). */
function findPreviewFindings(
  vault: Vault,
  evidence: readonly { id: string; blobName: string; originalName: string }[],
): { problems: CheckProblem[]; notes: CheckNote[] } {
  const problems: CheckProblem[] = [];
  const notes: CheckNote[] = [];
  const owners = new Map<string, string>();
  for (const item of evidence)
    if (!owners.has(item.blobName))
      owners.set(item.blobName, `"${item.originalName}" (evidence:${item.id})`);
  for (const record of new ThumbnailsRepository(vault.db).list()) {
    const read = readCheckedPreview(vault, record.blobName);
    const label = owners.get(record.blobName) ?? `stored file ${record.blobName.slice(0, 12)}`;
    const subject = `preview:${record.blobName.slice(0, 12)}`;
    if (read.status === 'unverified') {
      notes.push({
        kind: 'preview-unverified',
        subject,
        message: `the preview of ${label} was made before previews were checked; it is made again when next shown, and left out of reports until then`,
      });
    } else if (read.status !== 'ok' && read.status !== 'none') {
      problems.push({
        kind: 'preview-mismatch',
        subject,
        message: `the preview of ${label} is ${read.status === 'mismatch' ? 'not the one made at import (it was replaced)' : read.status}; it is never shown or exported, and is made again from the original when next shown`,
      });
    }
  }
  return { problems, notes };
}

/**
 * Evidence this vault wrote (its sidecar carries this vault's MAC) that the database does not list
 * and the unlock could not bring back: its stored file is missing or fails the name or hash check,
 * or its case cannot be restored. Sidecars that are not this vault's are findSidecarProblems' job.
 */
function describeMissingEvidence(orphans: OrphanFindings): CheckProblem[] {
  const problems: CheckProblem[] = orphans.orphans.map((orphan) => ({
    kind: 'evidence-missing',
    subject: `evidence:${orphan.id}`,
    message: `"${orphan.originalName}" is in the vault, whole and authentic, but this database does not list it; run \`sakshya rebuild --adopt-orphans\` to bring it back`,
  }));
  for (const skipped of orphans.skipped) {
    if (!skipped.subject.startsWith('evidence:')) continue;
    problems.push({
      kind: 'evidence-missing',
      subject: skipped.subject,
      message: `evidence written by this vault is missing from the database and cannot be brought back: ${skipped.reason}`,
    });
  }
  return problems;
}

function describeOrphanNotes(vault: Vault, orphans: OrphanFindings): CheckNote[] {
  const notes: CheckNote[] = vault.broughtBackAtOpen.map((item) => ({
    kind: 'evidence-brought-back',
    subject: item.subject,
    message: `"${item.originalName}" was in the vault, whole and authentic, but missing from the database (an import cut short, or an older database put back); this unlock brought it back and logged it`,
  }));
  for (const leftover of orphans.leftovers) {
    notes.push({
      kind: 'orphan-evidence',
      subject: `evidence:${leftover.id}`,
      message: `a record of "${leftover.originalName}" left by an import cut short; the same content is listed in its case, so nothing is missing (harmless)`,
    });
  }
  return notes;
}

const GENERATION_KINDS = {
  'older-database': 'database-older',
  'other-database': 'database-other',
  missing: 'generation-missing',
  forged: 'generation-forged',
} as const;

/** An older (or another) database in use, or the record of its generation tampered with. */
function findGenerationProblems(vault: Vault): CheckProblem[] {
  const finding = vault.generationFinding;
  if (!('message' in finding)) return [];
  return [
    {
      kind: GENERATION_KINDS[finding.status],
      subject: 'sakshya.db',
      message: finding.message,
    },
  ];
}

/**
 * Sidecars are what rebuild restores from. Every sidecar of this vault carries its MAC (written so,
 * or authenticated once at unlock from the database), so one that fails it, or has none, was put
 * there by someone else: rebuild would refuse it, and check names it.
 */
function findSidecarProblems(vault: Vault): CheckProblem[] {
  const verifier = vault.sidecarVerifier();
  const problems: CheckProblem[] = [];
  const reads = [
    ...readCaseSidecars(vault.layout, verifier).map((read) => ({ kind: 'case', read })),
    ...readEvidenceSidecars(vault.layout, verifier).map((read) => ({ kind: 'evidence', read })),
  ];
  for (const { kind, read } of reads) {
    const subject = `sidecar:${kind}/${read.id}`;
    if (read.status === 'refused') {
      problems.push({
        kind: 'sidecar-refused',
        subject,
        message: `the ${kind} sidecar ${read.id} is not this vault's: ${read.reason}; rebuild will not restore it`,
      });
    } else if (read.status === 'unauthenticated') {
      problems.push({
        kind: 'sidecar-unauthenticated',
        subject,
        message: `the ${kind} sidecar ${read.id} has no authentication code, so it was not written by this vault's unlocked user; rebuild will not restore it`,
      });
    }
  }
  return problems;
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
      message: describeTempEntry(name, path.join(vault.layout.temp, name)),
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

/**
 * What a tmp/ entry is, in the words removeLeftoverTempFiles bears out: only `.partial` files,
 * plain zip entries and empty restore staging folders are ever removed by an unlock. Anything else (a killed restore's staging folder,
 * or a thing someone else put there) stays until she deletes it, so the note must not promise more.
 */
function describeTempEntry(name: string, file: string): string {
  if (isEmptyRestoreStaging(file, name))
    return 'an empty folder a restore left when it was stopped at its very end; it is removed at the next unlock';
  if (name.startsWith(PLAIN_LEFTOVER_PREFIX))
    return 'a zip entry an older Sakshya unpacked in plain text and did not remove; it is removed at the next unlock';
  if (name.endsWith('.partial'))
    return 'an encrypted partial copy from an interrupted write; it is removed at an unlock once it is an hour old';
  return 'not a partial write of this vault (a restore killed before its end leaves one, or something else put it there); it is never read as evidence, and Sakshya does not remove it: delete it yourself';
}

function listFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}
