// Notes and tags on one item. Like every change to evidence, the encrypted sidecar is rewritten
// first, then the row and its custody entry change together, so `sakshya rebuild` keeps them.
import { SakshyaError } from '../../../shared/errors';
import { EvidenceRepository } from '../db/repositories/evidence';
import { writeEvidenceSidecar } from '../vault/sidecars';
import type { Vault } from '../vault/vault';

export interface NotesChange {
  notes: string;
  tags: string[];
}

/** True when something changed (and was logged); false when the notes and tags were already these. */
export function setEvidenceNotes(vault: Vault, evidenceId: string, change: NotesChange): boolean {
  const repo = new EvidenceRepository(vault.db);
  const current = repo.require(evidenceId);
  const notes = change.notes.replace(/\r\n/g, '\n').trim();
  const tags = normaliseTags(change.tags);
  if (notes === current.notes && sameList(tags, current.tags)) return false;
  writeEvidenceSidecar(vault.layout, vault.sidecarKeys(), { ...current, notes, tags });
  vault.db.transaction(() => {
    repo.update(evidenceId, { notes, tags });
    // The notes themselves stay out of the log (they may name people); their size and the tags do not.
    vault.record('evidence.notes-changed', `evidence:${evidenceId}`, {
      caseId: current.caseId,
      notesLength: notes.length,
      tags,
    });
  })();
  return true;
}

/** Trimmed, without repeats (ignoring case), in the order given. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag === '') continue;
    if (tag.length > 60)
      throw new SakshyaError('INVALID_INPUT', 'a tag can be at most 60 characters');
    const key = tag.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
