// The people of a case: the harasser (the counterparty and its agents), the user ("me") and others
// (family, colleagues, friends), each with the identifiers that show them in evidence: names as
// they appear in chats, phone numbers (E.164), handles and e-mail addresses. Tying a chat sender to
// a person adds a 'chat-name' identifier. Each chat export read is listed with its message counts
// and whose phone it came from, so contact with a relative through their phone can be recognised. Existing cases get a
// harasser made from the counterparty they name. Frozen once shipped, like 0001: the checks are
// spelled out here.
import { z } from 'zod';
import { normalisePhoneNumber } from '../../people/phone-numbers';
import type { Database, Migration } from '../types';

function utcTimestamp(column: string): string {
  return `(${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z' AND datetime(${column}) IS NOT NULL)`;
}

const SCHEMA = `
CREATE TABLE people (
  id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  case_id    TEXT NOT NULL REFERENCES cases (id),
  role       TEXT NOT NULL CHECK (role IN ('harasser', 'me', 'other')),
  name       TEXT NOT NULL CHECK (length(name) <= 200),
  -- Only others have a relation to the user; it decides whether contact with them is third-party.
  relation   TEXT NOT NULL CHECK (relation IN ('', 'family', 'colleague', 'friend', 'referee', 'other')),
  created_at TEXT NOT NULL CHECK ${utcTimestamp('created_at')},
  CHECK ((role = 'other') = (relation <> '')),
  UNIQUE (id, case_id)
) STRICT;
CREATE INDEX people_by_case ON people (case_id, created_at);
-- There is one "me" per case.
CREATE UNIQUE INDEX people_one_me ON people (case_id) WHERE role = 'me';

-- An identifier belongs to at most one person per case, so a sender is never tied two ways.
-- 'chat-name' is a sender as a chat export (or, later, an SMS or Telegram export) names them;
-- 'phone' is E.164. tied_by says who made the tie: the case's own details, the user, or an import.
CREATE TABLE person_identifiers (
  person_id TEXT NOT NULL,
  case_id   TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('chat-name', 'phone', 'handle', 'email')),
  value     TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
  tied_by   TEXT NOT NULL CHECK (tied_by IN ('case', 'user', 'import')),
  tied_at   TEXT NOT NULL CHECK ${utcTimestamp('tied_at')},
  CHECK (kind <> 'phone' OR value GLOB '+[1-9]*'),
  PRIMARY KEY (case_id, kind, value),
  FOREIGN KEY (person_id, case_id) REFERENCES people (id, case_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX person_identifiers_by_person ON person_identifiers (person_id, case_id);

-- Every chat export read into a case: how many messages it held, how many of them were already
-- here from another export (see timeline/same-message.ts), and whose phone it came from (null: the
-- user's own). Filled from the custody log for exports read before this version.
CREATE TABLE chat_exports (
  evidence_id     TEXT PRIMARY KEY NOT NULL REFERENCES evidence (id),
  case_id         TEXT NOT NULL REFERENCES cases (id),
  messages        INTEGER NOT NULL CHECK (messages >= 0),
  already_here    INTEGER NOT NULL CHECK (already_here BETWEEN 0 AND messages),
  owner_person_id TEXT,
  imported_at     TEXT NOT NULL CHECK ${utcTimestamp('imported_at')},
  FOREIGN KEY (owner_person_id, case_id) REFERENCES people (id, case_id)
) STRICT;
CREATE INDEX chat_exports_by_case ON chat_exports (case_id, imported_at);
INSERT OR IGNORE INTO chat_exports (evidence_id, case_id, messages, already_here, owner_person_id, imported_at)
  SELECT e.id, e.case_id, coalesce(json_extract(c.details, '$.messages'), 0), 0, NULL, c.at
  FROM custody_log c JOIN evidence e ON e.id = substr(c.subject, 10)
  WHERE c.action = 'chat.imported' AND c.subject GLOB 'evidence:*'
    AND json_type(c.details, '$.messages') = 'integer'
  ORDER BY c.seq;

-- The distinct senders of a case's messages, read one index seek per sender.
CREATE INDEX events_by_sender ON events (case_id, kind, actor);
`;

const CounterpartyJson = z
  .object({
    name: z.string().catch(''),
    numbers: z.array(z.string()).catch([]),
    handles: z.array(z.string()).catch([]),
    agentNames: z.array(z.string()).catch([]),
  })
  .loose();

/** Each case's named counterparty becomes its harasser, with the numbers, handles and agent names it lists. */
function migrateCounterparties(db: Database): void {
  const now = new Date().toISOString();
  const cases = db
    .prepare<[], { id: string; counterparty: string }>('SELECT id, counterparty FROM cases')
    .all();
  const grouped = db.prepare<[string, string], string>(
    `SELECT value FROM counterparty_identifiers WHERE case_id = ? AND counterparty_id = ? AND kind = 'number'`,
  );
  const addPerson = db.prepare(
    `INSERT INTO people (id, case_id, role, name, relation, created_at) VALUES (?, ?, 'harasser', ?, '', ?)`,
  );
  const addIdentifier = db.prepare(
    `INSERT OR IGNORE INTO person_identifiers (person_id, case_id, kind, value, tied_by, tied_at)
     VALUES (?, ?, ?, ?, 'case', ?)`,
  );
  for (const row of cases) {
    const parsed = CounterpartyJson.safeParse(JSON.parse(row.counterparty));
    if (!parsed.success) continue;
    const named = parsed.data;
    // The numbers the timeline already grouped for the case are E.164 already.
    const phones = [
      ...named.numbers.map((raw) => normalisePhoneNumber(raw)),
      ...grouped.pluck().all(row.id, `case-${row.id}`),
    ].filter((value): value is string => value !== null);
    const identifiers: [string, string][] = [
      ...phones.map((value): [string, string] => ['phone', value]),
      ...named.handles.map((value): [string, string] => ['handle', value.trim()]),
      ...named.agentNames.map((value): [string, string] => ['chat-name', value.trim()]),
    ].filter(([, value]) => value !== '' && value.length <= 500);
    if (named.name.trim() === '' && identifiers.length === 0) continue;
    const personId = `harasser-${row.id}`;
    addPerson.run(personId, row.id, named.name.trim().slice(0, 200), now);
    for (const [kind, value] of identifiers) addIdentifier.run(personId, row.id, kind, value, now);
  }
}

export const migration0006People: Migration = {
  version: 6,
  name: 'people',
  up(db) {
    db.exec(SCHEMA);
    migrateCounterparties(db);
  },
};
