// The people and organisations behind the contacts in a case, and the numbers and handles that
// identify them. Numbers are stored in E.164 so that however a call log or the user wrote a number,
// it finds the same counterparty.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { COUNTERPARTY_KINDS } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import type { Database } from '../db/types';
import { normalisePhoneNumber } from '../people/phone-numbers';
import type { Vault } from '../vault/vault';

const NewCounterpartySchema = z.object({
  caseId: z.string().min(1),
  name: z.string().trim().max(200),
  kind: z.enum(COUNTERPARTY_KINDS),
  numbers: z.array(z.string()).default([]),
  handles: z.array(z.string().trim().min(1).max(200)).default([]),
});

export type NewCounterparty = z.input<typeof NewCounterpartySchema>;

export interface CounterpartyRecord {
  id: string;
  caseId: string;
  name: string;
  kind: (typeof COUNTERPARTY_KINDS)[number];
  numbers: string[];
  handles: string[];
}

/** Records a counterparty with its identifiers and a custody entry, all in one transaction. */
export function addCounterparty(vault: Vault, input: NewCounterparty): CounterpartyRecord {
  const parsed = NewCounterpartySchema.safeParse(input);
  if (!parsed.success)
    throw new SakshyaError('INVALID_INPUT', `counterparty: ${parsed.error.message}`);
  const { caseId, name, kind, handles } = parsed.data;
  const numbers = parsed.data.numbers.map((raw) => {
    const e164 = normalisePhoneNumber(raw);
    if (e164 === null) throw new SakshyaError('INVALID_INPUT', `"${raw}" is not a phone number.`);
    return e164;
  });
  const record: CounterpartyRecord = {
    id: randomUUID(),
    caseId,
    name,
    kind,
    numbers: [...new Set(numbers)],
    handles: [...new Set(handles)],
  };
  const db = vault.db;
  return db.transaction(() => {
    vault.getCase(caseId);
    db.prepare(
      'INSERT INTO counterparties (id, case_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(record.id, caseId, name, kind, new Date().toISOString());
    const identify = db.prepare(
      'INSERT INTO counterparty_identifiers (counterparty_id, case_id, kind, value) VALUES (?, ?, ?, ?)',
    );
    for (const [idKind, values] of [
      ['number', record.numbers],
      ['handle', record.handles],
    ] as const) {
      for (const value of values) {
        if (findCounterpartyId(db, caseId, idKind, value) !== null) {
          throw new SakshyaError(
            'INVALID_INPUT',
            `${value} already belongs to another counterparty in this case.`,
          );
        }
        identify.run(record.id, caseId, idKind, value);
      }
    }
    vault.record('counterparty.added', `counterparty:${record.id}`, {
      caseId,
      name,
      kind,
      numbers: record.numbers,
      handles: record.handles,
    });
    return record;
  })();
}

/** The counterparty a number (E.164) or handle belongs to in a case, if any. */
export function findCounterpartyId(
  db: Database,
  caseId: string,
  kind: 'number' | 'handle',
  value: string,
): string | null {
  const id = db
    .prepare<[string, string, string], string>(
      'SELECT counterparty_id FROM counterparty_identifiers WHERE case_id = ? AND kind = ? AND value = ?',
    )
    .pluck()
    .get(caseId, kind, value);
  return id ?? null;
}

/** A case's counterparties with their numbers and handles, in the order they were added. */
export function listCounterparties(db: Database, caseId: string): CounterpartyRecord[] {
  const rows = db
    .prepare<[string], { id: string; name: string; kind: CounterpartyRecord['kind'] }>(
      'SELECT id, name, kind FROM counterparties WHERE case_id = ? ORDER BY created_at, rowid',
    )
    .all(caseId);
  const identifiers = db
    .prepare<[string], { counterparty_id: string; kind: 'number' | 'handle'; value: string }>(
      'SELECT counterparty_id, kind, value FROM counterparty_identifiers WHERE case_id = ? ORDER BY rowid',
    )
    .all(caseId);
  return rows.map((row) => {
    const own = identifiers.filter((identifier) => identifier.counterparty_id === row.id);
    return {
      id: row.id,
      caseId,
      name: row.name,
      kind: row.kind,
      numbers: own.filter((item) => item.kind === 'number').map((item) => item.value),
      handles: own.filter((item) => item.kind === 'handle').map((item) => item.value),
    };
  });
}

const CounterpartyPatchSchema = z.object({
  caseId: z.string().min(1),
  id: z.string().min(1),
  name: z.string().trim().max(200).optional(),
  kind: z.enum(COUNTERPARTY_KINDS).optional(),
  numbers: z.array(z.string()).optional(),
  handles: z.array(z.string().trim().min(1).max(200)).optional(),
});

export type CounterpartyPatch = z.input<typeof CounterpartyPatchSchema>;

/**
 * Renames a counterparty or replaces its numbers and handles, with a custody entry. Calls logged
 * from a number taken out of the group stop counting for it; nothing else about them changes.
 */
export function updateCounterparty(vault: Vault, input: CounterpartyPatch): CounterpartyRecord {
  const parsed = CounterpartyPatchSchema.safeParse(input);
  if (!parsed.success)
    throw new SakshyaError('INVALID_INPUT', `counterparty: ${parsed.error.message}`);
  const patch = parsed.data;
  const numbers =
    patch.numbers === undefined ? undefined : [...new Set(patch.numbers.map(requireE164))];
  const handles = patch.handles === undefined ? undefined : [...new Set(patch.handles)];
  const db = vault.db;
  return db.transaction(() => {
    const current = listCounterparties(db, patch.caseId).find((item) => item.id === patch.id);
    if (current === undefined)
      throw new SakshyaError('NOT_FOUND', `counterparty ${patch.id} is not in this case`);
    const next: CounterpartyRecord = {
      ...current,
      name: patch.name ?? current.name,
      kind: patch.kind ?? current.kind,
      numbers: numbers ?? current.numbers,
      handles: handles ?? current.handles,
    };
    db.prepare('UPDATE counterparties SET name = ?, kind = ? WHERE id = ? AND case_id = ?').run(
      next.name,
      next.kind,
      next.id,
      next.caseId,
    );
    db.prepare(
      'DELETE FROM counterparty_identifiers WHERE counterparty_id = ? AND case_id = ?',
    ).run(next.id, next.caseId);
    insertIdentifiers(db, next);
    const removed = current.numbers.filter((number) => !next.numbers.includes(number));
    const release = db.prepare(
      'UPDATE events SET counterparty_id = NULL WHERE case_id = ? AND counterparty_id = ? AND number_e164 = ?',
    );
    for (const number of removed) release.run(next.caseId, next.id, number);
    vault.record('counterparty.updated', `counterparty:${next.id}`, {
      caseId: next.caseId,
      name: next.name,
      kind: next.kind,
      numbers: next.numbers,
      handles: next.handles,
    });
    return next;
  })();
}

/**
 * The counterparty named on the case itself ("Who is harassing you?") as a group on the timeline,
 * so its numbers are recognised without the user entering them twice. It keeps a fixed id; numbers
 * or handles added to the case later are added to it, unless another group already holds them.
 * Returns the group, or null when the case names no one.
 */
export function syncCaseCounterparty(vault: Vault, caseId: string): CounterpartyRecord | null {
  const db = vault.db;
  return db.transaction(() => {
    const named = vault.getCase(caseId).counterparty;
    const numbers = named.numbers
      .map((raw) => normalisePhoneNumber(raw))
      .filter((value): value is string => value !== null);
    const id = `case-${caseId}`;
    const current = listCounterparties(db, caseId).find((item) => item.id === id);
    if (
      current === undefined &&
      named.name === '' &&
      numbers.length === 0 &&
      named.handles.length === 0
    )
      return null;
    const unclaimed = (kind: 'number' | 'handle', values: readonly string[]) =>
      [...new Set(values)].filter((value) => findCounterpartyId(db, caseId, kind, value) === null);
    const added = {
      numbers: unclaimed('number', numbers),
      handles: unclaimed('handle', named.handles),
    };
    if (current !== undefined && added.numbers.length === 0 && added.handles.length === 0)
      return current;
    const record: CounterpartyRecord = {
      id,
      caseId,
      name: current?.name ?? named.name,
      kind: current?.kind ?? named.kind,
      numbers: added.numbers,
      handles: added.handles,
    };
    if (current === undefined) {
      db.prepare(
        'INSERT INTO counterparties (id, case_id, name, kind, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(id, caseId, record.name, record.kind, new Date().toISOString());
    }
    insertIdentifiers(db, record);
    vault.record(
      current === undefined ? 'counterparty.added' : 'counterparty.updated',
      `counterparty:${id}`,
      {
        caseId,
        name: record.name,
        kind: record.kind,
        numbers: record.numbers,
        handles: record.handles,
        fromCase: true,
      },
    );
    return listCounterparties(db, caseId).find((item) => item.id === id) ?? null;
  })();
}

function requireE164(raw: string): string {
  const e164 = normalisePhoneNumber(raw);
  if (e164 === null) throw new SakshyaError('INVALID_INPUT', `"${raw}" is not a phone number.`);
  return e164;
}

function insertIdentifiers(db: Database, record: CounterpartyRecord): void {
  const identify = db.prepare(
    'INSERT INTO counterparty_identifiers (counterparty_id, case_id, kind, value) VALUES (?, ?, ?, ?)',
  );
  for (const [kind, values] of [
    ['number', record.numbers],
    ['handle', record.handles],
  ] as const) {
    for (const value of values) {
      const owner = findCounterpartyId(db, record.caseId, kind, value);
      if (owner !== null && owner !== record.id) {
        throw new SakshyaError(
          'INVALID_INPUT',
          `${value} already belongs to another counterparty in this case.`,
        );
      }
      if (owner === null) identify.run(record.id, record.caseId, kind, value);
    }
  }
}
