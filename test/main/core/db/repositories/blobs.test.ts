import { describe, expect, it } from 'vitest';
import { BlobsRepository } from '../../../../../main/core/db/repositories/blobs';
import { CasesRepository } from '../../../../../main/core/db/repositories/cases';
import { EvidenceRepository } from '../../../../../main/core/db/repositories/evidence';
import {
  BLOB_A,
  BLOB_B,
  captureError,
  expectSakshyaCode,
  openTestDatabase,
  SHA_A,
  SHA_B,
} from '../test-database';

describe('BlobsRepository', () => {
  it('inserts a stored file once and reports whether it was new', () => {
    const blobs = new BlobsRepository(openTestDatabase().db);
    expect(blobs.insertIfMissing({ name: BLOB_A, sha256: SHA_A, size: 12 })).toBe(true);
    expect(blobs.insertIfMissing({ name: BLOB_A, sha256: SHA_A, size: 12 })).toBe(false);
    expect(blobs.insertIfMissing({ name: BLOB_B, sha256: SHA_B, size: 34 })).toBe(true);
    expect(blobs.list().map(({ name, sha256, size }) => ({ name, sha256, size }))).toEqual([
      { name: BLOB_A, sha256: SHA_A, size: 12 },
      { name: BLOB_B, sha256: SHA_B, size: 34 },
    ]);
    expect(blobs.get(BLOB_A)?.size).toBe(12);
    expect(blobs.get('f'.repeat(64))).toBeUndefined();
  });

  it('treats a known name with a different hash as an integrity failure', () => {
    const blobs = new BlobsRepository(openTestDatabase().db);
    blobs.insertIfMissing({ name: BLOB_A, sha256: SHA_A, size: 12 });
    expectSakshyaCode(
      captureError(() => blobs.insertIfMissing({ name: BLOB_A, sha256: SHA_B, size: 12 })),
      'INTEGRITY_FAILURE',
    );
  });

  it('rejects names and hashes that are not 64 hex characters', () => {
    const blobs = new BlobsRepository(openTestDatabase().db);
    expectSakshyaCode(
      captureError(() =>
        blobs.insertIfMissing({ name: '../../etc/passwd', sha256: SHA_A, size: 1 }),
      ),
      'INVALID_INPUT',
    );
    expect(blobs.list()).toEqual([]);
  });

  it('counts the evidence rows of every case that use a stored file', () => {
    const { db } = openTestDatabase();
    const blobs = new BlobsRepository(db);
    const cases = new CasesRepository(db);
    const evidence = new EvidenceRepository(db);
    blobs.insertIfMissing({ name: BLOB_A, sha256: SHA_A, size: 12 });
    expect(blobs.countReferences(BLOB_A)).toBe(0);
    for (const title of ['One', 'Two']) {
      evidence.insert({
        caseId: cases.create({ title }).id,
        blobName: BLOB_A,
        originalName: 'same.jpg',
        size: 12,
        sha256: SHA_A,
        mediaType: 'image/jpeg',
        capturedAt: null,
        capturedAtSource: 'unknown',
        capturedAtConfidence: 'low',
        metadata: {},
        provenance: { kind: 'unknown' },
        notes: '',
        tags: [],
      });
    }
    expect(blobs.countReferences(BLOB_A)).toBe(2);
    expect(blobs.countReferences(BLOB_B)).toBe(0);
  });
});
