// Call recordings: the number and the start of the call as the recording apps write them into
// their file names, and the length read from the audio itself (music-metadata). The names are the
// only place most recorders keep the number, so they are read here; the type is never taken from
// the name (the import sniffs it). Times in names carry no zone: the caller reads them in the
// case's zone and says so.
import { readFile } from 'node:fs/promises';
import type { WallTime } from '../time/zoned-time';
import { isValidWallTime } from '../time/zoned-time';

export type RecorderApp = 'samsung' | 'miui' | 'google-phone' | 'generic';

export interface RecordingName {
  app: RecorderApp;
  /** The number as written, or null when the name has only a contact name. */
  number: string | null;
  /** The contact name as written, when the name gives one instead of (or besides) a number. */
  contact: string | null;
  wall: WallTime;
}

const NUMBER = /^\+?[\d\s\-().]{6,20}$/;

function makeWall(
  y: string,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
): WallTime | null {
  const year = y.length === 2 ? 2000 + Number(y) : Number(y);
  const wall = {
    year,
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: 0,
  };
  return isValidWallTime(wall) ? wall : null;
}

function splitWho(who: string): { number: string | null; contact: string | null } {
  const trimmed = who.trim();
  return NUMBER.test(trimmed) && /\d{6}/.test(trimmed.replace(/\D/g, ''))
    ? { number: trimmed, contact: null }
    : { number: null, contact: trimmed === '' ? null : trimmed };
}

interface NamePattern {
  app: RecorderApp;
  pattern: RegExp;
  read: (match: RegExpExecArray) => RecordingName | null;
}

const PATTERNS: NamePattern[] = [
  {
    // Xiaomi/MIUI recorder: 'Ravi(+919876543210)_20240512211500' or '9876543210_20240512211500'.
    app: 'miui',
    pattern:
      /^(?:(.*?)\((\+?[\d\s-]{6,20})\)|(\+?\d{6,15}))_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
    read: (m) => {
      const wall = makeWall(m[4] ?? '', m[5] ?? '', m[6] ?? '', m[7] ?? '', m[8] ?? '', m[9] ?? '');
      if (wall === null) return null;
      const contact = m[1]?.trim() ?? '';
      return {
        app: 'miui',
        number: (m[2] ?? m[3] ?? '').trim(),
        contact: contact === '' ? null : contact,
        wall,
      };
    },
  },
  {
    // Samsung (One UI) and the common style: 'Call recording Ravi_240512_211500' /
    // 'Call recording +91 98765 43210_240512_211500'; older Samsung: '9876543210_240512_211500'.
    app: 'samsung',
    pattern: /^(?:(Call recording) )?(.+?)_(\d{2})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/i,
    read: (m) => {
      const wall = makeWall(m[3] ?? '', m[4] ?? '', m[5] ?? '', m[6] ?? '', m[7] ?? '', m[8] ?? '');
      if (wall === null) return null;
      const who = splitWho(m[2] ?? '');
      if (m[1] === undefined && who.number === null) return null;
      return { app: 'samsung', ...who, wall };
    },
  },
  {
    // Google Phone (Pixel, Nokia, Xiaomi with Google's dialer): 'Ravi_2024_05_12_21_15_00' or
    // '+919876543210_2024_05_12_21_15_00' (from memory of real files, not a published spec).
    app: 'google-phone',
    pattern: /^(.+?)[_ ](\d{4})_(\d{2})_(\d{2})_(\d{2})_(\d{2})_(\d{2})$/,
    read: (m) => {
      const wall = makeWall(m[2] ?? '', m[3] ?? '', m[4] ?? '', m[5] ?? '', m[6] ?? '', m[7] ?? '');
      if (wall === null) return null;
      return {
        app: 'google-phone',
        ...splitWho((m[1] ?? '').replace(/^Call recording /i, '')),
        wall,
      };
    },
  },
  {
    // Many third-party recorders: 'Call_+919876543210_20240512-211500' / 'REC_9876543210_20240512_211500'.
    app: 'generic',
    pattern:
      /^(?:call|rec|record|recording)[_ -]+(\+?[\d\s-]{6,20})[_ -]+(\d{4})(\d{2})(\d{2})[_-](\d{2})(\d{2})(\d{2})$/i,
    read: (m) => {
      const wall = makeWall(m[2] ?? '', m[3] ?? '', m[4] ?? '', m[5] ?? '', m[6] ?? '', m[7] ?? '');
      if (wall === null) return null;
      return { app: 'generic', number: (m[1] ?? '').trim(), contact: null, wall };
    },
  },
];

/** The number and start of the call from a recorder's file name; null when no pattern fits. */
export function readRecordingName(fileName: string): RecordingName | null {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[a-z0-9]{2,5}$/i, '')
    .trim();
  for (const { pattern, read } of PATTERNS) {
    const match = pattern.exec(base);
    if (match === null) continue;
    const found = read(match);
    if (found !== null) return found;
  }
  return null;
}

export interface AudioFacts {
  durationSeconds: number | null;
  /** The recording time the file's own tags give (ISO text as written), if any. */
  taggedDate: string | null;
  codec: string | null;
}

// Bytes of speech after each frame header, by frame type (RFC 4867 section 5); 0 = not used.
const AMR_NB_SIZES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0];
const AMR_WB_SIZES = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0];

/**
 * The length of a bare AMR file (RFC 4867 storage format), counted frame by frame: music-metadata
 * reads AMR only inside 3GP boxes, and phones' recorders write bare .amr files too. Each frame is
 * 20 ms; null when the frames do not walk cleanly to the end.
 */
export function readAmrDuration(bytes: Buffer): number | null {
  const wide = bytes.subarray(0, 9).toString('latin1') === '#!AMR-WB\n';
  if (!wide && bytes.subarray(0, 6).toString('latin1') !== '#!AMR\n') return null;
  const sizes = wide ? AMR_WB_SIZES : AMR_NB_SIZES;
  let offset = wide ? 9 : 6;
  let frames = 0;
  while (offset < bytes.length) {
    const type = ((bytes[offset] ?? 0) >> 3) & 0x0f;
    const size = sizes[type] ?? 0;
    // Type 15 is "no data" (a 1-byte frame); other unused types mean the file is not AMR after all.
    if (size === 0 && type !== 15) return null;
    offset += 1 + size;
    frames += 1;
  }
  return Math.round((frames * 20) / 1000);
}

/** Length and tags from the audio itself; never throws (a damaged file gives nulls). */
export async function readAudioFacts(
  source: string | Buffer,
  mediaType: string,
): Promise<AudioFacts> {
  if (/^audio\/amr/i.test(mediaType)) {
    const bytes = typeof source === 'string' ? await readFile(source) : source;
    return { durationSeconds: readAmrDuration(bytes), taggedDate: null, codec: 'AMR' };
  }
  try {
    // Loaded on first use, like mailparser in email.ts: most imports hold no recording.
    const { parseBuffer, parseFile } = await import('music-metadata');
    const options = { duration: true, skipCovers: true };
    const meta =
      typeof source === 'string'
        ? await parseFile(source, options)
        : await parseBuffer(source, { mimeType: mediaType }, options);
    const duration = meta.format.duration;
    const date = meta.common.date ?? meta.format.creationTime?.toISOString() ?? null;
    return {
      durationSeconds:
        duration === undefined || !Number.isFinite(duration) ? null : Math.round(duration),
      taggedDate: date ?? null,
      codec: meta.format.codec ?? meta.format.container ?? null,
    };
  } catch {
    return { durationSeconds: null, taggedDate: null, codec: null };
  }
}

/**
 * False for what Chromium has no decoder for: AMR (narrow- and wide-band) and the 3GP boxes phones
 * keep it in. Everything else with an audio type goes to the window's own player, as before.
 */
export function isPlayableInWindow(mediaType: string): boolean {
  return !/^(?:audio\/(?:amr|amr-wb|3gpp|3gpp2)|video\/3gpp2?)(?:;|$)/i.test(mediaType);
}
