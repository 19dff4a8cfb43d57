import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CAPTURED_AT_SOURCES,
  CapturedAtOriginalSchema,
  CONFIDENCES,
  EvidenceSchema,
  type CapturedAtOriginal,
  ProvenanceSchema,
  type Evidence,
  type Provenance,
} from '../../../../shared/domain';
import { SakshyaError } from '../../../../shared/errors';
import type { Database } from '../types';
import {
  Hex64Schema,
  IdSchema,
  JsonObjectSchema,
  parseInput,
  parseJsonColumn,
  parseRow,
  resolveClock,
  runWrite,
  UtcTimestampSchema,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';
import { prepareCached } from '../statement-cache';

/** An evidence record with the name of the stored file holding its bytes. */
export type StoredEvidence = Evidence & { blobName: string };

/** Fields with a default that callers may leave out. */
type DefaultedField =
  'capturedAtDetail' | 'capturedAtZoneAssumed' | 'capturedAtOriginal' | 'warnings';

export type NewEvidence = Omit<Evidence, 'id' | 'importedAt' | DefaultedField> &
  Partial<Pick<Evidence, DefaultedField>> & {
    blobName: string;
    id?: string;
    importedAt?: string;
  };

export interface EvidencePatch {
  notes?: string;
  tags?: string[];
  provenance?: Provenance;
  capturedAt?: string | null;
  capturedAtSource?: Evidence['capturedAtSource'];
  capturedAtConfidence?: Evidence['capturedAtConfidence'];
  capturedAtDetail?: string;
  capturedAtZoneAssumed?: boolean;
  capturedAtOriginal?: CapturedAtOriginal | null;
  metadata?: Record<string, unknown>;
}

const StoredEvidenceSchema = EvidenceSchema.extend({ blobName: Hex64Schema });

const NewEvidenceSchema = StoredEvidenceSchema.extend({
  id: IdSchema.optional(),
  importedAt: UtcTimestampSchema.optional(),
  capturedAt: UtcTimestampSchema.nullable(),
  metadata: JsonObjectSchema,
});

const EvidencePatchSchema = z.object({
  notes: z.string().optional(),
  tags: z.array(z.string()).optional(),
  provenance: ProvenanceSchema.optional(),
  capturedAt: UtcTimestampSchema.nullable().optional(),
  capturedAtSource: z.enum(CAPTURED_AT_SOURCES).optional(),
  capturedAtConfidence: z.enum(CONFIDENCES).optional(),
  capturedAtDetail: z.string().optional(),
  capturedAtZoneAssumed: z.boolean().optional(),
  capturedAtOriginal: CapturedAtOriginalSchema.nullable().optional(),
  metadata: JsonObjectSchema.optional(),
});

interface EvidenceRow {
  id: string;
  case_id: string;
  blob_name: string;
  original_name: string;
  size: number;
  sha256: string;
  media_type: string;
  captured_at: string | null;
  captured_at_source: string;
  captured_at_confidence: string;
  captured_at_detail: string;
  captured_at_zone_assumed: number;
  captured_at_original: string | null;
  import_warnings: string;
  imported_at: string;
  metadata: string;
  provenance: string;
  notes: string;
  tags: string;
}

const SELECT_EVIDENCE = `SELECT id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
  captured_at_source, captured_at_confidence, captured_at_detail, captured_at_zone_assumed, captured_at_original,
  import_warnings, imported_at, metadata, provenance, notes, tags FROM evidence`;

export class EvidenceRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  /** The stored file must already be recorded (BlobsRepository) with the same sha256. */
  insert(record: NewEvidence): StoredEvidence {
    const parsed = parseInput(NewEvidenceSchema, record, 'evidence');
    const stored: StoredEvidence = {
      ...parsed,
      id: parsed.id ?? randomUUID(),
      importedAt: parsed.importedAt ?? this.now().toISOString(),
    };
    runWrite(
      () =>
        prepareCached(
          this.db,
          `INSERT INTO evidence (id, case_id, blob_name, original_name, size, sha256, media_type, captured_at,
               captured_at_source, captured_at_confidence, captured_at_detail, captured_at_zone_assumed,
               captured_at_original, import_warnings, imported_at, metadata, provenance, notes, tags)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          stored.id,
          stored.caseId,
          stored.blobName,
          stored.originalName,
          stored.size,
          stored.sha256,
          stored.mediaType,
          stored.capturedAt,
          stored.capturedAtSource,
          stored.capturedAtConfidence,
          stored.capturedAtDetail,
          stored.capturedAtZoneAssumed ? 1 : 0,
          stored.capturedAtOriginal === null ? null : JSON.stringify(stored.capturedAtOriginal),
          JSON.stringify(stored.warnings),
          stored.importedAt,
          JSON.stringify(stored.metadata),
          JSON.stringify(stored.provenance),
          stored.notes,
          JSON.stringify(stored.tags),
        ),
      {
        duplicate: 'this file (same SHA-256) is already evidence in this case, or the id is taken',
        missingReference: 'the case, or the stored file with this SHA-256, is not recorded',
      },
    );
    return stored;
  }

  get(id: string): StoredEvidence | undefined {
    const row = this.db.prepare<[string], EvidenceRow>(`${SELECT_EVIDENCE} WHERE id = ?`).get(id);
    return row === undefined ? undefined : mapEvidenceRow(row);
  }

  require(id: string): StoredEvidence {
    const found = this.get(id);
    if (found === undefined) throw new SakshyaError('NOT_FOUND', `evidence ${id} does not exist`);
    return found;
  }

  findBySha256(caseId: string, sha256: string): StoredEvidence | undefined {
    const row = prepareCached<[string, string], EvidenceRow>(
      this.db,
      `${SELECT_EVIDENCE} WHERE case_id = ? AND sha256 = ?`,
    ).get(caseId, sha256);
    return row === undefined ? undefined : mapEvidenceRow(row);
  }

  /** In import order. */
  listByCase(caseId: string): StoredEvidence[] {
    return this.db
      .prepare<[string], EvidenceRow>(
        `${SELECT_EVIDENCE} WHERE case_id = ? ORDER BY imported_at, rowid`,
      )
      .all(caseId)
      .map(mapEvidenceRow);
  }

  listAll(): StoredEvidence[] {
    return this.db
      .prepare<[], EvidenceRow>(`${SELECT_EVIDENCE} ORDER BY case_id, imported_at, rowid`)
      .all()
      .map(mapEvidenceRow);
  }

  /** Only descriptive fields change; the file, its hash and size never do. */
  update(id: string, patch: EvidencePatch): StoredEvidence {
    const parsed = parseInput(EvidencePatchSchema, patch, 'evidence changes');
    const current = this.require(id);
    const next: StoredEvidence = {
      ...current,
      notes: parsed.notes ?? current.notes,
      tags: parsed.tags ?? current.tags,
      provenance: parsed.provenance ?? current.provenance,
      capturedAt: parsed.capturedAt === undefined ? current.capturedAt : parsed.capturedAt,
      capturedAtSource: parsed.capturedAtSource ?? current.capturedAtSource,
      capturedAtConfidence: parsed.capturedAtConfidence ?? current.capturedAtConfidence,
      capturedAtDetail: parsed.capturedAtDetail ?? current.capturedAtDetail,
      capturedAtZoneAssumed: parsed.capturedAtZoneAssumed ?? current.capturedAtZoneAssumed,
      capturedAtOriginal:
        parsed.capturedAtOriginal === undefined
          ? current.capturedAtOriginal
          : parsed.capturedAtOriginal,
      metadata: parsed.metadata ?? current.metadata,
    };
    runWrite(
      () =>
        this.db
          .prepare(
            `UPDATE evidence SET notes = ?, tags = ?, provenance = ?, captured_at = ?, captured_at_source = ?,
               captured_at_confidence = ?, captured_at_detail = ?, captured_at_zone_assumed = ?,
               captured_at_original = ?, metadata = ?
             WHERE id = ?`,
          )
          .run(
            next.notes,
            JSON.stringify(next.tags),
            JSON.stringify(next.provenance),
            next.capturedAt,
            next.capturedAtSource,
            next.capturedAtConfidence,
            next.capturedAtDetail,
            next.capturedAtZoneAssumed ? 1 : 0,
            next.capturedAtOriginal === null ? null : JSON.stringify(next.capturedAtOriginal),
            JSON.stringify(next.metadata),
            id,
          ),
      {
        duplicate: 'this evidence already exists',
        missingReference: 'a referenced item does not exist',
      },
    );
    return next;
  }
}

function mapEvidenceRow(row: EvidenceRow): StoredEvidence {
  return parseRow(
    StoredEvidenceSchema,
    {
      id: row.id,
      caseId: row.case_id,
      blobName: row.blob_name,
      originalName: row.original_name,
      size: row.size,
      sha256: row.sha256,
      mediaType: row.media_type,
      capturedAt: row.captured_at,
      capturedAtSource: row.captured_at_source,
      capturedAtConfidence: row.captured_at_confidence,
      capturedAtDetail: row.captured_at_detail,
      capturedAtZoneAssumed: row.captured_at_zone_assumed === 1,
      capturedAtOriginal:
        row.captured_at_original === null ? null : parseJsonColumn(row.captured_at_original),
      warnings: parseJsonColumn(row.import_warnings),
      importedAt: row.imported_at,
      metadata: parseJsonColumn(row.metadata),
      provenance: parseJsonColumn(row.provenance),
      notes: row.notes,
      tags: parseJsonColumn(row.tags),
    },
    `evidence ${row.id}`,
  );
}
