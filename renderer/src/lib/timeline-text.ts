// Small pure helpers for the timeline screen: splitting text around search matches, reading the
// case clock, and naming days, so the components stay about layout.
import { readLocale } from './format-date';

export interface TextPart {
  text: string;
  marked: boolean;
}

/** `text` cut into plain and marked parts by sorted, non-overlapping ranges from main. */
export function splitHighlights(
  text: string,
  ranges: readonly { start: number; end: number }[],
): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(range.start, at);
    const end = Math.min(range.end, text.length);
    if (end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}

/** Today's date and the time now on the case's clock: { date: '2024-05-12', time: '21:15' }. */
export function readCaseClock(
  timeZone: string,
  now: Date = new Date(),
): { date: string; time: string } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  }
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '00';
  return {
    date: `${field('year')}-${field('month')}-${field('day')}`,
    time: `${field('hour')}:${field('minute')}`,
  };
}

/** A local day ('2024-05-12') in words: "Sunday, 12 May 2024" / "रविवार, 12 मई 2024". */
export function formatDay(day: string, language: 'en' | 'hi'): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return new Intl.DateTimeFormat(readLocale(language), {
    dateStyle: 'full',
    timeZone: 'UTC',
  }).format(ms);
}

/** A short day for chart labels: "12 May" / "12 मई". */
export function formatShortDay(day: string, language: 'en' | 'hi'): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return new Intl.DateTimeFormat(readLocale(language), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(ms);
}

/** 200 → '3:20'; 3723 → '1:02:03'. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${ss}` : `${String(m)}:${ss}`;
}

/** Days between two local days, inclusive, so the chart shows quiet days as gaps. */
export function listDays(first: string, last: string, max = 1500): string[] {
  const days: string[] = [];
  let ms = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  if (Number.isNaN(ms) || Number.isNaN(end)) return days;
  while (ms <= end && days.length < max) {
    days.push(new Date(ms).toISOString().slice(0, 10));
    ms += 86_400_000;
  }
  return days;
}

const KNOWN_KINDS = [
  'message',
  'call',
  'visit',
  'threat',
  'post',
  'evidence',
  'step',
  'note',
  'system',
  'screenshot',
  'photo',
  'document',
  'audio',
  'video',
] as const;
export type KnownKind = (typeof KNOWN_KINDS)[number];

/** A kind this screen has words for ('note' for anything newer than the screen). */
export function safeKind(kind: string): KnownKind {
  return (KNOWN_KINDS as readonly string[]).includes(kind) ? (kind as KnownKind) : 'note';
}

/** Months between two local days, inclusive: ['2024-05', '2024-06', …]. */
export function listMonths(first: string, last: string): string[] {
  const months: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const end = last.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (key > end || months.length > 1200) break;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** A month ('2024-05') in words: "May 2024" / "मई 2024". */
export function formatMonth(month: string, language: 'en' | 'hi'): string {
  const ms = Date.parse(`${month}-01T00:00:00Z`);
  if (Number.isNaN(ms)) return month;
  return new Intl.DateTimeFormat(readLocale(language), {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(ms);
}
