// What every view of a case's timeline shares: the entry and flag types, how a person's date or
// search words are read, who a number or handle belongs to, and what kind of evidence a file is.
// The entries themselves are built in one place, timeline-page.ts, for the app, the CLI and export.
import { SakshyaError } from '../../../shared/errors';
import type { Database } from '../db/types';
import { parseUserTime, parseWallTime, wallToInstantMs } from '../time/zoned-time';
import type { Flag } from './flags';
import { ENTRY_CHANNELS, type EntryChannel } from '../../../shared/contract/timeline';

/**
 * Where an event came from, from the details its import wrote: the one reading of it, for the
 * timeline, the conversation viewer and export. WhatsApp's own events predate the `channel` field;
 * the Android backup writes `sms` or `mms` on messages and nothing on calls.
 */
export function readEntryChannel(
  kind: string,
  details: { channel?: unknown; source?: unknown; chatEvidenceId?: unknown },
): EntryChannel | null {
  if (details.channel === 'mms') return 'sms';
  const named = ENTRY_CHANNELS.find((channel) => channel === details.channel);
  if (named !== undefined) return named;
  if (details.source === 'android-backup') return kind === 'call' ? 'call-log' : 'sms';
  if (typeof details.chatEvidenceId === 'string') return 'whatsapp';
  return details.source === 'incident' ? 'typed' : null;
}

export const EVIDENCE_ENTRY_KINDS = ['screenshot', 'photo', 'document', 'audio', 'video'] as const;

/** A flag with the user's dismissal of it, if they set it aside. */
export type TimelineFlag = Flag & { dismissal: { reason: string; dismissedAt: string } | null };

export interface TimelineEntry {
  id: string;
  /** 'proposed': a message read from a chat screenshot, not yet confirmed (proposed-entries.ts). */
  source: 'event' | 'evidence' | 'proposed';
  kind: string;
  /** UTC ISO 8601. */
  occurredAt: string;
  /** The same instant on the case's clock, with its offset: '2024-05-12T21:15:00+05:30'. */
  occurredAtLocal: string;
  actor: string | null;
  number: string | null;
  text: string;
  evidenceIds: string[];
  counterpartyId: string | null;
  thirdParty: boolean;
  durationSeconds: number | null;
  /** Where it came from (WhatsApp, Telegram, e-mail, typed in…); null for a plain file. */
  channel: EntryChannel | null;
  flags: TimelineFlag[];
  /** For a message: the person its sender is tied to (people/people-index.ts), else null. */
  sender: { personId: string; role: 'harasser' | 'me' | 'other' } | null;
  /** For a proposed message: whose bubble it was in the screenshot. */
  side?: 'theirs' | 'mine';
  /** Pass as `after` (or `before`) to read the next (or previous) page. */
  cursor: string;
}

export const RECOVERY_KINDS: ReadonlySet<string> = new Set([
  'lender',
  'recovery-agent',
  'loan-app',
]);

/**
 * The user's words as an FTS5 query that can only mean "all of these words": each word becomes a
 * quoted phrase (inner quotes doubled) with a prefix match, so operators such as NEAR, AND, '*' or
 * column filters typed by the user are searched for as text, never run as syntax.
 */
export function toFtsQuery(search: string): string {
  return search
    .trim()
    .split(/\s+/u)
    .filter((word) => word !== '')
    .map((word) => `"${word.replaceAll('"', '""')}"*`)
    .join(' ');
}

export function parseBound(text: string, timeZone: string, side: 'start' | 'end'): string {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const wall = parseWallTime(`${trimmed}T00:00:00`);
    if (wall === null) throw new SakshyaError('INVALID_INPUT', `${trimmed} is not a date.`);
    const start = wallToInstantMs(wall, timeZone);
    if (side === 'start') return new Date(start).toISOString();
    // The end of a local day is the start of the next one, found on the calendar, not by adding 24 h.
    const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
    const nextWall = {
      ...wall,
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
    };
    return new Date(wallToInstantMs(nextWall, timeZone)).toISOString();
  }
  return parseUserTime(trimmed, timeZone).utc;
}

export function loadIdentities(
  db: Database,
  caseId: string,
): { byNumber: Map<string, string>; byHandle: Map<string, string>; kinds: Map<string, string> } {
  const byNumber = new Map<string, string>();
  const byHandle = new Map<string, string>();
  const rows = db
    .prepare<[string], { counterparty_id: string; kind: string; value: string }>(
      'SELECT counterparty_id, kind, value FROM counterparty_identifiers WHERE case_id = ?',
    )
    .all(caseId);
  for (const row of rows)
    (row.kind === 'number' ? byNumber : byHandle).set(row.value, row.counterparty_id);
  const kinds = new Map(
    db
      .prepare<[string], { id: string; kind: string }>(
        'SELECT id, kind FROM counterparties WHERE case_id = ?',
      )
      .all(caseId)
      .map((row) => [row.id, row.kind] as const),
  );
  return { byNumber, byHandle, kinds };
}

/** What kind of evidence a file is, from its sniffed media type and, for images, its name. */
export function classifyEvidence(
  mediaType: string,
  name: string,
): (typeof EVIDENCE_ENTRY_KINDS)[number] {
  if (mediaType.startsWith('image/'))
    return /screen ?shot|^scr_|^screen/i.test(name) ? 'screenshot' : 'photo';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/')) return 'video';
  return 'document';
}
