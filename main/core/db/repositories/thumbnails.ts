// The state of each stored file's preview: 'ready' (an encrypted WebP sits in thumbnails/) or
// 'none' with the plain reason there is no picture. One row per stored file, whatever its cases.
import { z } from 'zod';
import type { Database } from '../types';
import {
  Hex64Schema,
  parseInput,
  parseRow,
  resolveClock,
  runWrite,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';

export const THUMBNAIL_STATUSES = ['ready', 'none'] as const;

export interface ThumbnailRecord {
  blobName: string;
  status: (typeof THUMBNAIL_STATUSES)[number];
  /** Why there is no preview, or what is wrong with a ready one (e.g. a damaged picture). */
  reason: string;
  width: number | null;
  height: number | null;
  /** SHA-256 of the preview's WebP, recorded when it was made; null for one made before that. */
  sha256: string | null;
  createdAt: string;
}

export type NewThumbnail = Omit<ThumbnailRecord, 'createdAt' | 'sha256'> & {
  /** Required for a ready preview: it is checked against this whenever it is read. */
  sha256?: string | null;
};

const NewThumbnailSchema = z
  .object({
    blobName: Hex64Schema,
    status: z.enum(THUMBNAIL_STATUSES),
    reason: z.string().max(2000),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    sha256: Hex64Schema.nullable().default(null),
  })
  .refine((t) => (t.status === 'ready') === (t.width !== null && t.height !== null), {
    message: 'a ready preview has a size, and only a ready one',
  })
  .refine((t) => (t.status === 'ready') === (t.sha256 !== null), {
    message: 'a ready preview has a hash, and only a ready one',
  });

const ThumbnailRecordSchema = z.object({
  blobName: Hex64Schema,
  status: z.enum(THUMBNAIL_STATUSES),
  reason: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
});

interface ThumbnailRow {
  blob_name: string;
  status: string;
  reason: string;
  width: number | null;
  height: number | null;
  sha256: string | null;
  created_at: string;
}

const SELECT_THUMBNAILS =
  'SELECT blob_name, status, reason, width, height, sha256, created_at FROM thumbnails';

export class ThumbnailsRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  /** Records (or replaces) the preview state of a stored file; the file must be recorded in blobs. */
  upsert(input: NewThumbnail): ThumbnailRecord {
    const parsed = parseInput(NewThumbnailSchema, input, 'preview');
    const record: ThumbnailRecord = { ...parsed, createdAt: this.now().toISOString() };
    runWrite(
      () =>
        this.db
          .prepare(
            `INSERT INTO thumbnails (blob_name, status, reason, width, height, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (blob_name) DO UPDATE SET status = excluded.status, reason = excluded.reason,
               width = excluded.width, height = excluded.height, sha256 = excluded.sha256,
               created_at = excluded.created_at`,
          )
          .run(
            record.blobName,
            record.status,
            record.reason,
            record.width,
            record.height,
            record.sha256,
            record.createdAt,
          ),
      {
        duplicate: 'this preview is already recorded',
        missingReference: 'the stored file of this preview is not recorded',
      },
    );
    return record;
  }

  get(blobName: string): ThumbnailRecord | undefined {
    const row = this.db
      .prepare<[string], ThumbnailRow>(`${SELECT_THUMBNAILS} WHERE blob_name = ?`)
      .get(blobName);
    return row === undefined ? undefined : mapThumbnailRow(row);
  }

  /** Forgets a preview's state (one that failed its check), so it is made again from the original. */
  remove(blobName: string): void {
    this.db.prepare('DELETE FROM thumbnails WHERE blob_name = ?').run(blobName);
  }

  list(): ThumbnailRecord[] {
    return this.db
      .prepare<[], ThumbnailRow>(`${SELECT_THUMBNAILS} ORDER BY blob_name`)
      .all()
      .map(mapThumbnailRow);
  }
}

function mapThumbnailRow(row: ThumbnailRow): ThumbnailRecord {
  return parseRow(
    ThumbnailRecordSchema,
    {
      blobName: row.blob_name,
      status: row.status,
      reason: row.reason,
      width: row.width,
      height: row.height,
      sha256: row.sha256,
      createdAt: row.created_at,
    },
    `preview ${row.blob_name.slice(0, 12)}`,
  );
}
