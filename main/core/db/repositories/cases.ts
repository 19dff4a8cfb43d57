import { randomUUID } from 'node:crypto';
import {
  CaseInputSchema,
  CasePatchSchema,
  CaseSchema,
  type Case,
  type CaseInput,
  type CasePatch,
} from '../../../../shared/domain';
import { SakshyaError } from '../../../../shared/errors';
import type { Database } from '../types';
import {
  parseInput,
  parseJsonColumn,
  parseRow,
  resolveClock,
  runWrite,
  UtcTimestampSchema,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';

interface CaseRow {
  id: string;
  title: string;
  description: string;
  counterparty: string;
  status: string;
  timezone: string;
  created_at: string;
  updated_at: string;
}

const SELECT_CASES =
  'SELECT id, title, description, counterparty, status, timezone, created_at, updated_at FROM cases';

/** A restored case keeps its own id and timestamps, which must still be UTC ISO. */
const RestoredCaseSchema = CaseSchema.extend({
  createdAt: UtcTimestampSchema,
  updatedAt: UtcTimestampSchema,
});

export class CasesRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  create(input: CaseInput): Case {
    const parsed = parseInput(CaseInputSchema, input, 'case');
    const at = this.now().toISOString();
    const record: Case = {
      id: randomUUID(),
      ...parsed,
      status: 'open',
      createdAt: at,
      updatedAt: at,
    };
    this.insertRow(record);
    return record;
  }

  /** Inserts a case exactly as given (id and timestamps too): `sakshya rebuild` uses it. */
  restore(record: Case): Case {
    const parsed = parseInput(RestoredCaseSchema, record, 'case');
    this.insertRow(parsed);
    return parsed;
  }

  get(id: string): Case | undefined {
    const row = this.db.prepare<[string], CaseRow>(`${SELECT_CASES} WHERE id = ?`).get(id);
    return row === undefined ? undefined : mapCaseRow(row);
  }

  require(id: string): Case {
    const found = this.get(id);
    if (found === undefined) throw new SakshyaError('NOT_FOUND', `case ${id} does not exist`);
    return found;
  }

  /** Most recently updated first. */
  list(): Case[] {
    return this.db
      .prepare<[], CaseRow>(`${SELECT_CASES} ORDER BY updated_at DESC, created_at DESC, rowid DESC`)
      .all()
      .map(mapCaseRow);
  }

  update(id: string, patch: CasePatch): Case {
    const parsed = parseInput(CasePatchSchema, patch, 'case changes');
    const current = this.require(id);
    const next: Case = {
      ...current,
      title: parsed.title ?? current.title,
      description: parsed.description ?? current.description,
      counterparty: parsed.counterparty ?? current.counterparty,
      timezone: parsed.timezone ?? current.timezone,
      status: parsed.status ?? current.status,
      updatedAt: this.now().toISOString(),
    };
    runWrite(
      () =>
        this.db
          .prepare(
            `UPDATE cases SET title = ?, description = ?, counterparty = ?, status = ?, timezone = ?, updated_at = ?
             WHERE id = ?`,
          )
          .run(
            next.title,
            next.description,
            JSON.stringify(next.counterparty),
            next.status,
            next.timezone,
            next.updatedAt,
            id,
          ),
      {
        duplicate: 'this case already exists',
        missingReference: 'a referenced item does not exist',
      },
    );
    return next;
  }

  private insertRow(record: Case): void {
    runWrite(
      () =>
        this.db
          .prepare(
            `INSERT INTO cases (id, title, description, counterparty, status, timezone, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            record.id,
            record.title,
            record.description,
            JSON.stringify(record.counterparty),
            record.status,
            record.timezone,
            record.createdAt,
            record.updatedAt,
          ),
      {
        duplicate: `case ${record.id} already exists`,
        missingReference: 'a referenced item does not exist',
      },
    );
  }
}

function mapCaseRow(row: CaseRow): Case {
  return parseRow(
    CaseSchema,
    {
      id: row.id,
      title: row.title,
      description: row.description,
      counterparty: parseJsonColumn(row.counterparty),
      status: row.status,
      timezone: row.timezone,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    `case ${row.id}`,
  );
}
