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
