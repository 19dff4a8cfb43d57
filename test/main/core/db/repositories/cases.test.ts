import { describe, expect, it } from 'vitest';
import { CasesRepository } from '../../../../../main/core/db/repositories/cases';
import type { Case } from '../../../../../shared/domain';
import {
  captureError,
  expectSakshyaCode,
  makeTickingClock,
  openTestDatabase,
} from '../test-database';

const INJECTION = "'); DROP TABLE cases; --";

function openCases(): CasesRepository {
  return new CasesRepository(openTestDatabase().db, { now: makeTickingClock() });
}

describe('CasesRepository', () => {
  it('creates an open case with defaults and reads it back unchanged', () => {
    const cases = openCases();
    const created = cases.create({ title: '  Calls from QuickCash agents  ' });
    expect(created).toMatchObject({
      title: 'Calls from QuickCash agents',
      description: '',
      status: 'open',
      timezone: 'Asia/Kolkata',
      counterparty: { name: '', kind: 'other', agentNames: [], numbers: [], handles: [] },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(cases.get(created.id)).toEqual(created);
  });

  it('round-trips the counterparty object', () => {
    const cases = openCases();
    const created = cases.create({
      title: 'Lender harassment',
      counterparty: {
        name: 'FastLoan NBFC',
        kind: 'loan-app',
        agentNames: ['Ravi'],
        numbers: ['+91 98765 43210'],
      },
    });
    expect(cases.require(created.id).counterparty).toEqual({
      name: 'FastLoan NBFC',
      kind: 'loan-app',
      agentNames: ['Ravi'],
      numbers: ['+91 98765 43210'],
      handles: [],
    });
  });

  it('stores text that looks like SQL as plain text', () => {
    const { db } = openTestDatabase();
    const cases = new CasesRepository(db);
    const created = cases.create({ title: INJECTION, description: INJECTION });
    expect(cases.require(created.id).title).toBe(INJECTION);
    expect(cases.require(created.id).description).toBe(INJECTION);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'cases'").pluck().get(),
    ).toBe(1);
    expect(cases.update(created.id, { title: INJECTION }).title).toBe(INJECTION);
    expect(cases.list()).toHaveLength(1);
  });

  it('lists the most recently updated case first', () => {
    const cases = openCases();
    const first = cases.create({ title: 'First' });
    const second = cases.create({ title: 'Second' });
    expect(cases.list().map((c) => c.id)).toEqual([second.id, first.id]);
    cases.update(first.id, { description: 'new details' });
    expect(cases.list().map((c) => c.id)).toEqual([first.id, second.id]);
  });

  it('updates only the given fields and moves updatedAt forward', () => {
    const cases = openCases();
    const created = cases.create({ title: 'Before', description: 'kept' });
    const updated = cases.update(created.id, { title: 'After', status: 'closed' });
    expect(updated).toEqual<Case>({
      ...created,
      title: 'After',
      status: 'closed',
      updatedAt: updated.updatedAt,
    });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect(cases.require(created.id)).toEqual(updated);
  });

  it('reports an unknown case as NOT_FOUND', () => {
    const cases = openCases();
    expect(cases.get('missing')).toBeUndefined();
    expectSakshyaCode(
      captureError(() => cases.require('missing')),
      'NOT_FOUND',
    );
    expectSakshyaCode(
      captureError(() => cases.update('missing', { title: 'x' })),
      'NOT_FOUND',
    );
  });

  it('rejects invalid input as INVALID_INPUT', () => {
    const cases = openCases();
    expectSakshyaCode(
      captureError(() => cases.create({ title: '   ' })),
      'INVALID_INPUT',
    );
    expectSakshyaCode(
      captureError(() => cases.create({ title: 'x', timezone: 'Mars/Olympus' })),
      'INVALID_INPUT',
    );
    const created = cases.create({ title: 'ok' });
    expectSakshyaCode(
      captureError(() => cases.update(created.id, { title: '' })),
      'INVALID_INPUT',
    );
    expect(cases.list()).toHaveLength(1);
  });

  it('restores a case with its own id and timestamps', () => {
    const cases = openCases();
    const record: Case = {
      id: '5b1f2c3d-0000-4000-8000-000000000001',
      title: 'Restored',
      description: 'from a sidecar',
      counterparty: { name: '', kind: 'other', agentNames: [], numbers: [], handles: [] },
      status: 'closed',
      timezone: 'Asia/Kolkata',
      createdAt: '2025-02-03T04:05:06.789Z',
      updatedAt: '2025-03-04T05:06:07.890Z',
    };
    expect(cases.restore(record)).toEqual(record);
    expect(cases.require(record.id)).toEqual(record);
    expectSakshyaCode(
      captureError(() => cases.restore(record)),
      'INVALID_INPUT',
    );
  });
});
