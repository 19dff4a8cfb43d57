// Who a sender is, read once per request: the case's people and their identifiers in maps, so the
// timeline, the import's de-duplication and the sender list all tie senders by the same rules:
//   1. a sender tied by name ('chat-name') is that person;
//   2. otherwise a sender whose name is a phone number is whoever has that number: a person, or a
//      number the case names for its counterparty (or a recovery group on the timeline), which is
//      the harasser.
// The case's own counterparty details count for the harasser even before they are stored as
// identifiers, so a case made a minute ago ties its numbers at once.
import { z } from 'zod';
import type { PersonRelation, PersonRole } from '../../../shared/contract/people';
import type { Database } from '../db/types';
import { normalisePhoneNumber } from './phone-numbers';

/** The case's named counterparty is this person once stored; its id is fixed per case. */
export function harasserIdFor(caseId: string): string {
  return `harasser-${caseId}`;
}

export const RECOVERY_COUNTERPARTY_KINDS: ReadonlySet<string> = new Set([
  'lender',
  'recovery-agent',
  'loan-app',
]);

export interface IndexedPerson {
  id: string;
  role: PersonRole;
  name: string;
  relation: PersonRelation | null;
}

export interface SenderTie {
  personId: string;
  role: PersonRole;
  via: 'chat-name' | 'phone' | 'email' | 'handle';
}

export interface PeopleIndex {
  caseId: string;
  people: ReadonlyMap<string, IndexedPerson>;
  /** True when the case's counterparty is a lender, loan app or recovery agent (RBI rules apply). */
  recoveryCase: boolean;
  /** Chat export evidence id → the person whose phone it came from. */
  chatOwners: ReadonlyMap<string, string>;
  resolveSender(sender: string | null): SenderTie | null;
}

const CaseCounterpartySchema = z
  .object({
    name: z.string().catch(''),
    kind: z.string().catch('other'),
    numbers: z.array(z.string()).catch([]),
    handles: z.array(z.string()).catch([]),
    agentNames: z.array(z.string()).catch([]),
  })
  .loose();

export function loadPeopleIndex(db: Database, caseId: string): PeopleIndex {
  const people = new Map<string, IndexedPerson>();
  for (const row of db
    .prepare<[string], { id: string; role: PersonRole; name: string; relation: string }>(
      'SELECT id, role, name, relation FROM people WHERE case_id = ?',
    )
    .all(caseId)) {
    people.set(row.id, {
      id: row.id,
      role: row.role,
      name: row.name,
      relation: row.relation === '' ? null : (row.relation as PersonRelation),
    });
  }
  const chatNames = new Map<string, string>();
  const phones = new Map<string, string>();
  // E-mail addresses and handles (Telegram, Instagram), compared as identifierKeyFor writes them.
  const accounts = new Map<string, string>();
  for (const row of db
    .prepare<[string], { person_id: string; kind: string; value: string }>(
      `SELECT person_id, kind, value FROM person_identifiers WHERE case_id = ?`,
    )
    .all(caseId)) {
    if (row.kind === 'phone') phones.set(row.value, row.person_id);
    else if (row.kind === 'chat-name') chatNames.set(row.value, row.person_id);
    else accounts.set(identifierKeyFor(row.value), row.person_id);
  }
  const counterpartyText = db
    .prepare<[string], string>('SELECT counterparty FROM cases WHERE id = ?')
    .pluck()
    .get(caseId);
  const named = CaseCounterpartySchema.safeParse(JSON.parse(counterpartyText ?? '{}'));
  const harasserId = harasserIdFor(caseId);
  const addHarasser = (map: Map<string, string>, value: string | null) => {
    if (value === null || value === '' || map.has(value)) return;
    map.set(value, harasserId);
    if (!people.has(harasserId)) {
      people.set(harasserId, {
        id: harasserId,
        role: 'harasser',
        name: named.success ? named.data.name : '',
        relation: null,
      });
    }
  };
  if (named.success) {
    for (const raw of named.data.numbers) addHarasser(phones, normalisePhoneNumber(raw));
    for (const name of named.data.agentNames) addHarasser(chatNames, name.trim());
    for (const handle of named.data.handles) addHarasser(accounts, identifierKeyFor(handle));
  }
  // Numbers grouped on the timeline under a lender, an agent or a loan app are the harasser's too.
  for (const number of db
    .prepare<[string], string>(
      `SELECT i.value FROM counterparty_identifiers i JOIN counterparties c ON c.id = i.counterparty_id
       WHERE i.case_id = ? AND i.kind = 'number' AND c.kind IN ('lender', 'recovery-agent', 'loan-app')`,
    )
    .pluck()
    .all(caseId)) {
    addHarasser(phones, number);
  }
  const chatOwners = new Map(
    db
      .prepare<[string], { evidence_id: string; owner_person_id: string }>(
        'SELECT evidence_id, owner_person_id FROM chat_exports WHERE case_id = ? AND owner_person_id IS NOT NULL',
      )
      .all(caseId)
      .map((row) => [row.evidence_id, row.owner_person_id] as const),
  );
  const cache = new Map<string, SenderTie | null>();
  const resolveSender = (sender: string | null): SenderTie | null => {
    if (sender === null) return null;
    const cached = cache.get(sender);
    if (cached !== undefined) return cached;
    const tie = tieSender(sender, { chatNames, phones, accounts }, people);
    cache.set(sender, tie);
    return tie;
  };
  return {
    caseId,
    people,
    recoveryCase: named.success && RECOVERY_COUNTERPARTY_KINDS.has(named.data.kind),
    chatOwners,
    resolveSender,
  };
}

/** An e-mail address or a handle as compared: lower case, without a leading '@' or 'mailto:'. */
export function identifierKeyFor(value: string): string {
  return value
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^@/, '')
    .toLowerCase();
}

/** True when the sender is written as an e-mail address (the mail import writes them so). */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value.trim());
}

interface IdentifierMaps {
  chatNames: ReadonlyMap<string, string>;
  phones: ReadonlyMap<string, string>;
  accounts: ReadonlyMap<string, string>;
}

function tieSender(
  sender: string,
  { chatNames, phones, accounts }: IdentifierMaps,
  people: ReadonlyMap<string, IndexedPerson>,
): SenderTie | null {
  const byName = chatNames.get(sender);
  const named = byName === undefined ? undefined : people.get(byName);
  if (named !== undefined) return { personId: named.id, role: named.role, via: 'chat-name' };
  const byAccount = accounts.get(identifierKeyFor(sender));
  const account = byAccount === undefined ? undefined : people.get(byAccount);
  if (account !== undefined) {
    const via = isEmailAddress(sender) ? 'email' : 'handle';
    return { personId: account.id, role: account.role, via };
  }
  const e164 = normalisePhoneNumber(sender);
  const byPhone = e164 === null ? undefined : phones.get(e164);
  const owner = byPhone === undefined ? undefined : people.get(byPhone);
  return owner === undefined ? null : { personId: owner.id, role: owner.role, via: 'phone' };
}

/** How a message stands under the rules: who sent it, and whether it reached someone else. */
export interface MessageContact {
  tie: SenderTie | null;
  /** Sent by the harasser in a case against a lender, loan app or recovery agent. */
  fromRecoveryParty: boolean;
  /** Sent by the harasser to a relative, colleague or friend (the chat came from their phone). */
  thirdParty: boolean;
  /** 'outgoing' when the phone's owner wrote it. */
  direction: 'incoming' | 'outgoing';
}

export function describeMessageContact(
  index: PeopleIndex,
  sender: string | null,
  chatEvidenceId: string | null,
): MessageContact {
  const tie = index.resolveSender(sender);
  const ownerId = chatEvidenceId === null ? undefined : index.chatOwners.get(chatEvidenceId);
  const owner = ownerId === undefined ? undefined : index.people.get(ownerId);
  const fromHarasser = tie?.role === 'harasser';
  const outgoing =
    tie !== null && (owner === undefined ? tie.role === 'me' : tie.personId === owner.id);
  return {
    tie,
    fromRecoveryParty: fromHarasser && index.recoveryCase,
    thirdParty: fromHarasser && owner?.role === 'other',
    direction: outgoing ? 'outgoing' : 'incoming',
  };
}
