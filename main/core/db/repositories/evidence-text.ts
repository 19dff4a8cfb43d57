// Text read from pictures and the facts picked out of it (migration 0008). One row per picture that
// has been through recognition; pictures without a row are still to be read. Saving a reading
// replaces its facts in the same transaction, and the search index follows through triggers.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../../shared/canonical-json';
import type { Database } from '../types';
import {
  Hex64Schema,
  IdSchema,
  parseInput,
  parseJsonColumn,
  parseRow,
  resolveClock,
  runWrite,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';

export const TEXT_STATUSES = ['read', 'no-text', 'not-read-yet', 'failed'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];
export const TEXT_LANGUAGES = ['eng', 'hin', 'eng+hin'] as const;
export const FACT_KINDS = ['phone', 'upi', 'amount', 'url', 'email'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/**
 * Pictures recognition can open (sharp's decoders, and HEIC/HEIF decoded by libheif as the
 * previews are); other files are never queued.
 */
export const READABLE_PICTURE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/tiff',
  'image/bmp',
  'image/heic',
  'image/heif',
] as const;

const BoxSchema = z.object({
  x0: z.number().int(),
  y0: z.number().int(),
  x1: z.number().int(),
  y1: z.number().int(),
});
const WordSchema = z.object({
  text: z.string().min(1).max(500),
  bbox: BoxSchema,
  confidence: z.number().int().min(0).max(100),
});
const LineSchema = z.object({
  text: z.string().max(5000),
  bbox: BoxSchema,
  confidence: z.number().int().min(0).max(100),
  firstWord: z.number().int().min(0),
  wordCount: z.number().int().min(0),
});
export const TextLayoutSchema = z.object({
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  words: z.array(WordSchema),
  lines: z.array(LineSchema),
});
export type TextLayout = z.infer<typeof TextLayoutSchema>;

export const EMPTY_LAYOUT: TextLayout = { width: 0, height: 0, words: [], lines: [] };

const FactSchema = z.object({
  kind: z.enum(FACT_KINDS),
  value: z.string().min(1).max(500),
  shown: z.string().min(1).max(500),
});
export type EvidenceFact = z.infer<typeof FactSchema>;

const NewTextSchema = z
  .object({
    evidenceId: IdSchema,
    status: z.enum(TEXT_STATUSES),
    lang: z.enum(TEXT_LANGUAGES).nullable(),
    text: z.string().max(200_000),
    layout: TextLayoutSchema,
    confidence: z.number().int().min(0).max(100).nullable(),
    reason: z.string().max(2000),
    engine: z.string().min(1).max(200),
  })
  .refine((t) => (t.status === 'read') === (t.lang !== null), {
    message: 'read text has a language, and only read text',
  })
  .refine((t) => t.status === 'read' || (t.text === '' && t.confidence === null), {
    message: 'only read text has words',
  });
export type NewEvidenceText = z.input<typeof NewTextSchema>;

export interface EvidenceTextRecord extends z.output<typeof NewTextSchema> {
  caseId: string;
  /** SHA-256 of the reading's canonical JSON (see hashReading). */
  sha256: string;
  readAt: string;
}

const RecordSchema = z.object({
  evidenceId: IdSchema,
  caseId: IdSchema,
  status: z.enum(TEXT_STATUSES),
  lang: z.enum(TEXT_LANGUAGES).nullable(),
  text: z.string(),
  layout: TextLayoutSchema,
  confidence: z.number().int().nullable(),
  reason: z.string(),
  engine: z.string(),
  sha256: Hex64Schema,
  readAt: z.string(),
});

interface TextRow {
  evidence_id: string;
  case_id: string;
  status: string;
  lang: string | null;
  text: string;
  layout: string;
  confidence: number | null;
  reason: string;
  engine: string;
  sha256: string;
  read_at: string;
}

/** A picture still to be read. */
export interface PendingPicture {
  evidenceId: string;
  caseId: string;
  blobName: string;
  mediaType: string;
}

const SELECT_TEXT = `SELECT evidence_id, case_id, status, lang, text, layout, confidence, reason, engine,
  sha256, read_at FROM evidence_text`;

/**
 * The hash a bundle lists for a reading: SHA-256 of the canonical JSON of what was read (status,
 * language, text, word positions, reason, engine), apart from the original picture's own hash.
 */
export function hashReading(reading: z.output<typeof NewTextSchema>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        evidenceId: reading.evidenceId,
        status: reading.status,
        lang: reading.lang,
        text: reading.text,
        layout: reading.layout,
        confidence: reading.confidence,
        reason: reading.reason,
        engine: reading.engine,
      }),
    )
    .digest('hex');
}

export class EvidenceTextRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  /** Records (or replaces) what was read from a picture, with its facts, in one transaction. */
  save(input: NewEvidenceText, facts: readonly EvidenceFact[] = []): EvidenceTextRecord {
    const parsed = parseInput(NewTextSchema, input, 'text reading');
    const parsedFacts = parseInput(z.array(FactSchema), facts, 'facts');
    const owner = this.db
      .prepare<[string], { case_id: string }>('SELECT case_id FROM evidence WHERE id = ?')
      .get(parsed.evidenceId);
    const record: EvidenceTextRecord = {
      ...parsed,
      caseId: owner?.case_id ?? '',
      sha256: hashReading(parsed),
      readAt: this.now().toISOString(),
    };
    const write = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO evidence_text (evidence_id, case_id, status, lang, text, layout, confidence, reason,
             engine, sha256, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (evidence_id) DO UPDATE SET status = excluded.status, lang = excluded.lang,
             text = excluded.text, layout = excluded.layout, confidence = excluded.confidence,
             reason = excluded.reason, engine = excluded.engine, sha256 = excluded.sha256,
             read_at = excluded.read_at`,
        )
        .run(
          record.evidenceId,
          record.caseId,
          record.status,
          record.lang,
          record.text,
          JSON.stringify(record.layout),
          record.confidence,
          record.reason,
          record.engine,
          record.sha256,
          record.readAt,
        );
      this.db.prepare('DELETE FROM evidence_facts WHERE evidence_id = ?').run(record.evidenceId);
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO evidence_facts (evidence_id, case_id, kind, value, shown) VALUES (?, ?, ?, ?, ?)',
      );
      for (const fact of parsedFacts)
        insert.run(record.evidenceId, record.caseId, fact.kind, fact.value, fact.shown);
    });
    runWrite(
      () => {
        write();
      },
      {
        duplicate: 'this reading is already recorded',
        missingReference: 'the evidence this text was read from is not recorded',
      },
    );
    return record;
  }

  get(evidenceId: string): EvidenceTextRecord | undefined {
    const row = this.db
      .prepare<[string], TextRow>(`${SELECT_TEXT} WHERE evidence_id = ?`)
      .get(evidenceId);
    return row === undefined ? undefined : mapRow(row);
  }

  listFacts(evidenceId: string): EvidenceFact[] {
    const rows = this.db
      .prepare<[string], EvidenceFact>(
        'SELECT kind, value, shown FROM evidence_facts WHERE evidence_id = ? ORDER BY kind, value',
      )
      .all(evidenceId);
    return rows.map((row) => parseRow(FactSchema, row, 'a fact read from a picture'));
  }

  /** Evidence of a case whose text holds this fact (e.g. a phone number in E.164). */
  findByFact(caseId: string, kind: FactKind, value: string): string[] {
    return this.db
      .prepare<[string, string, string], { evidence_id: string }>(
        'SELECT evidence_id FROM evidence_facts WHERE case_id = ? AND kind = ? AND value = ? ORDER BY evidence_id',
      )
      .all(caseId, kind, value)
      .map((row) => row.evidence_id);
  }

  /** Pictures not read yet, oldest import first; one case or all. */
  listPending(caseId?: string): PendingPicture[] {
    const types = READABLE_PICTURE_TYPES.map(() => '?').join(', ');
    const where = caseId === undefined ? '' : 'AND v.case_id = ?';
    const params: string[] = [...READABLE_PICTURE_TYPES, ...(caseId === undefined ? [] : [caseId])];
    return this.db
      .prepare<string[], PendingPicture>(
        `SELECT v.id AS evidenceId, v.case_id AS caseId, v.blob_name AS blobName, v.media_type AS mediaType
         FROM evidence v LEFT JOIN evidence_text t ON t.evidence_id = v.id
         WHERE t.evidence_id IS NULL AND v.media_type IN (${types}) ${where}
         ORDER BY v.imported_at, v.rowid`,
      )
      .all(...params);
  }

  /** How many pictures of a case are in each state ('pending': not read yet). */
  countByStatus(caseId: string): Record<TextStatus | 'pending', number> {
    const counts = { read: 0, 'no-text': 0, 'not-read-yet': 0, failed: 0, pending: 0 };
    const rows = this.db
      .prepare<[string], { status: TextStatus; n: number }>(
        'SELECT status, count(*) AS n FROM evidence_text WHERE case_id = ? GROUP BY status',
      )
      .all(caseId);
    for (const row of rows) counts[row.status] = row.n;
    counts.pending = this.listPending(caseId).length;
    return counts;
  }
}

function mapRow(row: TextRow): EvidenceTextRecord {
  return parseRow(
    RecordSchema,
    {
      evidenceId: row.evidence_id,
      caseId: row.case_id,
      status: row.status,
      lang: row.lang,
      text: row.text,
      layout: parseJsonColumn(row.layout),
      confidence: row.confidence,
      reason: row.reason,
      engine: row.engine,
      sha256: row.sha256,
      readAt: row.read_at,
    },
    'a text reading',
  );
}
