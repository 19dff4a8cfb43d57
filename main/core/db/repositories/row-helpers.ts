// Small helpers every repository shares: validating what goes in (INVALID_INPUT), validating what
// comes out (VAULT_CORRUPT), and turning SQLite constraint errors into SakshyaErrors. Messages
// name fields and ids only, never the values, which may be evidence content.
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { SakshyaError } from '../../../../shared/errors';
import type { Database } from '../types';

export interface RepositoryOptions {
  /** The clock for created/updated timestamps; tests pass a fixed one. */
  now?: () => Date;
}

export type Clock = () => Date;

export function resolveClock(options: RepositoryOptions): Clock {
  return options.now ?? (() => new Date());
}

/** ISO 8601 in UTC with a `Z`, as Date#toISOString writes it (the schema's CHECKs demand the same). */
export const UtcTimestampSchema = z.iso.datetime();

export const IdSchema = z.string().min(1).max(100);

export const Hex64Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** A plain JSON object, so that what is stored reads back exactly (no Dates, bigints, NaN). */
export const JsonObjectSchema = z
  .record(z.string(), z.unknown())
  .refine(isPlainJson, { message: 'must hold only plain JSON values' });

export function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value).every(isPlainJson);
  }
  return false;
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`,
    );
    throw new SakshyaError('INVALID_INPUT', `invalid ${what}: ${fields.join('; ')}`);
  }
  return result.data;
}

export function parseRow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new SakshyaError('VAULT_CORRUPT', `${what} is unreadable`);
  return result.data;
}

/** JSON column text to a value; unparseable text becomes undefined, which row validation rejects. */
export function parseJsonColumn(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface ConstraintMessages {
  /** For UNIQUE / PRIMARY KEY violations (INVALID_INPUT). */
  duplicate: string;
  /** For FOREIGN KEY violations (NOT_FOUND). */
  missingReference: string;
}

/** Runs a write and turns constraint failures into SakshyaErrors a user can understand. */
export function runWrite<T>(write: () => T, messages: ConstraintMessages): T {
  try {
    return write();
  } catch (error) {
    if (!(error instanceof BetterSqlite3.SqliteError)) throw error;
    switch (error.code) {
      case 'SQLITE_CONSTRAINT_UNIQUE':
      case 'SQLITE_CONSTRAINT_PRIMARYKEY':
        throw new SakshyaError('INVALID_INPUT', messages.duplicate, { cause: error });
      case 'SQLITE_CONSTRAINT_FOREIGNKEY':
        throw new SakshyaError('NOT_FOUND', messages.missingReference, { cause: error });
      case 'SQLITE_CONSTRAINT_CHECK':
      case 'SQLITE_CONSTRAINT_NOTNULL':
        throw new SakshyaError(
          'INVALID_INPUT',
          'a value is not in the form the database requires',
          { cause: error },
        );
      case 'SQLITE_FULL':
        throw new SakshyaError('DISK_FULL', 'no space left to write to the database', {
          cause: error,
        });
      default:
        throw error;
    }
  }
}

/** Links may only point at evidence of the same case: a timeline must not cite another case's files. */
export function assertEvidenceInCase(
  db: Database,
  caseId: string,
  evidenceIds: readonly string[],
): void {
  const lookup = db.prepare<[string], string>('SELECT case_id FROM evidence WHERE id = ?').pluck();
  for (const id of evidenceIds) {
    const owner = lookup.get(id);
    if (owner === undefined) throw new SakshyaError('NOT_FOUND', `evidence ${id} does not exist`);
    if (owner !== caseId)
      throw new SakshyaError('INVALID_INPUT', `evidence ${id} belongs to another case`);
  }
}

/** Groups (owner, evidence) link rows into owner id → evidence ids, keeping row order. */
export function groupEvidenceLinks<R extends { evidence_id: string }>(
  rows: readonly R[],
  ownerOf: (row: R) => string,
): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const row of rows) {
    const owner = ownerOf(row);
    const list = grouped.get(owner) ?? [];
    list.push(row.evidence_id);
    grouped.set(owner, list);
  }
  return grouped;
}
