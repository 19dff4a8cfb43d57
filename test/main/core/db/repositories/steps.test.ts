import { describe, expect, it } from 'vitest';
import { BlobsRepository } from '../../../../../main/core/db/repositories/blobs';
import { CasesRepository } from '../../../../../main/core/db/repositories/cases';
import { EvidenceRepository } from '../../../../../main/core/db/repositories/evidence';
import { StepsRepository } from '../../../../../main/core/db/repositories/steps';
import {
  BLOB_A,
  captureError,
  expectSakshyaCode,
  makeTickingClock,
  openTestDatabase,
  SHA_A,
} from '../test-database';

function setUp(): {
  steps: StepsRepository;
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
    originalName: 'acknowledgement.pdf',
    size: 5,
    sha256: SHA_A,
    mediaType: 'application/pdf',
    capturedAt: null,
    capturedAtSource: 'unknown',
    capturedAtConfidence: 'low',
    metadata: {},
    provenance: { kind: 'captured-by-me' },
    notes: '',
    tags: [],
  }).id;
  return {
    steps: new StepsRepository(db, { now: makeTickingClock() }),
    caseId,
    otherCaseId,
    evidenceId,
  };
}

describe('StepsRepository', () => {
  it('creates a step with defaults on first upsert', () => {
    const { steps, caseId } = setUp();
    const step = steps.upsert({ caseId, playbookStepId: 'file-cybercrime-complaint' });
    expect(step).toMatchObject({
      status: 'todo',
      doneAt: null,
      dueAt: null,
      references: {},
      notes: '',
      proofEvidenceIds: [],
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(steps.listByCase(caseId)).toEqual([step]);
  });

  it('updates the same step in place, keeping fields that were not given', () => {
    const { steps, caseId, evidenceId } = setUp();
    const first = steps.upsert({
      caseId,
      playbookStepId: 'rbi-sachet',
      notes: 'filed online',
      references: { complaintNumber: 'N-2026-11-0042' },
      proofEvidenceIds: [evidenceId],
    });
    const second = steps.upsert({
      caseId,
      playbookStepId: 'rbi-sachet',
      status: 'done',
      doneAt: '2026-11-22T09:00:00.000Z',
    });
    expect(second).toEqual({
      ...first,
      status: 'done',
      doneAt: '2026-11-22T09:00:00.000Z',
      updatedAt: second.updatedAt,
    });
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(steps.find(caseId, 'rbi-sachet')).toEqual(second);
    expect(steps.listByCase(caseId)).toHaveLength(1);

    const cleared = steps.upsert({
      caseId,
      playbookStepId: 'rbi-sachet',
      proofEvidenceIds: [],
      doneAt: null,
    });
    expect(cleared.proofEvidenceIds).toEqual([]);
    expect(cleared.doneAt).toBeNull();
    expect(steps.find(caseId, 'rbi-sachet')).toEqual(cleared);
  });

  it('refuses proof from another case and writes nothing', () => {
    const { steps, otherCaseId, evidenceId } = setUp();
    expectSakshyaCode(
      captureError(() =>
        steps.upsert({ caseId: otherCaseId, playbookStepId: 'x', proofEvidenceIds: [evidenceId] }),
      ),
      'INVALID_INPUT',
    );
    expect(steps.listByCase(otherCaseId)).toEqual([]);
  });

  it('refuses a step for a case that does not exist, or with an unknown status', () => {
    const { steps, caseId } = setUp();
    expectSakshyaCode(
      captureError(() => steps.upsert({ caseId: 'no-such-case', playbookStepId: 'x' })),
      'NOT_FOUND',
    );
    expectSakshyaCode(
      captureError(() => steps.upsert({ caseId, playbookStepId: 'x', status: 'maybe' as 'todo' })),
      'INVALID_INPUT',
    );
  });
});
