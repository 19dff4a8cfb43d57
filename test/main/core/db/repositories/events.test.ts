import { describe, expect, it } from 'vitest';
import { BlobsRepository } from '../../../../../main/core/db/repositories/blobs';
import { CasesRepository } from '../../../../../main/core/db/repositories/cases';
import { EventsRepository } from '../../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../../main/core/db/repositories/evidence';
import type { Database } from '../../../../../main/core/db/types';
import {
  BLOB_A,
  captureError,
  expectSakshyaCode,
  makeTickingClock,
  openTestDatabase,
  SHA_A,
} from '../test-database';

const INJECTION = "'); DROP TABLE cases; --";

function setUp(): {
  db: Database;
  events: EventsRepository;
  caseId: string;
  otherCaseId: string;
  evidenceId: string;
} {
  const { db } = openTestDatabase();
  const cases = new CasesRepository(db);
  const caseId = cases.create({ title: 'Case' }).id;
  const otherCaseId = cases.create({ title: 'Other' }).id;
  new BlobsRepository(db).insertIfMissing({ name: BLOB_A, sha256: SHA_A, size: 5 });
  const evidenceId = new EvidenceRepository(db).insert({
    caseId,
    blobName: BLOB_A,
    originalName: 'call-log.png',
    size: 5,
    sha256: SHA_A,
    mediaType: 'image/png',
    capturedAt: null,
    capturedAtSource: 'unknown',
    capturedAtConfidence: 'low',
    metadata: {},
    provenance: { kind: 'unknown' },
    notes: '',
    tags: [],
  }).id;
  return {
    db,
    events: new EventsRepository(db, { now: makeTickingClock() }),
    caseId,
    otherCaseId,
    evidenceId,
  };
}

describe('EventsRepository', () => {
  it('inserts an event with its evidence links and reads it back', () => {
    const { events, caseId, evidenceId } = setUp();
    const inserted = events.insert({
      caseId,
      kind: 'call',
      occurredAt: '2026-11-20T04:45:00.000Z',
      actor: 'Agent Ravi',
      number: '+91 98765 43210',
      text: 'Threatened to visit my office',
      details: { durationSeconds: 340 },
      evidenceIds: [evidenceId, evidenceId],
    });
    expect(inserted).toMatchObject({
      actor: 'Agent Ravi',
      evidenceIds: [evidenceId],
      createdAt: '2026-01-01T00:00:01.000Z',
    });
    expect(events.get(inserted.id)).toEqual(inserted);
    expect(events.listByCase(caseId)).toEqual([inserted]);
  });

  it('lists events in the order they happened', () => {
    const { events, caseId } = setUp();
    const later = events.insert({
      caseId,
      kind: 'message',
      occurredAt: '2026-11-21T10:00:00.000Z',
      text: 'later',
    });
    const earlier = events.insert({
      caseId,
      kind: 'visit',
      occurredAt: '2026-11-19T10:00:00.000Z',
      text: 'earlier',
    });
    expect(events.listByCase(caseId).map((e) => e.id)).toEqual([earlier.id, later.id]);
    expect(later.actor).toBeNull();
    expect(later.evidenceIds).toEqual([]);
  });

  it('stores text that looks like SQL as plain text', () => {
    const { db, events, caseId } = setUp();
    const inserted = events.insert({
      caseId,
      kind: 'note',
      occurredAt: '2026-11-20T04:45:00.000Z',
      actor: INJECTION,
      text: INJECTION,
    });
    expect(events.get(inserted.id)).toEqual(inserted);
    expect(db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(2);
  });

  it('refuses links to evidence of another case or evidence that does not exist, writing nothing', () => {
    const { events, caseId, otherCaseId, evidenceId } = setUp();
    const base = { kind: 'call', occurredAt: '2026-11-20T04:45:00.000Z' } as const;
    expectSakshyaCode(
      captureError(() =>
        events.insert({ ...base, caseId: otherCaseId, evidenceIds: [evidenceId] }),
      ),
      'INVALID_INPUT',
    );
    expectSakshyaCode(
      captureError(() => events.insert({ ...base, caseId, evidenceIds: ['missing'] })),
      'NOT_FOUND',
    );
    expectSakshyaCode(
      captureError(() => events.insert({ ...base, caseId: 'no-such-case' })),
      'NOT_FOUND',
    );
    expect(events.listByCase(caseId)).toEqual([]);
    expect(events.listByCase(otherCaseId)).toEqual([]);
  });

  it('rejects an unknown kind or a local time', () => {
    const { events, caseId } = setUp();
    expectSakshyaCode(
      captureError(() =>
        events.insert({ caseId, kind: 'rumour' as 'call', occurredAt: '2026-11-20T04:45:00.000Z' }),
      ),
      'INVALID_INPUT',
    );
    expectSakshyaCode(
      captureError(() => events.insert({ caseId, kind: 'call', occurredAt: '2026-11-20 10:15' })),
      'INVALID_INPUT',
    );
  });
});
