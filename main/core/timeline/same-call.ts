// A call typed in by hand and the same call read from the phone's own call log (an Android
// backup) are one call: the timeline shows it once. The one rule of same-message.ts decides: the
// same person (or the same number, before it is tied to anyone) and the same instant at the coarser
// precision (a typed call has minutes, the call log seconds), with the same direction; two lengths
// more than a minute apart are two calls. The call log's entry stays on the timeline (it has the
// type, the length to the second and the original file); the typed one is kept, marked
// `sameCallAs` with a `call.same-as-imported` custody entry, and left out of the timeline and its
// exports. Run after every import batch and after every call typed in, so the order does not matter.
import { loadPeopleIndex, type PeopleIndex } from '../people/people-index';
import { PHONE_LOG_SOURCE } from '../people/call-contact';
import type { Vault } from '../vault/vault';
import { isSameMessage, senderKeyFor, type ComparableMessage } from './same-message';

/** Events the timeline leaves out (table alias `t`): a typed call the call log also holds. */
export const SAME_CALL_HIDDEN_SQL = `(t.kind <> 'call' OR json_extract(t.details, '$.sameCallAs') IS NULL)`;

/** Two lengths further apart than this are two calls, whatever else they share. */
const LENGTH_SLACK_SECONDS = 60;

interface CallRow {
  id: string;
  occurred_at: string;
  number: string | null;
  number_e164: string | null;
  direction: string | null;
  duration_seconds: number | null;
  source_evidence_id: string | null;
}

const COLUMNS = `id, occurred_at, number, number_e164, direction, duration_seconds,
  json_extract(details, '$.sourceEvidenceId') AS source_evidence_id`;

/**
 * The typed calls not yet marked; exported so a test can check its plan. Named to the index keyed
 * by kind: left to itself SQLite walks the case in time order (for the ORDER BY) and reads every
 * event's details, which after a 30,000-message SMS import held the thread for about 460 ms; the
 * case's calls are few beside its messages, and sorting them is cheap. Parameters: caseId, source.
 */
export const TYPED_CALLS_SQL = `SELECT ${COLUMNS} FROM events INDEXED BY events_by_sender
  WHERE case_id = ? AND kind = 'call' AND coalesce(json_extract(details, '$.source'), '') <> ?
    AND json_extract(details, '$.sameCallAs') IS NULL
  ORDER BY occurred_at, rowid`;

/** Marks each typed call that a call log also holds; returns how many were marked. */
export function linkSameCalls(vault: Vault, caseId: string): number {
  const db = vault.db;
  return db.transaction(() => {
    const typed = db
      .prepare<[string, string], CallRow>(TYPED_CALLS_SQL)
      .all(caseId, PHONE_LOG_SOURCE);
    if (typed.length === 0) return 0;
    const people = loadPeopleIndex(db, caseId);
    // Each call of the log stands for at most one typed call.
    const claimed = new Set(
      db
        .prepare<[string], string>(
          `SELECT json_extract(details, '$.sameCallAs') FROM events
           WHERE case_id = ? AND kind = 'call' AND json_extract(details, '$.sameCallAs') IS NOT NULL`,
        )
        .pluck()
        .all(caseId),
    );
    const logged = db.prepare<[string, string, string, string], CallRow>(
      `SELECT ${COLUMNS} FROM events
       WHERE case_id = ? AND kind = 'call' AND occurred_at >= ? AND occurred_at < ?
         AND json_extract(details, '$.source') = ?
       ORDER BY occurred_at, rowid`,
    );
    const mark = db.prepare(
      `UPDATE events SET details = json_set(details, '$.sameCallAs', ?) WHERE id = ?`,
    );
    let marked = 0;
    for (const call of typed) {
      const minute = Math.floor(Date.parse(call.occurred_at) / 60_000) * 60_000;
      const candidates = logged
        .all(
          caseId,
          new Date(minute).toISOString(),
          new Date(minute + 60_000).toISOString(),
          PHONE_LOG_SOURCE,
        )
        .filter((candidate) => !claimed.has(candidate.id));
      const same = chooseSameCall(people, call, candidates);
      if (same === undefined) continue;
      claimed.add(same.id);
      mark.run(same.id, call.id);
      vault.record('call.same-as-imported', `event:${call.id}`, {
        caseId,
        sameAs: same.id,
        callLogEvidenceId: same.source_evidence_id,
      });
      marked += 1;
    }
    return marked;
  })();
}

function chooseSameCall(
  people: PeopleIndex,
  typed: CallRow,
  candidates: readonly CallRow[],
): CallRow | undefined {
  const key = describeCall(people, typed, 'minute');
  const same = candidates.filter(
    (candidate) =>
      isSameMessage(key, describeCall(people, candidate, 'second')) &&
      (typed.duration_seconds === null ||
        candidate.duration_seconds === null ||
        Math.abs(typed.duration_seconds - candidate.duration_seconds) <= LENGTH_SLACK_SECONDS),
  );
  // The same number written the same way first (one person may call from several numbers).
  return (
    same.find(
      (candidate) =>
        (candidate.number_e164 ?? candidate.number) === (typed.number_e164 ?? typed.number),
    ) ?? same[0]
  );
}

function describeCall(
  people: PeopleIndex,
  call: CallRow,
  precision: ComparableMessage['precision'],
): ComparableMessage {
  const number = call.number_e164 ?? call.number;
  return {
    senderKey:
      number === null || number === ''
        ? `call:${call.id}`
        : senderKeyFor(people.resolveSender(number)?.personId ?? null, number),
    text: `\u0000call:${call.direction ?? 'incoming'}`,
    at: Date.parse(call.occurred_at),
    precision,
  };
}
