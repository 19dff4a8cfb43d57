// The calls read from one phone call-log file (an Android backup), for the viewer's sortable table:
// each call's time on the case's clock, number, the name the phone had for it, type, length, and
// whether it broke the RBI's hours, judged by the same rules as the timeline (whose number it is:
// people/call-contact.ts; the rules: timeline/flags.ts).
import { z } from 'zod';
import type { CallLogRow } from '../../../shared/contract/viewer';
import { describeCallContact, PHONE_LOG_SOURCE } from '../people/call-contact';
import { loadPeopleIndex } from '../people/people-index';
import { computeFlags, loadRecoveryConductRules } from '../timeline/flags';
import { loadIdentities, RECOVERY_KINDS } from '../timeline/timeline-entry';
import { formatInstantInZone } from '../time/zoned-time';
import type { Vault } from '../vault/vault';

/** More calls than this are cut (the answer to the chat's question says so). */
export const MAX_CALL_ROWS = 200_000;

interface Row {
  id: string;
  occurred_at: string;
  number: string | null;
  number_e164: string | null;
  duration_seconds: number | null;
  direction: 'incoming' | 'outgoing' | null;
  details: string;
}

const DetailsSchema = z
  .object({ callType: z.string().optional(), contactName: z.string().optional() })
  .loose();

/**
 * The calls of one call-log file; exported so a test can check its plan. Named to the index keyed
 * by kind (as same-call.ts's TYPED_CALLS_SQL is): left to itself SQLite walks the whole case in time
 * order (events_by_case, for the ORDER BY) and reads every event's details, so opening a call log
 * of a case holding a 500,000-message SMS backup read every message. A case's calls are few beside
 * its messages, and sorting them is cheap. Parameters: caseId, source, evidenceId, limit.
 */
export const CALL_LOG_SQL = `SELECT id, occurred_at, number, number_e164, duration_seconds, direction, details
  FROM events INDEXED BY events_by_sender
  WHERE case_id = ? AND kind = 'call' AND json_extract(details, '$.source') = ?
    AND json_extract(details, '$.sourceEvidenceId') = ?
  ORDER BY occurred_at, rowid LIMIT ?`;

export function readCallLog(vault: Vault, caseId: string, evidenceId: string): CallLogRow[] {
  const { db } = vault;
  const { timezone } = vault.getCase(caseId);
  const rows = db
    .prepare<[string, string, string, number], Row>(CALL_LOG_SQL)
    .all(caseId, PHONE_LOG_SOURCE, evidenceId, MAX_CALL_ROWS);
  if (rows.length === 0) return [];
  const people = loadPeopleIndex(db, caseId);
  const identity = loadIdentities(db, caseId);
  const rules = loadRecoveryConductRules();
  const now = new Date();
  return rows.map((row) => {
    const parsed = DetailsSchema.safeParse(JSON.parse(row.details));
    const details = parsed.success ? parsed.data : {};
    const grouped = row.number_e164 === null ? undefined : identity.byNumber.get(row.number_e164);
    const contact = describeCallContact(
      people,
      row.number_e164 ?? row.number,
      grouped !== undefined && RECOVERY_KINDS.has(identity.kinds.get(grouped) ?? ''),
    );
    const flags = computeFlags(
      {
        kind: 'call',
        occurredAt: row.occurred_at,
        direction: row.direction,
        thirdParty: false,
        fromRecoveryParty: contact.fromRecoveryParty,
      },
      timezone,
      rules,
      now,
    );
    return {
      eventId: row.id,
      at: row.occurred_at,
      local: formatInstantInZone(row.occurred_at, timezone),
      number: row.number_e164 ?? row.number ?? '',
      contactName: details.contactName ?? null,
      callType: details.callType ?? 'unknown',
      durationSeconds: row.duration_seconds,
      fromHarasser: contact.tie?.role === 'harasser',
      outsideHours: flags.some((flag) => flag.ruleId === 'contact-hours'),
    };
  });
}
