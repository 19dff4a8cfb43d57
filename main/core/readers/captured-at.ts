// Decides when a piece of evidence was captured, and says how sure we are and why. Sources are
// tried from the most to the least trustworthy: embedded metadata, the file name, PNG chunks, and
// finally the file's modification time. Times are kept to the second.
import { readPngChunks, scanPngChunks, type PngChunks } from './png-chunks';
import { parseFileNameTime } from './filename-time';
import {
  assertTimeZone,
  formatOffset,
  formatWallTime,
  isValidWallTime,
  parseOffset,
  wallTimeToEpochMs,
  wallToInstantMs,
  type WallTime,
} from '../time/zoned-time';

export type CaptureSource =
  'exif' | 'filename' | 'png-metadata' | 'audio-tags' | 'file-mtime' | 'unknown';
export type CaptureConfidence = 'high' | 'medium' | 'low';

export interface CapturedAt {
  /** UTC, 'YYYY-MM-DDTHH:mm:ss.sssZ'. */
  capturedAt: string | null;
  /** 'exif' covers all metadata embedded in the image: EXIF, and XMP or IPTC when EXIF has no date. */
  source: CaptureSource;
  confidence: CaptureConfidence;
  /** True when a time with no zone was read as the case's time zone. */
  zoneAssumed: boolean;
  /** The wall-clock time as found, e.g. '2024-05-12T21:43:10'. */
  localTime: string | null;
  /** The UTC offset the source itself recorded, e.g. '+05:30'; null when none was recorded. */
  offset: string | null;
  /** Plain words: which field or pattern the time came from. */
  detail: string;
}

export interface CapturedAtInput {
  /** A path, or the bytes themselves when they have no plaintext file (see media-type.ts). */
  file: string | Buffer;
  originalName: string;
  /** As returned by readMetadata. */
  metadata: Record<string, unknown>;
  mtimeMs: number;
  /** IANA zone of the case, e.g. 'Asia/Kolkata'; used for times recorded without a zone. */
  caseTimezone: string;
  /**
   * PNG chunks already read by the caller. When omitted, the `PNG` group of `metadata` is used, or
   * failing that the chunks are read from `file` if it is a PNG.
   */
  pngChunks?: PngChunks | null;
}

interface FoundTime {
  wall: WallTime;
  offsetMs: number | null;
  dateOnly: boolean;
}

interface Candidate {
  found: FoundTime | null;
  source: CaptureSource;
  field: string;
  withZone: CaptureConfidence;
  withoutZone: CaptureConfidence;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export async function determineCapturedAt(input: CapturedAtInput): Promise<CapturedAt> {
  assertTimeZone(input.caseTimezone);
  const { metadata } = input;
  const xmp = group(metadata, 'XMP');
  const iptc = group(metadata, 'IPTC');

  const embedded: Candidate[] = [
    {
      found: parseDateText(metadata.DateTimeOriginal, metadata.OffsetTimeOriginal),
      source: 'exif',
      field: 'EXIF DateTimeOriginal',
      withZone: 'high',
      withoutZone: 'medium',
    },
    {
      found: parseDateText(group(xmp, 'exif').DateTimeOriginal),
      source: 'exif',
      field: 'XMP exif:DateTimeOriginal',
      withZone: 'high',
      withoutZone: 'medium',
    },
    {
      found: parseIptcDateTime(iptc.DateCreated, iptc.TimeCreated),
      source: 'exif',
      field: 'IPTC DateCreated and TimeCreated',
      withZone: 'high',
      withoutZone: 'medium',
    },
    {
      found: parseDateText(group(xmp, 'photoshop').DateCreated),
      source: 'exif',
      field: 'XMP photoshop:DateCreated',
      withZone: 'high',
      withoutZone: 'medium',
    },
    {
      found: parseDateText(metadata.CreateDate, metadata.OffsetTimeDigitized),
      source: 'exif',
      field: 'EXIF CreateDate',
      withZone: 'medium',
      withoutZone: 'medium',
    },
    {
      found: parseDateText(group(xmp, 'xmp').CreateDate),
      source: 'exif',
      field: 'XMP xmp:CreateDate',
      withZone: 'medium',
      withoutZone: 'medium',
    },
  ];
  const fromMetadata = pickFirst(embedded, input.caseTimezone);
  if (fromMetadata) return fromMetadata;

  const fromName = parseFileNameTime(input.originalName);
  if (fromName) {
    const found = {
      wall: fromName.wall,
      offsetMs: fromName.utc ? 0 : null,
      dateOnly: fromName.dateOnly,
    };
    const field = `the file name, ${fromName.pattern}`;
    return resolve(
      { found, source: 'filename', field, withZone: 'medium', withoutZone: 'medium' },
      found,
      input.caseTimezone,
    );
  }

  // A recording's own tags (an MP4 creation time, an ID3 recording date), after its name: a
  // recorder's name is what it wrote at the call, tags may be rewritten by any editor.
  const fromTags = pickFirst(
    [
      {
        found: parseAudioTagDate(group(metadata, 'Audio').taggedDate),
        source: 'audio-tags',
        field: "the recording's own tags",
        withZone: 'medium',
        withoutZone: 'medium',
      },
    ],
    input.caseTimezone,
  );
  if (fromTags) return fromTags;

  const png = await loadPngChunks(input);
  if (png) {
    const creation = png.text['Creation Time'] ?? png.text['create-date'];
    const fromPng = pickFirst(
      [
        {
          found: parseDateText(creation) ?? parseRfc1123(creation),
          source: 'png-metadata',
          field: 'the PNG "Creation Time" text',
          withZone: 'high',
          withoutZone: 'medium',
        },
        {
          found: parseDateText(png.modified),
          source: 'png-metadata',
          field: 'the PNG tIME chunk (UTC; the time the image was last changed)',
          withZone: 'medium',
          withoutZone: 'medium',
        },
      ],
      input.caseTimezone,
    );
    if (fromPng) return fromPng;
  }

  if (Number.isFinite(input.mtimeMs) && input.mtimeMs > 0) {
    return {
      capturedAt: new Date(Math.floor(input.mtimeMs / 1000) * 1000).toISOString(),
      source: 'file-mtime',
      confidence: 'low',
      zoneAssumed: false,
      localTime: null,
      offset: null,
      detail:
        "the file's last-modified time on this computer; it may be when the file was copied, not when it was made",
    };
  }
  return {
    capturedAt: null,
    source: 'unknown',
    confidence: 'low',
    zoneAssumed: false,
    localTime: null,
    offset: null,
    detail: 'no date was found in the file, its name or its file-system times',
  };
}

function pickFirst(candidates: Candidate[], timeZone: string): CapturedAt | null {
  for (const candidate of candidates) {
    if (candidate.found) return resolve(candidate, candidate.found, timeZone);
  }
  return null;
}

function resolve(candidate: Candidate, found: FoundTime, timeZone: string): CapturedAt {
  const { wall, offsetMs, dateOnly } = found;
  const zoneKnown = offsetMs !== null;
  const instant = zoneKnown ? wallTimeToEpochMs(wall) - offsetMs : wallToInstantMs(wall, timeZone);
  const notes = [candidate.field];
  if (!zoneKnown) notes.push(`no time zone was recorded, so it was read as ${timeZone} time`);
  if (dateOnly) notes.push('only the date is known, so the time is set to the start of that day');
  return {
    capturedAt: new Date(instant).toISOString(),
    source: candidate.source,
    confidence: dateOnly ? 'low' : zoneKnown ? candidate.withZone : candidate.withoutZone,
    zoneAssumed: !zoneKnown,
    localTime: formatWallTime(wall),
    offset: zoneKnown ? formatOffset(offsetMs) : null,
    detail: notes.join('; '),
  };
}

async function loadPngChunks(
  input: CapturedAtInput,
): Promise<Pick<PngChunks, 'modified' | 'text'> | null> {
  if (input.pngChunks !== undefined) return input.pngChunks;
  // readMetadata already read the chunks of a PNG; use them rather than reading the file again.
  const fromMetadata = group(input.metadata, 'PNG');
  if (Object.keys(fromMetadata).length > 0) {
    const text: Record<string, string> = {};
    for (const [key, value] of Object.entries(group(fromMetadata, 'text'))) {
      if (typeof value === 'string') text[key] = value;
    }
    return {
      modified: typeof fromMetadata.modified === 'string' ? fromMetadata.modified : null,
      text,
    };
  }
  try {
    return typeof input.file === 'string'
      ? await readPngChunks(input.file)
      : scanPngChunks(input.file);
  } catch {
    return null;
  }
}

function group(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = record[key];
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function makeWall(parts: (string | undefined)[]): WallTime | null {
  const [year, month, day, hour, minute, second] = parts.map((part) =>
    part === undefined ? 0 : Number(part),
  );
  const wall: WallTime = {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
    millisecond: 0,
  };
  return isValidWallTime(wall) ? wall : null;
}

const DATE_TEXT =
  /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * EXIF ('2024:05:12 21:43:10'), XMP/ISO ('2024-05-12T21:43:10+05:30', '2024-05-12T21:43',
 * '2024-05-12') and similar. A zone inside the text wins over `offsetField`. Fractions of a second
 * are dropped. EXIF's blank '0000:00:00 00:00:00' is rejected as an invalid date.
 */
function parseDateText(value: unknown, offsetField?: unknown): FoundTime | null {
  if (typeof value !== 'string') return null;
  const match = DATE_TEXT.exec(value.trim());
  if (!match) return null;
  const wall = makeWall(match.slice(1, 7));
  if (!wall) return null;
  const dateOnly = match[4] === undefined;
  let offsetMs = match[7] === undefined ? null : parseOffset(match[7]);
  if (offsetMs === null && typeof offsetField === 'string') offsetMs = parseOffset(offsetField);
  // A zone cannot be applied meaningfully to a bare date.
  return { wall, offsetMs: dateOnly ? null : offsetMs, dateOnly };
}

/**
 * A tag date as music-metadata gives it ('2024-05-12T15:45:00.000Z' from an MP4 header, or an ID3
 * '2024-05-12T21:15:00'). MP4's zero time (1904) and other dates before phones recorded calls are
 * an encoder's blank, not a time.
 */
function parseAudioTagDate(value: unknown): FoundTime | null {
  const found = parseDateText(value);
  return found === null || found.dateOnly || found.wall.year < 2000 ? null : found;
}

/** IPTC DateCreated ('20240512') with TimeCreated ('214310+0530'), either may be in ISO form. */
function parseIptcDateTime(date: unknown, time: unknown): FoundTime | null {
  if (typeof date !== 'string') return null;
  const dateMatch = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date.trim());
  if (!dateMatch) return null;
  const timeMatch =
    typeof time === 'string'
      ? /^(\d{2}):?(\d{2}):?(\d{2})\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(time.trim())
      : null;
  const wall = makeWall([...dateMatch.slice(1, 4), ...(timeMatch ? timeMatch.slice(1, 4) : [])]);
  if (!wall) return null;
  if (!timeMatch) return { wall, offsetMs: null, dateOnly: true };
  const offsetMs = timeMatch[4] === undefined ? null : parseOffset(timeMatch[4]);
  return { wall, offsetMs, dateOnly: false };
}

/** The PNG spec suggests RFC 1123 for "Creation Time": 'Sun, 12 May 2024 21:43:10 +0530'. */
function parseRfc1123(value: unknown): FoundTime | null {
  if (typeof value !== 'string') return null;
  const match =
    /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|UT|Z|[+-]\d{4})?$/.exec(
      value.trim(),
    );
  if (!match) return null;
  const [, day, monthName, year, hour, minute, second, zone] = match;
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase()) + 1;
  if (month === 0) return null;
  const wall = makeWall([year, String(month), day, hour, minute, second]);
  if (!wall) return null;
  const offsetMs = zone === undefined ? null : /^(GMT|UTC|UT)$/i.test(zone) ? 0 : parseOffset(zone);
  return { wall, offsetMs, dateOnly: false };
}
