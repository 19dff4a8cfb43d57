// Text read from pictures as domain operations, for the CLI and the API alike: one item with its
// text, word boxes and facts (each phone number with the person of the case it belongs to), the
// reading state of a case, and catching up on pictures not read yet.
import { MACHINE_READ_LABEL } from '../../../shared/text-reading';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import {
  EvidenceTextRepository,
  READABLE_PICTURE_TYPES,
  type EvidenceFact,
  type TextLayout,
  type TextStatus,
} from '../db/repositories/evidence-text';
import { PeopleRepository } from '../db/repositories/people';
import type { Vault } from '../vault/vault';
import { NOT_A_SCREENSHOT } from './camera-photo';
import { SCREENSHOT_MESSAGES_SECTION } from './screenshot-messages';
import { TextQueue, type TextProgress, type TextQueueOptions } from './text-queue';

export interface FactView extends EvidenceFact {
  /** For a phone number: the person of the case it belongs to, or null (not tied yet). */
  person: { id: string; name: string; role: string } | null;
}

export interface EvidenceTextView {
  /** 'not-a-screenshot': a camera photo left unread (camera-photo.ts); it can be read on request. */
  status: TextStatus | 'pending' | 'not-a-picture' | 'not-a-screenshot';
  /** Always shown with the text. */
  label: string;
  lang: 'eng' | 'hin' | 'eng+hin' | null;
  text: string;
  confidence: number | null;
  reason: string;
  /** SHA-256 of the reading (not of the picture). */
  sha256: string | null;
  readAt: string | null;
  engine: string | null;
  layout: TextLayout | null;
}

/** One item as `sakshya evidence show` prints it; sections add their own keys (see below). */
export interface EvidenceShow {
  evidence: StoredEvidence;
  text: EvidenceTextView;
  facts: FactView[];
  [section: string]: unknown;
}

/**
 * Extra parts of an item (the proposed messages of a chat screenshot, say): each adds a key to the
 * JSON and lines to the human output. Register with `EVIDENCE_SHOW_SECTIONS.push(...)`.
 */
export interface EvidenceShowSection {
  key: string;
  build(vault: Vault, evidence: StoredEvidence): { json: unknown; lines: string[] } | null;
}
export const EVIDENCE_SHOW_SECTIONS: EvidenceShowSection[] = [SCREENSHOT_MESSAGES_SECTION];

export function describeEvidenceText(vault: Vault, evidence: StoredEvidence): EvidenceTextView {
  const record = new EvidenceTextRepository(vault.db).get(evidence.id);
  const readable = (READABLE_PICTURE_TYPES as readonly string[]).includes(evidence.mediaType);
  return {
    status:
      record?.status === 'not-read-yet' && record.reason === NOT_A_SCREENSHOT
        ? 'not-a-screenshot'
        : (record?.status ?? (readable ? 'pending' : 'not-a-picture')),
    label: MACHINE_READ_LABEL.en,
    lang: record?.lang ?? null,
    text: record?.text ?? '',
    confidence: record?.confidence ?? null,
    reason: record?.reason ?? '',
    sha256: record?.sha256 ?? null,
    readAt: record?.readAt ?? null,
    engine: record?.engine ?? null,
    layout: record?.status === 'read' ? record.layout : null,
  };
}

/** The facts of an item; each phone number with the person it is tied to in the case. */
export function listFacts(vault: Vault, evidence: StoredEvidence): FactView[] {
  const people = new PeopleRepository(vault.db);
  const byId = new Map(people.list(evidence.caseId).map((person) => [person.id, person]));
  return new EvidenceTextRepository(vault.db).listFacts(evidence.id).map((fact) => {
    const owner =
      fact.kind === 'phone' ? people.findOwner(evidence.caseId, 'phone', fact.value) : null;
    const person = owner === null ? undefined : byId.get(owner);
    return {
      ...fact,
      person: person === undefined ? null : { id: person.id, name: person.name, role: person.role },
    };
  });
}

export function showEvidence(
  vault: Vault,
  evidenceId: string,
): { json: EvidenceShow; lines: string[] } {
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  const text = describeEvidenceText(vault, evidence);
  const facts = listFacts(vault, evidence);
  const json: EvidenceShow = { evidence, text, facts };
  const lines = [
    `${evidence.originalName} (${evidence.id})`,
    `sha256 ${evidence.sha256}  ${evidence.mediaType}  ${evidence.size} B`,
    `captured ${evidence.capturedAt ?? 'unknown'} (${evidence.capturedAtSource})`,
    ...describeTextLines(text),
    ...describeFactLines(evidence.caseId, facts),
  ];
  for (const section of EVIDENCE_SHOW_SECTIONS) {
    const built = section.build(vault, evidence);
    if (built === null) continue;
    json[section.key] = built.json;
    lines.push(...built.lines);
  }
  return { json, lines };
}

function describeTextLines(text: EvidenceTextView): string[] {
  if (text.status === 'not-a-picture') return [];
  if (text.status !== 'read')
    return [`Text: ${text.status === 'pending' ? 'not read yet' : text.reason}`];
  const language = { eng: 'English', hin: 'Hindi', 'eng+hin': 'English and Hindi' }[
    text.lang ?? 'eng'
  ];
  return [
    `Text (${text.label.toLowerCase()}; ${language}):`,
    ...text.text.split('\n').map((line) => `  ${line}`),
  ];
}

function describeFactLines(caseId: string, facts: readonly FactView[]): string[] {
  if (facts.length === 0) return [];
  return [
    'Facts:',
    ...facts.map((fact) => {
      const base = `  ${fact.kind.padEnd(6)} ${fact.value}${fact.shown === fact.value ? '' : `  (as read: ${fact.shown})`}`;
      if (fact.kind !== 'phone') return base;
      return fact.person === null
        ? `${base}  not tied to anyone: sakshya tie-number --case ${caseId} --number ${fact.value} --as harasser`
        : `${base}  ${fact.person.role}: ${fact.person.name || fact.person.id}`;
    }),
  ];
}

/** Reads every picture of the case not read yet, and resolves when done (the CLI's catch-up). */
/** Reads one picture even if it was left unread as a camera photo (`sakshya read-text --id`). */
export async function readTextAnyway(vault: Vault, evidenceId: string): Promise<EvidenceTextView> {
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  const queue = new TextQueue(vault);
  queue.enqueueAnyway(evidenceId);
  await queue.close();
  return describeEvidenceText(vault, evidence);
}

export async function readPendingText(
  vault: Vault,
  caseId: string,
  options: TextQueueOptions = {},
): Promise<TextProgress & { counts: Record<TextStatus | 'pending', number> }> {
  vault.getCase(caseId);
  let last: TextProgress = { done: 0, total: 0, state: 'done' };
  const queue = new TextQueue(vault, {
    ...options,
    onProgress: (progress) => {
      last = progress;
      options.onProgress?.(progress);
    },
  });
  queue.enqueuePending(caseId);
  await queue.close();
  return { ...last, counts: new EvidenceTextRepository(vault.db).countByStatus(caseId) };
}
