// Saved complaint drafts. Each save is a new numbered version for (case, kind); old versions are
// never changed (a trigger refuses updates), so the letter that was sent can always be found again.
// The text sits in the encrypted database like every other record.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../types';
import {
  parseInput,
  parseRow,
  resolveClock,
  runWrite,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';

export const DRAFT_VERSION_KINDS = ['cybercrime', 'police', 'lender', 'ombudsman', 'ncw'] as const;
export const DRAFT_VERSION_LANGUAGES = ['en', 'hi'] as const;
/** Far above any complaint form; stops a runaway paste from filling the database. */
export const MAX_DRAFT_CHARS = 200_000;

const DraftSaveSchema = z.object({
  caseId: z.string().min(1),
  kind: z.enum(DRAFT_VERSION_KINDS),
  lang: z.enum(DRAFT_VERSION_LANGUAGES),
  body: z.string().max(MAX_DRAFT_CHARS),
});
export type DraftSave = z.input<typeof DraftSaveSchema>;

const DraftVersionSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(DRAFT_VERSION_KINDS),
  lang: z.enum(DRAFT_VERSION_LANGUAGES),
  version: z.int().positive(),
  body: z.string(),
  savedAt: z.string(),
});
export type DraftVersion = z.infer<typeof DraftVersionSchema>;

interface DraftRow {
  id: string;
  case_id: string;
  kind: string;
  lang: string;
  version: number;
  body: string;
  saved_at: string;
}

const SELECT = 'SELECT id, case_id, kind, lang, version, body, saved_at FROM draft_versions';

export class DraftVersionsRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  save(input: DraftSave): DraftVersion {
    const parsed = parseInput(DraftSaveSchema, input, 'draft');
    return this.db.transaction((): DraftVersion => {
      const last = this.db
        .prepare<[string, string], number | null>(
          'SELECT max(version) FROM draft_versions WHERE case_id = ? AND kind = ?',
        )
        .pluck()
        .get(parsed.caseId, parsed.kind);
      const saved: DraftVersion = {
        id: randomUUID(),
        ...parsed,
        version: (last ?? 0) + 1,
        savedAt: this.now().toISOString(),
      };
      runWrite(
        () =>
          this.db
            .prepare(
              `INSERT INTO draft_versions (id, case_id, kind, lang, version, body, saved_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              saved.id,
              saved.caseId,
              saved.kind,
              saved.lang,
              saved.version,
              saved.body,
              saved.savedAt,
            ),
        {
          duplicate: 'this draft version already exists',
          missingReference: `case ${saved.caseId} does not exist`,
        },
      );
      return saved;
    })();
  }

  /** Newest first; all kinds when `kind` is left out. */
  list(caseId: string, kind?: DraftVersion['kind']): DraftVersion[] {
    const rows =
      kind === undefined
        ? this.db
            .prepare<[string], DraftRow>(
              `${SELECT} WHERE case_id = ? ORDER BY saved_at DESC, version DESC`,
            )
            .all(caseId)
        : this.db
            .prepare<[string, string], DraftRow>(
              `${SELECT} WHERE case_id = ? AND kind = ? ORDER BY version DESC`,
            )
            .all(caseId, kind);
    return rows.map(mapRow);
  }

  find(caseId: string, id: string): DraftVersion | undefined {
    const row = this.db
      .prepare<[string, string], DraftRow>(`${SELECT} WHERE case_id = ? AND id = ?`)
      .get(caseId, id);
    return row === undefined ? undefined : mapRow(row);
  }
}

function mapRow(row: DraftRow): DraftVersion {
  return parseRow(
    DraftVersionSchema,
    {
      id: row.id,
      caseId: row.case_id,
      kind: row.kind,
      lang: row.lang,
      version: row.version,
      body: row.body,
      savedAt: row.saved_at,
    },
    `draft ${row.id}`,
  );
}
