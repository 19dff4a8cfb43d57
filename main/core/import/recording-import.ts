// Call recordings: the start of the call and the number, from the recorder's file name
// (../readers/call-recording.ts), then from the audio's own tags; the length from the audio. A
// recording is linked to the call on the timeline with the same number that started within a
// minute of it, whichever came into the case first: the link is looked for after every import
// batch, so a call log imported after its recordings still finds them.
import { EvidenceRepository } from '../db/repositories/evidence';
import type { Database } from '../db/types';
import { normalisePhoneNumber } from '../people/phone-numbers';
import { readRecordingName } from '../readers/call-recording';
import { isAudioType } from '../readers/metadata';
import { formatWallTime, wallToInstantMs } from '../time/zoned-time';
import type { CaptureDetails, Vault } from '../vault/vault';

const APP_NAMES = {
  samsung: 'Samsung',
  miui: 'Xiaomi (MIUI)',
  'google-phone': 'Google Phone',
  generic: 'a call recorder',
} as const;

/** The capture a recorder's file name gives; undefined for any other file. */
export function describeRecordingCapture(
  originalName: string,
  mediaType: string,
  timeZone: string,
): CaptureDetails | undefined {
  if (!isAudioType(mediaType)) return undefined;
  const found = readRecordingName(originalName);
  if (found === null) return undefined;
  return {
    capturedAt: new Date(wallToInstantMs(found.wall, timeZone)).toISOString(),
    source: 'filename',
    confidence: 'medium',
    zoneAssumed: true,
    detail: `the start of the call as ${APP_NAMES[found.app]} writes it in the file name, read as ${timeZone} time (${formatWallTime(found.wall)})`,
  };
}

/** The number a recording's file name gives, in E.164; null when it names a contact only. */
export function readRecordingNumber(originalName: string): string | null {
  const found = readRecordingName(originalName);
  return found?.number === null || found === null ? null : normalisePhoneNumber(found.number);
}

const LINK_WINDOW_MS = 60_000;

interface Candidate {
  id: string;
  original_name: string;
  captured_at: string | null;
}

/**
 * Links every recording of the case not yet linked to a call to the nearest call with its number
 * that started within a minute of it. Returns how many were linked. Each link has a custody entry.
 */
export function linkRecordingsToCalls(vault: Vault, caseId: string): number {
  const db = vault.db;
  return db.transaction(() => {
    let linked = 0;
    for (const recording of listUnlinkedRecordings(db, caseId)) {
      if (recording.captured_at === null) continue;
      const number = readRecordingNumber(recording.original_name);
      if (number === null) continue;
      const at = Date.parse(recording.captured_at);
      const call = findNearestCall(db, caseId, number, at);
      if (call === undefined) continue;
      db.prepare('INSERT OR IGNORE INTO event_evidence (event_id, evidence_id) VALUES (?, ?)').run(
        call,
        recording.id,
      );
      vault.record('recording.linked', `evidence:${recording.id}`, { caseId, eventId: call });
      linked += 1;
    }
    return linked;
  })();
}

function listUnlinkedRecordings(db: Database, caseId: string): Candidate[] {
  return db
    .prepare<[string], Candidate>(
      `SELECT v.id, v.original_name, v.captured_at FROM evidence v
       WHERE v.case_id = ? AND (v.media_type LIKE 'audio/%' OR v.media_type = 'video/3gpp')
         AND NOT EXISTS (SELECT 1 FROM event_evidence l JOIN events e ON e.id = l.event_id
                         WHERE l.evidence_id = v.id AND e.kind = 'call')`,
    )
    .all(caseId);
}

function findNearestCall(
  db: Database,
  caseId: string,
  number: string,
  at: number,
): string | undefined {
  const rows = db
    .prepare<[string, string, string, string], { id: string; occurred_at: string }>(
      `SELECT id, occurred_at FROM events
       WHERE case_id = ? AND number_e164 = ? AND occurred_at >= ? AND occurred_at <= ? AND kind = 'call'`,
    )
    .all(
      caseId,
      number,
      new Date(at - LINK_WINDOW_MS).toISOString(),
      new Date(at + LINK_WINDOW_MS).toISOString(),
    );
  rows.sort(
    (a, b) => Math.abs(Date.parse(a.occurred_at) - at) - Math.abs(Date.parse(b.occurred_at) - at),
  );
  return rows[0]?.id;
}

/** For tests and the viewer: the recordings linked to a call event. */
export function listCallRecordings(vault: Vault, eventId: string): string[] {
  const evidence = new EvidenceRepository(vault.db);
  return vault.db
    .prepare<[string], string>(
      'SELECT evidence_id FROM event_evidence WHERE event_id = ? ORDER BY rowid',
    )
    .pluck()
    .all(eventId)
    .filter((id) => {
      const item = evidence.get(id);
      return item !== undefined && isAudioType(item.mediaType);
    });
}
