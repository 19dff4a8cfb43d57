// Timestamps that phones, messengers and desktops write into the names of the files they make.
// Each pattern is anchored at the start of the name so a stray run of digits elsewhere is never
// mistaken for a date, and every match is checked against the calendar (no month 13).
import { isValidWallTime, type WallTime } from '../time/zoned-time';

export interface FileNameTime {
  wall: WallTime;
  /** Only the date is in the name (WhatsApp Android media); the time is set to 00:00. */
  dateOnly: boolean;
  /** The name is written in UTC rather than the phone's local time (Google Pixel camera). */
  utc: boolean;
  /** Plain words naming the pattern, for the `detail` shown to the user. */
  pattern: string;
}

interface Pattern {
  regex: RegExp;
  pattern: string;
  dateOnly?: boolean;
  utc?: boolean;
  /** Group holding 'AM'/'PM' when the clock in the name is 12-hour. */
  meridiem?: boolean;
}

// Groups are always year, month, day, then (unless dateOnly) hour, minute, second.
const PATTERNS: Pattern[] = [
  {
    regex: /^Screenshot_(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/,
    pattern: 'Android screenshot name (Screenshot_YYYYMMDD-HHMMSS)',
  },
  {
    regex: /^Screenshot_(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})/,
    pattern: 'Android screenshot name (Screenshot_YYYY-MM-DD-HH-MM-SS)',
  },
  {
    regex: /^(?:IMG|VID|AUD|PTT|DOC|STK)-(\d{4})(\d{2})(\d{2})-WA\d+/,
    pattern: 'WhatsApp (Android) media name (IMG-YYYYMMDD-WA…)',
    dateOnly: true,
  },
  {
    regex: /^\d+-[A-Z]+-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})/,
    pattern: 'WhatsApp (iPhone) media name (…-PHOTO-YYYY-MM-DD-HH-MM-SS)',
  },
  {
    regex: /^Screenshot (\d{4})-(\d{2})-(\d{2}) (\d{2})(\d{2})(\d{2})/,
    pattern: 'Windows screenshot name (Screenshot YYYY-MM-DD HHMMSS)',
  },
  {
    regex:
      /^Screen ?[Ss]hot (\d{4})-(\d{2})-(\d{2}) at (\d{1,2})\.(\d{2})\.(\d{2})(?: ?([AaPp][Mm]))?/,
    pattern: 'macOS screenshot name (Screenshot YYYY-MM-DD at HH.MM.SS)',
    meridiem: true,
  },
  {
    regex: /^PXL_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/,
    pattern: 'Google Pixel camera name (PXL_YYYYMMDD_HHMMSS…, written in UTC)',
    utc: true,
  },
  {
    regex: /^(?:IMG|VID|PANO|MVIMG)_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/,
    pattern: 'camera name (IMG_YYYYMMDD_HHMMSS)',
  },
  {
    regex: /^(?:IMG|VID)(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/,
    pattern: 'camera name (IMGYYYYMMDDHHMMSS)',
  },
  {
    regex: /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/,
    pattern: 'camera name (YYYYMMDD_HHMMSS)',
  },
];

// Outside these years a match is far more likely a counter or an ID than a date.
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** The date (and time, when present) in a file's name; null when no known pattern matches a real date. */
export function parseFileNameTime(name: string): FileNameTime | null {
  const base = (name.split(/[\\/]/).pop() ?? name)
    .normalize('NFC')
    // macOS puts U+202F before AM/PM; other tools may use a no-break space.
    .replace(/[\u202f\u00a0]/g, ' ');
  for (const candidate of PATTERNS) {
    const match = candidate.regex.exec(base);
    if (!match) continue;
    const wall = readWall(match, candidate);
    if (!wall) return null;
    return {
      wall,
      dateOnly: candidate.dateOnly ?? false,
      utc: candidate.utc ?? false,
      pattern: candidate.pattern,
    };
  }
  return null;
}

function readWall(match: RegExpExecArray, candidate: Pattern): WallTime | null {
  const numbers = Array.from({ length: 6 }, (_, index) => Number(match[index + 1] ?? 0));
  const [year = 0, month = 0, day = 0] = numbers;
  let [, , , hour = 0, minute = 0, second = 0] = numbers;
  if (candidate.dateOnly) [hour, minute, second] = [0, 0, 0];
  if (candidate.meridiem) {
    const meridiem = match[7]?.toUpperCase();
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
    }
  }
  const wall: WallTime = { year, month, day, hour, minute, second, millisecond: 0 };
  if (year < FIRST_YEAR || year > LAST_YEAR || !isValidWallTime(wall)) return null;
  return wall;
}
