// The threads inside one export: an SMS backup holds one thread per number, a Telegram account
// export one per chat, an Instagram or Messenger zip one per inbox folder. Each opens as its own
// conversation in the viewer (chat-messages.ts); this file says which thread a line belongs to and
// lists the threads, newest first, with the other person's name or number, the count and the last
// date. The key is computed from what the import already wrote, so exports imported before threads
// were shown split the same way.
import type { ChatThread } from '../../../shared/contract/viewer';
import type { Database } from '../db/types';
import { loadPeopleIndex } from '../people/people-index';
import { formatInstantInZone } from '../time/zoned-time';

/** More threads than this are cut from the list (the newest are kept). */
export const MAX_THREADS = 5000;

/**
 * The thread of an event row (SQL over `events`): an SMS by its number, a Telegram chat by its id or
 * name, anything else by the file its conversation opens from.
 */
export const THREAD_KEY_SQL = `CASE
  WHEN json_extract(details, '$.channel') IN ('sms', 'mms')
    THEN 'n:' || coalesce(number_e164, number, '')
  WHEN json_extract(details, '$.channel') = 'telegram'
       AND coalesce(json_extract(details, '$.threadId'), json_extract(details, '$.thread')) IS NOT NULL
    THEN 't:' || coalesce(json_extract(details, '$.threadId'), json_extract(details, '$.thread'))
  ELSE 'f:' || coalesce(json_extract(details, '$.transcriptEvidenceId'),
                        json_extract(details, '$.chatEvidenceId'), '')
END`;

/** The lines of one export: written from it, from its transcript, or from a zip holding it. */
export const EXPORT_LINES_SQL = `case_id = ? AND kind IN ('message', 'system')
  AND (json_extract(details, '$.chatEvidenceId') = ?
       OR json_extract(details, '$.transcriptEvidenceId') = ?
       OR json_extract(details, '$.containerEvidenceId') = ?)`;

interface ThreadRow {
  key: string;
  messages: number;
  last_at: string;
  contact: string | null;
  title: string | null;
  number: string | null;
  number_e164: string | null;
}

export function listChatThreads(
  db: Database,
  caseId: string,
  evidenceId: string,
  timezone: string,
): ChatThread[] {
  const rows = db
    .prepare<[string, string, string, string, number], ThreadRow>(
      `SELECT key, sum(kind = 'message') AS messages, max(occurred_at) AS last_at,
         max(contact) AS contact, max(title) AS title, max(number) AS number,
         max(number_e164) AS number_e164
       FROM (SELECT ${THREAD_KEY_SQL} AS key, kind, occurred_at, number, number_e164,
               json_extract(details, '$.contactName') AS contact,
               json_extract(details, '$.thread') AS title
             FROM events WHERE ${EXPORT_LINES_SQL})
       GROUP BY key ORDER BY last_at DESC, key LIMIT ?`,
    )
    .all(caseId, evidenceId, evidenceId, evidenceId, MAX_THREADS);
  if (rows.length < 2) return rows.map((row) => toThread(row, null, timezone));
  const people = loadPeopleIndex(db, caseId);
  return rows.map((row) => {
    const tie = row.number_e164 === null ? null : people.resolveSender(row.number_e164);
    const person = tie === null ? undefined : people.people.get(tie.personId);
    return toThread(row, person?.name ?? null, timezone);
  });
}

function toThread(row: ThreadRow, personName: string | null, timezone: string): ChatThread {
  return {
    key: row.key,
    // A person she tied the number to first, then the phone's own contact name, then the number.
    name: personName ?? row.contact ?? row.title ?? null,
    number: row.key.startsWith('n:') ? (row.number_e164 ?? row.number) : null,
    messages: row.messages,
    lastAt: row.last_at,
    lastLocal: formatInstantInZone(row.last_at, timezone),
  };
}
