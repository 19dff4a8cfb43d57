// The evidence row for a newly stored file, and what an import knows about it when it is recorded
// (moved out of vault.ts, which re-exports it).
import { randomUUID } from 'node:crypto';
import type { CapturedAtSource, Confidence, Provenance } from '../../../shared/domain';
import type { EvidenceWithBlob } from './sidecars';

export interface AddFileOptions {
  provenance?: Provenance;
  originalName?: string;
}

/** When a file was captured, as the import pipeline worked it out. */
export interface CaptureDetails {
  /** UTC ISO 8601 with Z, or null when nothing says when. */
  capturedAt: string | null;
  source: CapturedAtSource;
  confidence: Confidence;
  detail: string;
  zoneAssumed: boolean;
}

/** What is known about a stored file when it is recorded; anything left out gets a neutral default. */
export interface RecordOptions extends AddFileOptions {
  originalName: string;
  mediaType?: string;
  capture?: CaptureDetails;
  metadata?: Record<string, unknown>;
  warnings?: string[];
}

/** The evidence row for a stored file: a new id, imported now, defaults for what `options` leaves out. */
export function describeNewEvidence(
  caseId: string,
  blob: { name: string; sha256: string; size: number },
  options: RecordOptions,
): EvidenceWithBlob {
  return {
    id: randomUUID(),
    caseId,
    blobName: blob.name,
    originalName: options.originalName,
    size: blob.size,
    sha256: blob.sha256,
    mediaType: options.mediaType ?? 'application/octet-stream',
    capturedAt: options.capture?.capturedAt ?? null,
    capturedAtSource: options.capture?.source ?? 'unknown',
    capturedAtConfidence: options.capture?.confidence ?? 'low',
    capturedAtDetail: options.capture?.detail ?? '',
    capturedAtZoneAssumed: options.capture?.zoneAssumed ?? false,
    capturedAtOriginal: null,
    warnings: options.warnings ?? [],
    importedAt: new Date().toISOString(),
    metadata: options.metadata ?? {},
    provenance: options.provenance ?? { kind: 'unknown' },
    notes: '',
    tags: [],
  };
}
