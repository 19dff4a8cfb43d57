// Everything the viewer's details panel shows about one item, drawn from its evidence row (exifr's
// metadata, provenance, notes) and its own custody entries. Nothing here names a vault path, a
// stored file's name or a key: the window gets facts about the evidence, not about the vault.
import type {
  CapturedTime,
  EvidenceDetails,
  ExifHighlights,
  ViewerCustodyEntry,
} from '../../../shared/contract/viewer';
import type { CapturedAtSource, Confidence, CustodyEntry } from '../../../shared/domain';
import { EvidenceRepository, type StoredEvidence } from '../db/repositories/evidence';
import { formatInstantInZone } from '../time/zoned-time';
import type { Vault } from '../vault/vault';
import { isViewableImage } from './display-rendition';

export function getEvidenceDetails(vault: Vault, evidenceId: string): EvidenceDetails {
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  const owner = vault.getCase(evidence.caseId);
  return describeEvidence(evidence, owner.timezone, vault.custody(`evidence:${evidence.id}`));
}

export function describeEvidence(
  evidence: StoredEvidence,
  timezone: string,
  entries: CustodyEntry[],
): EvidenceDetails {
  const metadata = evidence.metadata;
  const lastCorrection = entries
    .filter((entry) => entry.action === 'evidence.time-corrected')
    .at(-1);
  const original = evidence.capturedAtOriginal;
  return {
    id: evidence.id,
    caseId: evidence.caseId,
    timezone,
    originalName: evidence.originalName,
    size: evidence.size,
    mediaType: evidence.mediaType,
    sha256: evidence.sha256,
    isImage: isViewableImage(evidence.mediaType),
    captured: {
      ...describeTime(
        evidence.capturedAt,
        evidence.capturedAtSource,
        evidence.capturedAtConfidence,
        evidence.capturedAtDetail,
        timezone,
      ),
      zoneAssumed: evidence.capturedAtZoneAssumed,
    },
    original:
      original === null
        ? null
        : describeTime(
            original.capturedAt,
            original.source,
            original.confidence,
            original.detail,
            timezone,
          ),
    correction:
      lastCorrection === undefined
        ? null
        : { at: lastCorrection.at, reason: readText(lastCorrection.details, 'reason') ?? '' },
    importedAt: evidence.importedAt,
    device: {
      make: readText(metadata, 'Make'),
      model: readText(metadata, 'Model'),
      software: readText(metadata, 'Software'),
    },
    exif: readExifHighlights(metadata),
    gps: readGps(metadata),
    provenance: evidence.provenance,
    notes: evidence.notes,
    tags: evidence.tags,
    warnings: evidence.warnings,
    custody: entries.map((entry) => summariseCustody(entry, timezone)),
  };
}

function describeTime(
  at: string | null,
  source: CapturedAtSource,
  confidence: Confidence,
  detail: string,
  timezone: string,
): CapturedTime {
  return { at, local: at === null ? null : toLocal(at, timezone), source, confidence, detail };
}

function toLocal(at: string, timezone: string): string | null {
  try {
    return formatInstantInZone(at, timezone);
  } catch {
    return null;
  }
}

function readExifHighlights(metadata: Record<string, unknown>): ExifHighlights {
  const png = asRecord(metadata.PNG);
  const exposure = readNumber(metadata, 'ExposureTime');
  const aperture = readNumber(metadata, 'FNumber');
  const iso = readNumber(metadata, 'ISO');
  const focal = readNumber(metadata, 'FocalLength');
  return {
    dateOriginal: readText(metadata, 'DateTimeOriginal') ?? readText(metadata, 'CreateDate'),
    offset: readText(metadata, 'OffsetTimeOriginal') ?? readText(metadata, 'OffsetTime'),
    width:
      readNumber(metadata, 'ExifImageWidth') ??
      readNumber(metadata, 'ImageWidth') ??
      (png === undefined ? null : readNumber(png, 'width')),
    height:
      readNumber(metadata, 'ExifImageHeight') ??
      readNumber(metadata, 'ImageHeight') ??
      (png === undefined ? null : readNumber(png, 'height')),
    orientation: readText(metadata, 'Orientation'),
    lens: readText(metadata, 'LensModel') ?? readText(metadata, 'LensMake'),
    exposure: exposure === null ? null : formatExposure(exposure),
    aperture: aperture === null ? null : `f/${roundTo(aperture, 1)}`,
    iso: iso === null ? null : `ISO ${String(Math.round(iso))}`,
    focalLength: focal === null ? null : `${roundTo(focal, 1)} mm`,
  };
}

/** Photographers write exposures under a second as a fraction: 0.00625 s is "1/160 s". */
function formatExposure(seconds: number): string {
  if (seconds > 0 && seconds < 1) return `1/${String(Math.round(1 / seconds))} s`;
  return `${roundTo(seconds, 1)} s`;
}

function roundTo(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

function readGps(metadata: Record<string, unknown>): EvidenceDetails['gps'] {
  const latitude = readNumber(metadata, 'latitude');
  const longitude = readNumber(metadata, 'longitude');
  if (latitude === null || longitude === null) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  // Six decimals is about 10 cm: more would only pretend to a precision phones do not have.
  return { latitude: Number(latitude.toFixed(6)), longitude: Number(longitude.toFixed(6)) };
}

function summariseCustody(entry: CustodyEntry, timezone: string): ViewerCustodyEntry {
  const details = entry.details;
  const base = { seq: entry.seq, at: entry.at, action: entry.action };
  switch (entry.action) {
    case 'evidence.added': {
      const name = readText(details, 'originalName') ?? 'the file';
      const sha = readText(details, 'sha256') ?? '';
      return {
        ...base,
        kind: 'added',
        summary: `Added to the case as "${name}" (SHA-256 ${sha.slice(0, 12)}…).`,
      };
    }
    case 'evidence.restored':
      return {
        ...base,
        kind: 'restored',
        summary: 'Restored from its encrypted record when the database was rebuilt.',
      };
    case 'evidence.time-corrected': {
      const from = readText(details, 'from');
      const to = readText(details, 'to');
      const fromText = from === null ? 'no time' : (toLocal(from, timezone) ?? from);
      const toText = to === null ? 'no time' : (toLocal(to, timezone) ?? to);
      return {
        ...base,
        kind: 'time-corrected',
        summary: `Captured time corrected from ${fromText} to ${toText}. Reason: ${readText(details, 'reason') ?? ''}`,
      };
    }
    case 'evidence.notes-changed':
      return { ...base, kind: 'notes-changed', summary: 'Notes or tags changed.' };
    case 'chat.imported': {
      const messages = readNumber(details, 'messages') ?? 0;
      return {
        ...base,
        kind: 'chat-imported',
        summary: `Read as a chat export: ${String(messages)} messages.`,
      };
    }
    default:
      return { ...base, kind: 'other', summary: entry.action };
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function readText(source: Record<string, unknown>, key: string): string | null {
  const value = source[key];
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function readNumber(source: Record<string, unknown>, key: string): number | null {
  const value = source[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
