// The people of a case, their identifiers, and the chat exports read into the case (with whose
// phone each came from). Custody entries are the caller's (main/core/people/people-service.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  PERSON_RELATIONS,
  PERSON_ROLES,
  PersonSchema,
  TIED_BY,
  type IdentifierKind,
  type Person,
  type PersonRelation,
  type PersonRole,
} from '../../../../shared/contract/people';
import { SakshyaError } from '../../../../shared/errors';
import type { Database } from '../types';
import {
  parseRow,
  resolveClock,
  runWrite,
  type Clock,
  type RepositoryOptions,
} from './row-helpers';

interface PersonRow {
  id: string;
  role: string;
  name: string;
  relation: string;
}

interface IdentifierRow {
  person_id: string;
  kind: string;
  value: string;
  tied_by: string;
  tied_at: string;
}

export interface ChatExportRow {
  evidenceId: string;
  originalName: string;
  messages: number;
  alreadyHere: number;
  ownerPersonId: string | null;
}

const NewPersonSchema = z.object({
  id: z.string().min(1).max(100).optional(),
  caseId: z.string().min(1),
  role: z.enum(PERSON_ROLES),
  name: z.string().trim().max(200),
  relation: z.enum(PERSON_RELATIONS).nullable(),
});

export class PeopleRepository {
  private readonly db: Database;
  private readonly now: Clock;

  constructor(db: Database, options: RepositoryOptions = {}) {
    this.db = db;
    this.now = resolveClock(options);
  }

  /** A case's people in the order they were added, each with its identifiers. */
  list(caseId: string): Person[] {
    const rows = this.db
      .prepare<[string], PersonRow>(
        'SELECT id, role, name, relation FROM people WHERE case_id = ? ORDER BY created_at, rowid',
      )
      .all(caseId);
    const identifiers = this.db
      .prepare<[string], IdentifierRow>(
        `SELECT person_id, kind, value, tied_by, tied_at FROM person_identifiers WHERE case_id = ?
         ORDER BY tied_at, rowid`,
      )
      .all(caseId);
    return rows.map((row) =>
      mapPerson(
        caseId,
        row,
        identifiers.filter((item) => item.person_id === row.id),
      ),
    );
  }

  get(caseId: string, id: string): Person | undefined {
    return this.list(caseId).find((person) => person.id === id);
  }

  insert(input: z.input<typeof NewPersonSchema>): Person {
    const parsed = NewPersonSchema.safeParse(input);
    if (!parsed.success) throw new SakshyaError('INVALID_INPUT', `person: ${parsed.error.message}`);
    const { caseId, role, name } = parsed.data;
    const relation = role === 'other' ? (parsed.data.relation ?? 'other') : null;
    const id = parsed.data.id ?? randomUUID();
    runWrite(
      () =>
        this.db
          .prepare(
            'INSERT INTO people (id, case_id, role, name, relation, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(id, caseId, role, name, relation ?? '', this.now().toISOString()),
      {
        duplicate: role === 'me' ? 'this case already has "me"' : `person ${id} already exists`,
        missingReference: `case ${caseId} does not exist`,
      },
    );
    return { id, caseId, role, name, relation, identifiers: [] };
  }

  /** The person an identifier belongs to in a case, if any. */
  findOwner(caseId: string, kind: IdentifierKind, value: string): string | null {
    const owner = this.db
      .prepare<[string, string, string], string>(
        'SELECT person_id FROM person_identifiers WHERE case_id = ? AND kind = ? AND value = ?',
      )
      .pluck()
      .get(caseId, kind, value);
    return owner ?? null;
  }

  /** Attaches an identifier, or moves it from whoever held it. Returns the previous holder. */
  attach(
    caseId: string,
    personId: string,
    kind: IdentifierKind,
    value: string,
    tiedBy: (typeof TIED_BY)[number],
  ): string | null {
    const previous = this.findOwner(caseId, kind, value);
    if (previous === personId) return previous;
    if (previous !== null) this.detach(caseId, kind, value);
    runWrite(
      () =>
        this.db
          .prepare(
            `INSERT INTO person_identifiers (person_id, case_id, kind, value, tied_by, tied_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(personId, caseId, kind, value, tiedBy, this.now().toISOString()),
      {
        duplicate: `${value} is already tied`,
        missingReference: `person ${personId} is not in case ${caseId}`,
      },
    );
    return previous;
  }

  detach(caseId: string, kind: IdentifierKind, value: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM person_identifiers WHERE case_id = ? AND kind = ? AND value = ?')
        .run(caseId, kind, value).changes > 0
    );
  }

  /** Records an export read into the case (once; a repeated read changes nothing). */
  addChatExport(
    caseId: string,
    evidenceId: string,
    counts: { messages: number; alreadyHere: number },
  ): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO chat_exports
           (evidence_id, case_id, messages, already_here, owner_person_id, imported_at)
         VALUES (?, ?, ?, ?, NULL, ?)`,
      )
      .run(evidenceId, caseId, counts.messages, counts.alreadyHere, this.now().toISOString());
  }

  setChatOwner(caseId: string, evidenceId: string, personId: string | null): boolean {
    return (
      this.db
        .prepare(
          'UPDATE chat_exports SET owner_person_id = ? WHERE case_id = ? AND evidence_id = ?',
        )
        .run(personId, caseId, evidenceId).changes > 0
    );
  }

  listChatExports(caseId: string): ChatExportRow[] {
    return this.db
      .prepare<
        [string],
        {
          evidence_id: string;
          original_name: string;
          messages: number;
          already_here: number;
          owner_person_id: string | null;
        }
      >(
        `SELECT c.evidence_id, e.original_name, c.messages, c.already_here, c.owner_person_id
         FROM chat_exports c JOIN evidence e ON e.id = c.evidence_id
         WHERE c.case_id = ? ORDER BY c.imported_at, c.rowid`,
      )
      .all(caseId)
      .map((row) => ({
        evidenceId: row.evidence_id,
        originalName: row.original_name,
        messages: row.messages,
        alreadyHere: row.already_here,
        ownerPersonId: row.owner_person_id,
      }));
  }

  /**
   * The distinct senders of the case's messages with how many messages each sent. One index seek
   * per sender (events_by_sender), so a case of 100,000 messages from a few senders stays quick.
   */
  listSenders(caseId: string): { name: string; messages: number }[] {
    const count = this.db.prepare<[string, string], number>(
      `SELECT count(*) FROM events WHERE case_id = ? AND kind = 'message' AND actor = ?`,
    );
    return this.listSenderNames(caseId).map((name) => ({
      name,
      messages: count.pluck().get(caseId, name) ?? 0,
    }));
  }

  /**
   * The numbers that called (a phone's call log, or a call written down), each with how many calls:
   * offered for tying like a chat sender, even when the number never sent a message. A few seeks
   * on events_by_contact (led by the number since migration 0011) per number.
   */
  listCallingNumbers(caseId: string): { name: string; calls: number }[] {
    const next = this.db.prepare<[string, string], string>(
      `SELECT number_e164 FROM events
       WHERE case_id = ? AND number_e164 > ? AND kind = 'call'
       ORDER BY number_e164 LIMIT 1`,
    );
    const count = this.db.prepare<[string, string], number>(
      `SELECT count(*) FROM events WHERE case_id = ? AND number_e164 = ? AND kind = 'call'`,
    );
    const numbers: { name: string; calls: number }[] = [];
    let after = next.pluck().get(caseId, '');
    while (after !== undefined && numbers.length < 10_000) {
      numbers.push({ name: after, calls: count.pluck().get(caseId, after) ?? 0 });
      after = next.pluck().get(caseId, after);
    }
    return numbers;
  }

  /** The distinct senders only, without counting: a few index seeks whatever the case's size. */
  listSenderNames(caseId: string): string[] {
    const next = this.db.prepare<[string, string], string>(
      `SELECT actor FROM events WHERE case_id = ? AND kind = 'message' AND actor > ?
       ORDER BY actor LIMIT 1`,
    );
    const senders: string[] = [];
    let after = next.pluck().get(caseId, '');
    // The empty string sorts first; an empty sender name cannot be stored by the chat import.
    while (after !== undefined && senders.length < 10_000) {
      senders.push(after);
      after = next.pluck().get(caseId, after);
    }
    return senders;
  }
}

function mapPerson(caseId: string, row: PersonRow, identifiers: IdentifierRow[]): Person {
  return parseRow(
    PersonSchema,
    {
      id: row.id,
      caseId,
      role: row.role as PersonRole,
      name: row.name,
      relation: row.relation === '' ? null : (row.relation as PersonRelation),
      identifiers: identifiers.map((item) => ({
        kind: item.kind,
        value: item.value,
        tiedBy: item.tied_by,
        tiedAt: item.tied_at,
      })),
    },
    `person ${row.id}`,
  );
}
