// The messages of one chat export, for the viewer's conversation view: every line the import wrote
// for this export (or for the transcript stored from inside it), in time order, each with the
// pictures and voice notes it sent. Times are given on the case's clock; nothing here names a vault
// path or a stored file's name.
import type { ChatConversation, ChatLine } from '../../../shared/contract/viewer';
import { EvidenceRepository } from '../db/repositories/evidence';
import { describeMessageContact, loadPeopleIndex, type PeopleIndex } from '../people/people-index';
import { formatInstantInZone } from '../time/zoned-time';
import type { Vault } from '../vault/vault';
import { MAX_CALL_ROWS, readCallLog } from './call-log';
import { EXPORT_LINES_SQL, listChatThreads, THREAD_KEY_SQL } from './chat-threads';

/** More lines than this are cut (the newest are kept out, and the answer says so). */
export const MAX_CHAT_LINES = 200_000;

interface LineRow {
  id: string;
  kind: string;
  occurred_at: string;
  actor: string | null;
  text: string;
  attachments: string | null;
  outgoing: number | null;
  channel: string | null;
  chat_evidence_id: string | null;
}

interface AttachmentRow {
  event_id: string;
  evidence_id: string;
  original_name: string;
  media_type: string;
}

/**
 * One export's messages as a conversation. An export holding several threads (an SMS backup, a
 * Telegram account, a Meta zip) answers with its threads and, once one is chosen by its key, that
 * thread's lines only; with a single thread, that thread opens at once.
 */
export function readChatConversation(
  vault: Vault,
  evidenceId: string,
  thread?: string,
): ChatConversation {
  const evidence = new EvidenceRepository(vault.db).require(evidenceId);
  const { timezone } = vault.getCase(evidence.caseId);
  const threads = listChatThreads(vault.db, evidence.caseId, evidenceId, timezone);
  const chosen =
    threads.length === 1
      ? (threads[0]?.key ?? null)
      : (threads.find((t) => t.key === thread)?.key ?? null);
  // Several threads and none chosen yet: the list alone, so she picks the person first.
  // No thread at all (a photo, a call log): no lines to read.
  const rows = chosen === null ? [] : readLines(vault, evidence.caseId, evidenceId, chosen);
  const files =
    rows.length === 0
      ? new Map<string, AttachmentRow[]>()
      : readAttachments(vault, evidence.caseId, evidenceId);
  const people = rows.length === 0 ? null : loadPeopleIndex(vault.db, evidence.caseId);
  const lines: ChatLine[] = rows.slice(0, MAX_CHAT_LINES).map((row) => ({
    eventId: row.id,
    at: row.occurred_at,
    local: formatInstantInZone(row.occurred_at, timezone),
    sender: row.actor,
    text: row.text,
    isSystem: row.kind === 'system',
    ...(isMine(row, people) ? { outgoing: true } : {}),
    attachments: describeAttachments(row, files.get(row.id) ?? []),
  }));
  const calls = threads.length === 0 ? readCallLog(vault, evidence.caseId, evidenceId) : [];
  const first = rows[0];
  const channel =
    calls.length > 0
      ? 'call-log'
      : first === undefined
        ? threads.length > 0
          ? readChannel(vault, evidence.caseId, evidenceId)
          : null
        : (first.channel ?? 'whatsapp');
  return {
    evidenceId,
    timezone,
    lines,
    cut: rows.length > MAX_CHAT_LINES || calls.length >= MAX_CALL_ROWS,
    channel,
    ...(calls.length === 0 ? {} : { calls }),
    ...(threads.length > 1 ? { threads, thread: chosen } : {}),
  };
}

/**
 * Her side of the conversation: a message the phone marked as sent (SMS), or one whose sender is
 * tied to her (or to whoever the chat's phone belongs to), by the rule the timeline uses.
 */
function isMine(row: LineRow, people: PeopleIndex | null): boolean {
  if (row.outgoing === 1) return true;
  if (people === null || row.kind !== 'message' || row.actor === null) return false;
  return describeMessageContact(people, row.actor, row.chat_evidence_id).direction === 'outgoing';
}

function readLines(
  vault: Vault,
  caseId: string,
  evidenceId: string,
  thread: string | null,
): LineRow[] {
  // The import records which export each line came from in the event's details; a zip's
  // transcript, when stored as evidence of its own, opens as the same conversation.
  return vault.db
    .prepare<[string, string, string, string, string | null, string | null, number], LineRow>(
      `SELECT id, kind, occurred_at, actor, text, json_extract(details, '$.attachments') AS attachments,
         json_extract(details, '$.outgoing') AS outgoing,
         json_extract(details, '$.channel') AS channel,
         json_extract(details, '$.chatEvidenceId') AS chat_evidence_id
       FROM events
       WHERE ${EXPORT_LINES_SQL} AND (? IS NULL OR ${THREAD_KEY_SQL} = ?)
       ORDER BY occurred_at, rowid
       LIMIT ?`,
    )
    .all(caseId, evidenceId, evidenceId, evidenceId, thread, thread, MAX_CHAT_LINES + 1);
}

function readChannel(vault: Vault, caseId: string, evidenceId: string): string {
  const row = vault.db
    .prepare<[string, string, string, string], { channel: string | null }>(
      `SELECT json_extract(details, '$.channel') AS channel FROM events WHERE ${EXPORT_LINES_SQL} LIMIT 1`,
    )
    .get(caseId, evidenceId, evidenceId, evidenceId);
  return row?.channel ?? 'whatsapp';
}

function readAttachments(
  vault: Vault,
  caseId: string,
  chatEvidenceId: string,
): Map<string, AttachmentRow[]> {
  const rows = vault.db
    .prepare<[string, string, string, string], AttachmentRow>(
      `SELECT l.event_id, v.id AS evidence_id, v.original_name, v.media_type
       FROM event_evidence l
       JOIN events e ON e.id = l.event_id
       JOIN evidence v ON v.id = l.evidence_id
       WHERE e.case_id = ? AND (json_extract(e.details, '$.chatEvidenceId') = ?
             OR json_extract(e.details, '$.transcriptEvidenceId') = ?
             OR json_extract(e.details, '$.containerEvidenceId') = ?)
       ORDER BY l.rowid`,
    )
    .all(caseId, chatEvidenceId, chatEvidenceId, chatEvidenceId);
  const byEvent = new Map<string, AttachmentRow[]>();
  for (const row of rows) {
    const list = byEvent.get(row.event_id) ?? [];
    list.push(row);
    byEvent.set(row.event_id, list);
  }
  return byEvent;
}

/** Every file the message named: the stored one where it came with the export, else just its name. */
function describeAttachments(row: LineRow, stored: AttachmentRow[]): ChatLine['attachments'] {
  const named = parseNames(row.attachments);
  const result: ChatLine['attachments'] = stored.map((file) => ({
    name: file.original_name,
    evidenceId: file.evidence_id,
    mediaType: file.media_type,
  }));
  for (const name of named) {
    const base = name.split('/').at(-1) ?? name;
    if (!result.some((file) => file.name === name || file.name === base)) {
      result.push({ name, evidenceId: null, mediaType: null });
    }
  }
  return result;
}

function parseNames(json: string | null): string[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
