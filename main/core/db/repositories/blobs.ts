// Stored files: one row per distinct content, named by the HMAC the blob store computes, shared by
// every evidence row (in any case) with that content.
import { z } from 'zod';
import { SakshyaError } from '../../../../shared/errors';
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
import { prepareCached } from '../statement-cache';

export interface BlobRecord {
  name: string;
  sha256: string;
  size: number;
  createdAt: string;
}

export type NewBlob = Pick<BlobRecord, 'name' | 'sha256' | 'size'>;

const NewBlobSchema = z.object({
  name: Hex64Schema,
  sha256: Hex64Schema,
  size: z.number().int().nonnegative(),
});

const BlobRecordSchema = NewBlobSchema.extend({ createdAt: z.string() });

interface BlobRow {
  name: string;
  sha256: string;
  size: number;
  created_at: string;
}

const SELECT_BLOBS = 'SELECT name, sha256, size, created_at FROM blobs';

export class BlobsRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  /** True when the row was added; false when that stored file was already known. */
  insertIfMissing(blob: NewBlob): boolean {
    const parsed = parseInput(NewBlobSchema, blob, 'stored file');
    const result = runWrite(
      () =>
        prepareCached(
          this.db,
          'INSERT INTO blobs (name, sha256, size, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
        ).run(parsed.name, parsed.sha256, parsed.size, this.now().toISOString()),
      {
        duplicate: 'this stored file is already recorded',
        missingReference: 'a referenced item does not exist',
      },
    );
    if (result.changes === 1) return true;
    const existing = this.get(parsed.name);
    // The name is derived from the content, so the same name with another hash means damage.
    if (
      existing !== undefined &&
      (existing.sha256 !== parsed.sha256 || existing.size !== parsed.size)
    ) {
      throw new SakshyaError(
        'INTEGRITY_FAILURE',
        'a stored file is recorded with a different hash or size',
      );
    }
    return false;
  }

  get(name: string): BlobRecord | undefined {
    const row = prepareCached<[string], BlobRow>(this.db, `${SELECT_BLOBS} WHERE name = ?`).get(
      name,
    );
    return row === undefined ? undefined : mapBlobRow(row);
  }

  list(): BlobRecord[] {
    return this.db.prepare<[], BlobRow>(`${SELECT_BLOBS} ORDER BY name`).all().map(mapBlobRow);
  }

  /** How many evidence rows (across all cases) use this stored file. */
  countReferences(name: string): number {
    const count = this.db
      .prepare<[string], number>('SELECT count(*) FROM evidence WHERE blob_name = ?')
      .pluck()
      .get(name);
    return count ?? 0;
  }
}

function mapBlobRow(row: BlobRow): BlobRecord {
  return parseRow(
    BlobRecordSchema,
    { name: row.name, sha256: row.sha256, size: row.size, createdAt: row.created_at },
    `stored file ${row.name.slice(0, 12)}`,
  );
}
