// The chain-of-custody log: an append-only, hash-chained record of everything done to the vault.
// The hash recipe and verification live in custody-verify.ts (no database needed there). Triggers
// in the schema refuse UPDATE and DELETE, and only let an entry in where the head says the chain ends.
import { CustodyEntrySchema, type CustodyEntry } from '../../../shared/domain';
import { canonicalJson, type JsonValue } from '../../../shared/canonical-json';
import { SakshyaError } from '../../../shared/errors';
import type { Database } from '../db/types';
import {
  computeCustodyHash,
  verifyCustodyEntries,
  type CustodyHead,
  type CustodyProblem,
  type VerifiableCustodyEntry,
} from './custody-verify';
import { prepareCached } from '../db/statement-cache';

export {
  computeCustodyHash,
  GENESIS_HASH,
  verifyCustodyEntries,
  type CustodyHead,
  type CustodyProblem,
  type CustodyProblemKind,
  type VerifiableCustodyEntry,
} from './custody-verify';

export interface AppendCustodyInput {
  action: string;
  subject: string;
  /** Never secrets or evidence content: names, ids, hashes, sizes, counts. */
  details?: Record<string, JsonValue>;
  at?: Date;
}

interface CustodyRow {
  seq: number;
  at: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

const SELECT_ENTRIES = 'SELECT seq, at, action, subject, details, prev_hash, hash FROM custody_log';

/**
 * Appends one entry and moves the head onto it. Call it inside the same `db.transaction` as the
 * change it records: better-sqlite3 nests this one as a savepoint, so both commit or neither does.
 * Called on its own, it is its own transaction.
 */
export function appendCustody(db: Database, input: AppendCustodyInput): CustodyEntry {
  if (input.action.length === 0)
    throw new SakshyaError('INTERNAL', 'a custody entry needs an action');
  let detailsJson: string;
  try {
    detailsJson = canonicalJson(input.details ?? {});
  } catch (error) {
    throw new SakshyaError('INTERNAL', 'custody details must be JSON with whole numbers only', {
      cause: error,
    });
  }
  // Stored exactly as hashed, so re-verification parses back the very same value.
  const details = CustodyEntrySchema.shape.details.parse(JSON.parse(detailsJson));
  const at = (input.at ?? new Date()).toISOString();

  const append = db.transaction((): CustodyEntry => {
    const head = readCustodyHead(db);
    if (head === undefined)
      throw new SakshyaError('INTEGRITY_FAILURE', 'the custody log head is missing');
    const entry = {
      seq: head.seq + 1,
      at,
      action: input.action,
      subject: input.subject,
      details,
      prevHash: head.hash,
    };
    const hash = computeCustodyHash(entry);
    prepareCached(
      db,
      'INSERT INTO custody_log (seq, at, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(entry.seq, entry.at, entry.action, entry.subject, detailsJson, entry.prevHash, hash);
    prepareCached(db, 'UPDATE custody_head SET seq = ?, hash = ? WHERE id = 1').run(
      entry.seq,
      hash,
    );
    return { ...entry, hash };
  });
  // IMMEDIATE takes the write lock up front, so reading the head cannot race another process
  // (inside a caller's transaction better-sqlite3 makes this a savepoint instead).
  return append.immediate();
}

/** Entries oldest first, optionally only those about one subject (e.g. `evidence:<id>`). */
export function listCustody(db: Database, filter: { subject?: string } = {}): CustodyEntry[] {
  const rows =
    filter.subject === undefined
      ? db.prepare<[], CustodyRow>(`${SELECT_ENTRIES} ORDER BY seq`).all()
      : db
          .prepare<[string], CustodyRow>(`${SELECT_ENTRIES} WHERE subject = ? ORDER BY seq`)
          .all(filter.subject);
  return rows.map((row) => {
    const parsed = CustodyEntrySchema.safeParse(toVerifiable(row));
    if (!parsed.success)
      throw new SakshyaError('VAULT_CORRUPT', `custody entry ${row.seq} is unreadable`);
    return parsed.data;
  });
}

export function readCustodyHead(db: Database): CustodyHead | undefined {
  return prepareCached<[], CustodyHead>(
    db,
    'SELECT seq, hash FROM custody_head WHERE id = 1',
  ).get();
}

/** Verifies the whole stored chain against its head. An empty list means the log is intact. */
export function verifyCustody(db: Database): CustodyProblem[] {
  // Read leniently: a tampered row must become a reported problem, never an exception.
  const entries = db
    .prepare<[], CustodyRow>(`${SELECT_ENTRIES} ORDER BY seq`)
    .all()
    .map(toVerifiable);
  const head = readCustodyHead(db);
  if (head === undefined) {
    const lastSeq = entries.at(-1)?.seq ?? 0;
    return [
      ...verifyCustodyEntries(entries),
      {
        seq: lastSeq,
        kind: 'head-mismatch',
        message: 'the custody head is missing, so removed entries at the end cannot be ruled out',
      },
    ];
  }
  return verifyCustodyEntries(entries, head);
}

function toVerifiable(row: CustodyRow): VerifiableCustodyEntry {
  return {
    seq: row.seq,
    at: row.at,
    action: row.action,
    subject: row.subject,
    details: parseDetails(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function parseDetails(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    // Kept as the raw text: it then fails its hash check instead of hiding the entry.
    return json;
  }
}
