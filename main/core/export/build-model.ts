// Gathers everything an export says about a case into one plain ExportModel (export-model.ts):
// the items in timeline order and numbered, their hashes, metadata and previews, the timeline with
// its flags, the steps, the custody entries and a summary. Reads only; writes nothing.
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { SakshyaError } from '../../../shared/errors';
import { MACHINE_READ_LABEL } from '../../../shared/text-reading';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import { EvidenceTextRepository } from '../db/repositories/evidence-text';
import { formatInstantInZone } from '../time/zoned-time';
import { listCaseSteps, toCalendarDateInZone } from '../steps/case-steps';
import { classifyEvidence, listTimeline } from '../timeline/timeline';
import { readCheckedPreview } from '../vault/previews';
import type { Vault } from '../vault/vault';
import {
  EXPORT_SCHEMA_VERSION,
  type DeviceDetails,
  type ExportCustodyEntry,
  type ExportItem,
  type ExportModel,
  type ExportStep,
  type ExportSummary,
  type ExportTimelineEntry,
  type HashAlgorithm,
  type RecognizedTextAid,
} from './export-model';
import { formatTopFolder, MAX_NAME_BYTES, measureNameRoom, SafeNameAllocator } from './safe-name';

export const SOFTWARE_AGENT = 'Sakshya 0.1.0 (https://github.com/sakshya)';

export interface BuildModelOptions {
  caseId: string;
  /** A selection of evidence ids; default: the whole case. */
  evidenceIds?: string[];
  /** Include the original chat exports (default true). */
  includeChats?: boolean;
  extraHashes?: ('md5' | 'sha1')[];
  device?: DeviceDetails;
  bundleId?: string;
  signingKeyFingerprint?: string;
  generatedAt?: Date;
}

/** An item with the name of the stored (encrypted) file holding its bytes; never leaves main. */
export interface SourcedItem {
  item: ExportItem;
  blobName: string;
}

export interface BuiltModel {
  model: ExportModel;
  sources: SourcedItem[];
}

/** Contact kinds counted for the busiest day. */
const CONTACT_KINDS = new Set(['call', 'message', 'visit', 'threat', 'post']);

/**
 * The model for a whole case (or a selection). md5/sha1 are left out of `hashes` here: the bundle
 * writer computes them on the same pass that streams each file into the zip.
 */
export async function buildExportModel(
  vault: Vault,
  options: BuildModelOptions,
): Promise<BuiltModel> {
  const found = vault.getCase(options.caseId);
  const evidence = selectEvidence(vault, options);
  // Names short enough that every path stays under Windows' MAX_PATH once unpacked (the date
  // is always ten characters, so any date measures the same).
  const numbering = new SafeNameAllocator(
    MAX_NAME_BYTES,
    measureNameRoom(formatTopFolder(found.title, 'YYYY-MM-DD')),
  );
  const width = Math.max(4, String(evidence.length).length);
  const sources: SourcedItem[] = [];
  const chatIds = findChatEvidenceIds(vault, found.id);
  for (const [index, row] of evidence.entries()) {
    const number = index + 1;
    const prefix = String(number).padStart(width, '0');
    const thumbnailJpeg = await readThumbnailJpeg(vault, row.blobName);
    sources.push({
      blobName: row.blobName,
      item: {
        number,
        id: row.id,
        originalName: row.originalName,
        bagPath: `data/evidence/${numbering.allocate(`${prefix}_${row.originalName}`)}`,
        hashes: { sha256: row.sha256 },
        size: row.size,
        mediaType: row.mediaType,
        kind: chatIds.has(row.id) ? 'chat' : classifyEvidence(row.mediaType, row.originalName),
        capturedAt:
          row.capturedAt === null ? null : formatInstantInZone(row.capturedAt, found.timezone),
        capturedAtSource: row.capturedAtSource,
        capturedAtConfidence: row.capturedAtConfidence,
        importedAt: row.importedAt,
        provenance: { ...row.provenance },
        metadata: row.metadata,
        notes: row.notes,
        tags: row.tags,
        thumbnailJpeg,
        thumbnailBagPath: thumbnailJpeg === null ? null : `data/thumbnails/${prefix}.jpg`,
        recognizedText: describeRecognizedText(vault, row.id),
      },
    });
  }
  const items = sources.map((s) => s.item);
  const timeline = buildTimeline(vault, found.id, items);
  const model: ExportModel = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    bundleId: options.bundleId ?? randomUUID(),
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    softwareAgent: SOFTWARE_AGENT,
    signingKeyFingerprint: options.signingKeyFingerprint ?? '',
    case: {
      id: found.id,
      title: found.title,
      description: found.description,
      timezone: found.timezone,
      counterparty: {
        name: found.counterparty.name,
        kind: found.counterparty.kind,
        numbers: found.counterparty.numbers,
        handles: found.counterparty.handles,
        agentNames: found.counterparty.agentNames,
      },
    },
    period: { from: timeline[0]?.occurredAt ?? null, to: timeline.at(-1)?.occurredAt ?? null },
    hashAlgorithms: ['sha256', ...sortExtraHashes(options.extraHashes)],
    items,
    timeline,
    steps: buildSteps(vault, found.id, found.timezone),
    custody: selectCustody(vault, found.id, new Set(items.map((i) => i.id))),
    summary: summarise(items, timeline),
    device: options.device ?? null,
    part: { index: 1, count: 1 },
  };
  return { model, sources };
}

export function sortExtraHashes(extra: readonly ('md5' | 'sha1')[] | undefined): HashAlgorithm[] {
  const set = new Set(extra ?? []);
  return (['sha1', 'md5'] as const).filter((a) => set.has(a));
}

function selectEvidence(vault: Vault, options: BuildModelOptions): StoredEvidence[] {
  const all = new EvidenceRepository(vault.db).listByCase(options.caseId);
  let chosen = all;
  if (options.evidenceIds !== undefined) {
    const wanted = new Set(options.evidenceIds);
    const known = new Set(all.map((e) => e.id));
    const unknown = [...wanted].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new SakshyaError(
        'NOT_FOUND',
        `${String(unknown.length)} selected item(s) are not evidence of this case`,
      );
    }
    chosen = all.filter((e) => wanted.has(e.id));
  }
  if (options.includeChats === false) {
    const chats = findChatEvidenceIds(vault, options.caseId);
    chosen = chosen.filter((e) => !chats.has(e.id));
  }
  // Timeline order: when captured (or, unknown, when imported), then by name for a stable order.
  return [...chosen].sort((a, b) => {
    const at = (a.capturedAt ?? a.importedAt).localeCompare(b.capturedAt ?? b.importedAt);
    return at !== 0 ? at : a.originalName.localeCompare(b.originalName) || a.id.localeCompare(b.id);
  });
}

/** Evidence that is a chat export: the file the user gave, or the transcript taken from its zip. */
export function findChatEvidenceIds(vault: Vault, caseId: string): Set<string> {
  const rows = vault.db
    .prepare<[string], { chat: string | null; transcript: string | null }>(
      `SELECT DISTINCT json_extract(details, '$.chatEvidenceId') AS chat,
         json_extract(details, '$.transcriptEvidenceId') AS transcript
       FROM events WHERE case_id = ? AND json_extract(details, '$.chatEvidenceId') IS NOT NULL`,
    )
    .all(caseId);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.chat !== null) ids.add(row.chat);
    if (row.transcript !== null) ids.add(row.transcript);
  }
  return ids;
}

async function readThumbnailJpeg(vault: Vault, blobName: string): Promise<Buffer | null> {
  // Only a preview that matches the hash recorded when it was made goes into the report.
  const read = readCheckedPreview(vault, blobName);
  if (read.status !== 'ok') return null;
  try {
    // JPEG, not WebP: older PDF readers and Windows' own viewer open it everywhere.
    return await sharp(read.webp)
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    // A preview is a convenience; a damaged one never stops an export.
    return null;
  }
}

function buildTimeline(vault: Vault, caseId: string, items: ExportItem[]): ExportTimelineEntry[] {
  const numbers = new Map(items.map((i) => [i.id, i.number]));
  // Messages read from screenshots and confirmed, each with the screenshot it was read from.
  const screenshotOf = new Map(
    vault.db
      .prepare<[string], { event_id: string; evidence_id: string }>(
        `SELECT event_id, evidence_id FROM screenshot_messages
         WHERE case_id = ? AND status = 'confirmed' AND already_here = 0 AND event_id IS NOT NULL`,
      )
      .all(caseId)
      .map((row) => [row.event_id, row.evidence_id]),
  );
  return listTimeline(vault.db, { caseId })
    .filter((entry) => entry.source === 'event' || entry.evidenceIds.some((id) => numbers.has(id)))
    .map((entry) => ({
      occurredAt: entry.occurredAtLocal,
      kind:
        entry.source === 'evidence'
          ? (items.find((i) => i.id === entry.evidenceIds[0])?.kind ?? entry.kind)
          : entry.kind,
      actor: entry.actor,
      number: entry.number,
      text: entry.text,
      evidenceNumbers: entry.evidenceIds.flatMap((id) => numbers.get(id) ?? []),
      // Flags the user set aside (with a reason) are not presented as breaches.
      flags: entry.flags
        .filter((flag) => flag.dismissal === null)
        .map((flag) => ({
          ruleId: flag.ruleId,
          rule: flag.rule.en,
          source: flag.source.title,
          sourceUrl: flag.source.url,
          fact: flag.fact,
        })),
      readFromScreenshot:
        entry.source === 'event' ? (numbers.get(screenshotOf.get(entry.id) ?? '') ?? null) : null,
    }));
}

function buildSteps(vault: Vault, caseId: string, timeZone: string): ExportStep[] {
  const today = toCalendarDateInZone(new Date().toISOString(), timeZone);
  return listCaseSteps(vault, caseId, today).flatMap((playbook) =>
    playbook.steps.map((step) => ({
      playbook: playbook.title.en,
      stepId: step.stepId,
      title: step.title.en,
      status: step.status,
      doneOn: step.doneAt,
      dueOn: step.deadlines.map((d) => d.date).find((d) => d !== null) ?? null,
      notBefore: step.notBeforeDate,
      references: step.references,
      notes: step.references.notes ?? '',
    })),
  );
}

/** The custody entries about this case and its exported items, whole, so their hashes re-check. */
function selectCustody(vault: Vault, caseId: string, itemIds: Set<string>): ExportCustodyEntry[] {
  return vault
    .custody()
    .filter((entry) => isAboutCase(entry, caseId, itemIds))
    .map((entry) => ({ ...entry, details: { ...entry.details } }));
}

export function isAboutCase(
  entry: { subject: string; details: Record<string, unknown> },
  caseId: string,
  itemIds: ReadonlySet<string>,
): boolean {
  if (entry.subject === `case:${caseId}`) return true;
  // Evidence entries carry their case id too, but only the exported items' own are shown whole.
  if (entry.subject.startsWith('evidence:'))
    return itemIds.has(entry.subject.slice('evidence:'.length));
  return entry.details.caseId === caseId;
}

function summarise(items: ExportItem[], timeline: ExportTimelineEntry[]): ExportSummary {
  const countsByKind: Record<string, number> = {};
  for (const item of items) countsByKind[item.kind] = (countsByKind[item.kind] ?? 0) + 1;
  for (const entry of timeline) {
    if (entry.evidenceNumbers.length > 0 && !CONTACT_KINDS.has(entry.kind)) continue;
    countsByKind[entry.kind] = (countsByKind[entry.kind] ?? 0) + 1;
  }
  const perDay = new Map<string, number>();
  const contacts = timeline.filter((e) => CONTACT_KINDS.has(e.kind));
  for (const entry of contacts) {
    const day = entry.occurredAt.slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  let peakDay: ExportSummary['peakDay'] = null;
  for (const [date, count] of perDay) {
    if (peakDay === null || count > peakDay.contacts) peakDay = { date, contacts: count };
  }
  const rules = new Map<string, { ruleId: string; rule: string; source: string; count: number }>();
  let flaggedCount = 0;
  for (const entry of timeline) {
    if (entry.flags.length > 0) flaggedCount += 1;
    for (const flag of entry.flags) {
      const known = rules.get(flag.ruleId);
      if (known === undefined)
        rules.set(flag.ruleId, {
          ruleId: flag.ruleId,
          rule: flag.rule,
          source: flag.source,
          count: 1,
        });
      else known.count += 1;
    }
  }
  return {
    countsByKind,
    peakDay,
    flaggedCount,
    flaggedRules: [...rules.values()],
    firstContact: contacts[0]?.occurredAt ?? null,
    lastContact: contacts.at(-1)?.occurredAt ?? null,
  };
}

/** The picture's read text for the bundle, labelled as the machine's; null if never read. */
function describeRecognizedText(vault: Vault, evidenceId: string): RecognizedTextAid | null {
  const record = new EvidenceTextRepository(vault.db).get(evidenceId);
  if (record === undefined) return null;
  return {
    machineGenerated: true,
    label: MACHINE_READ_LABEL.en,
    status: record.status,
    language: record.lang,
    text: record.text,
    textSha256: createHash('sha256').update(record.text, 'utf8').digest('hex'),
    readingSha256: record.sha256,
    confidence: record.confidence,
    engine: record.engine,
    readAt: record.readAt,
  };
}
