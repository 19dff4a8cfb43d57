import { describe, expect, it } from 'vitest';
import { BlobsRepository } from '../../../../../main/core/db/repositories/blobs';
import { CasesRepository } from '../../../../../main/core/db/repositories/cases';
import {
  EvidenceRepository,
  type NewEvidence,
} from '../../../../../main/core/db/repositories/evidence';
import type { Database } from '../../../../../main/core/db/types';
import {
  BLOB_A,
  BLOB_B,
  captureError,
  expectSakshyaCode,
  makeTickingClock,
  openTestDatabase,
  SHA_A,
  SHA_B,
} from '../test-database';

const INJECTION = "'); DROP TABLE cases; --";

function setUp(): {
  db: Database;
  evidence: EvidenceRepository;
  caseId: string;
  otherCaseId: string;
} {
  const { db } = openTestDatabase();
  const cases = new CasesRepository(db);
  const blobs = new BlobsRepository(db);
  blobs.insertIfMissing({ name: BLOB_A, sha256: SHA_A, size: 2048 });
  blobs.insertIfMissing({ name: BLOB_B, sha256: SHA_B, size: 10 });
  return {
    db,
    evidence: new EvidenceRepository(db, { now: makeTickingClock() }),
    caseId: cases.create({ title: 'Case' }).id,
    otherCaseId: cases.create({ title: 'Other case' }).id,
  };
}

function makeRecord(caseId: string, overrides: Partial<NewEvidence> = {}): NewEvidence {
  return {
    caseId,
    blobName: BLOB_A,
    originalName: 'WhatsApp Image 2026-11-20 at 10.15.22.jpeg',
    size: 2048,
    sha256: SHA_A,
    mediaType: 'image/jpeg',
    capturedAt: '2026-11-20T04:45:22.000Z',
    capturedAtSource: 'filename',
    capturedAtConfidence: 'medium',
    metadata: { exif: { make: 'Xiaomi', width: 1080 }, pages: [1, 2] },
    provenance: { kind: 'received', from: 'Agent Ravi', channel: 'WhatsApp' },
    notes: 'threat to call my employer',
    tags: ['threat', 'whatsapp'],
    ...overrides,
  };
}

describe('EvidenceRepository', () => {
  it('inserts evidence and reads every field back, JSON columns included', () => {
    const { evidence, caseId } = setUp();
    const inserted = evidence.insert(makeRecord(caseId));
    expect(inserted.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(inserted.importedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(evidence.get(inserted.id)).toEqual(inserted);
    expect(evidence.findBySha256(caseId, SHA_A)).toEqual(inserted);
    expect(evidence.listByCase(caseId)).toEqual([inserted]);
    expect(evidence.listAll()).toEqual([inserted]);
  });

  it('keeps a given id and import time', () => {
    const { evidence, caseId } = setUp();
    const inserted = evidence.insert(
      makeRecord(caseId, { id: 'restored-id', importedAt: '2025-05-05T05:05:05.555Z' }),
    );
    expect(evidence.require('restored-id')).toEqual(inserted);
    expect(inserted.importedAt).toBe('2025-05-05T05:05:05.555Z');
  });

  it('allows a file only once per case but in several cases', () => {
    const { evidence, caseId, otherCaseId } = setUp();
    evidence.insert(makeRecord(caseId));
    expectSakshyaCode(
      captureError(() => evidence.insert(makeRecord(caseId, { originalName: 'copy.jpeg' }))),
      'INVALID_INPUT',
    );
    evidence.insert(makeRecord(otherCaseId));
    expect(evidence.listByCase(caseId)).toHaveLength(1);
    expect(evidence.listAll()).toHaveLength(2);
  });

  it('refuses evidence whose case or stored file is not recorded', () => {
    const { evidence, caseId } = setUp();
    expectSakshyaCode(
      captureError(() => evidence.insert(makeRecord('no-such-case'))),
      'NOT_FOUND',
    );
    expectSakshyaCode(
      captureError(() => evidence.insert(makeRecord(caseId, { blobName: 'c'.repeat(64) }))),
      'NOT_FOUND',
    );
    expectSakshyaCode(
      captureError(() => evidence.insert(makeRecord(caseId, { sha256: SHA_B }))),
      'NOT_FOUND',
    );
    expect(evidence.listAll()).toEqual([]);
  });

  it('rejects a capture time that is not UTC ISO 8601', () => {
    const { evidence, caseId } = setUp();
    expectSakshyaCode(
      captureError(() => evidence.insert(makeRecord(caseId, { capturedAt: '20/11/2026 10:15' }))),
      'INVALID_INPUT',
    );
    expectSakshyaCode(
      captureError(() =>
        evidence.insert(makeRecord(caseId, { capturedAt: '2026-11-20T10:15:22+05:30' })),
      ),
      'INVALID_INPUT',
    );
  });

  it('stores text that looks like SQL as plain text', () => {
    const { db, evidence, caseId } = setUp();
    const inserted = evidence.insert(
      makeRecord(caseId, {
        originalName: INJECTION,
        notes: INJECTION,
        tags: [INJECTION],
        metadata: { [INJECTION]: INJECTION },
      }),
    );
    expect(evidence.require(inserted.id)).toEqual(inserted);
    expect(db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(2);
  });

  it('updates descriptive fields and leaves the file fields alone', () => {
    const { evidence, caseId } = setUp();
    const inserted = evidence.insert(makeRecord(caseId));
    const updated = evidence.update(inserted.id, {
      notes: 'second call',
      tags: [],
      provenance: { kind: 'captured-by-me', note: 'my own phone' },
      capturedAt: null,
      capturedAtSource: 'unknown',
      capturedAtConfidence: 'low',
    });
    expect(updated).toEqual({
      ...inserted,
      notes: 'second call',
      tags: [],
      provenance: { kind: 'captured-by-me', note: 'my own phone' },
      capturedAt: null,
      capturedAtSource: 'unknown',
      capturedAtConfidence: 'low',
    });
    expect(evidence.require(inserted.id)).toEqual(updated);
    expect(evidence.update(inserted.id, {})).toEqual(updated);
  });

  it('rejects metadata that would not read back the same', () => {
    const { evidence, caseId } = setUp();
    const inserted = evidence.insert(makeRecord(caseId));
    expectSakshyaCode(
      captureError(() => evidence.update(inserted.id, { metadata: { taken: new Date() } })),
      'INVALID_INPUT',
    );
    expectSakshyaCode(
      captureError(() => evidence.update('missing', { notes: 'x' })),
      'NOT_FOUND',
    );
  });
});

describe('EvidenceRepository import details', () => {
  it('stores how the capture time was worked out and the import warnings, and reads them back', () => {
    const { evidence, caseId } = setUp();
    const inserted = evidence.insert(
      makeRecord(caseId, {
        capturedAtDetail: 'EXIF DateTimeOriginal; no time zone was recorded',
        capturedAtZoneAssumed: true,
        warnings: ["Part of this file's metadata is damaged and could not be read."],
      }),
    );
    expect(evidence.require(inserted.id)).toMatchObject({
      capturedAtDetail: 'EXIF DateTimeOriginal; no time zone was recorded',
      capturedAtZoneAssumed: true,
      capturedAtOriginal: null,
      warnings: ["Part of this file's metadata is damaged and could not be read."],
    });
  });

  it('keeps a corrected time together with the original one', () => {
    const { evidence, caseId } = setUp();
    const inserted = evidence.insert(makeRecord(caseId));
    const original = {
      capturedAt: inserted.capturedAt,
      source: inserted.capturedAtSource,
      confidence: inserted.capturedAtConfidence,
      detail: inserted.capturedAtDetail,
    };
    evidence.update(inserted.id, {
      capturedAt: '2026-11-20T05:00:00.000Z',
      capturedAtSource: 'user',
      capturedAtDetail: 'set by hand',
      capturedAtZoneAssumed: false,
      capturedAtOriginal: original,
    });
    expect(evidence.require(inserted.id)).toMatchObject({
      capturedAt: '2026-11-20T05:00:00.000Z',
      capturedAtSource: 'user',
      capturedAtDetail: 'set by hand',
      capturedAtOriginal: original,
    });
  });
});
