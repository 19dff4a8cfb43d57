// The people of a case as one service for the API and the CLI: who is in the case, which chat
// senders are tied to whom, tying a sender, and whose phone a chat export came from. Every change
// is written with its custody entry in one transaction. The rules for who a sender is live in
// people-index.ts, shared with the timeline and the import.
import type {
  ChatExport,
  Person,
  PersonRelation,
  PersonRole,
  PeopleOverview,
  Sender,
} from '../../../shared/contract/people';
import { SakshyaError } from '../../../shared/errors';
import { PeopleRepository } from '../db/repositories/people';
import type { Database } from '../db/types';
import type { Vault } from '../vault/vault';
import { explainMissingFlags } from './flag-hint';
import {
  harasserIdFor,
  identifierKeyFor,
  isEmailAddress,
  loadPeopleIndex,
  type PeopleIndex,
} from './people-index';
import { normalisePhoneNumber } from './phone-numbers';

/** Who to tie to: an existing person, or one found or made by name (and relation, for others). */
export interface PersonChoice {
  personId?: string;
  name?: string;
  relation?: PersonRelation;
}

export interface TieSenderInput extends PersonChoice {
  caseId: string;
  sender: string;
  as: PersonRole;
}

export interface ChatOwnerInput extends PersonChoice {
  caseId: string;
  evidenceId: string;
  owner: 'me' | 'other';
}

/**
 * Stores the case's named counterparty as its harasser, with the numbers, handles and agent names
 * the case lists, so they are identifiers like any other. An identifier someone else already holds
 * stays theirs. Writes (with a custody entry) only when something is new.
 */
export function syncHarasserFromCase(vault: Vault, caseId: string): void {
  const db = vault.db;
  db.transaction(() => {
    const named = vault.getCase(caseId).counterparty;
    const repo = new PeopleRepository(db);
    const id = harasserIdFor(caseId);
    const wanted = [
      ...named.numbers
        .map((raw) => normalisePhoneNumber(raw))
        .filter((value): value is string => value !== null)
        .map((value) => ['phone', value] as const),
      ...named.handles.map((value) => ['handle', value] as const),
      ...named.agentNames.map((value) => ['chat-name', value] as const),
    ].filter(([kind, value]) => repo.findOwner(caseId, kind, value) === null);
    const exists = repo.get(caseId, id) !== undefined;
    if (exists && wanted.length === 0) return;
    if (!exists && named.name === '' && wanted.length === 0) return;
    if (!exists) repo.insert({ id, caseId, role: 'harasser', name: named.name, relation: null });
    for (const [kind, value] of wanted) repo.attach(caseId, id, kind, value, 'case');
    vault.record(exists ? 'person.updated' : 'person.added', `case:${caseId}`, {
      personId: id,
      role: 'harasser',
      identifiersAdded: wanted.map(([kind, value]) => `${kind}:${value}`),
      fromCase: true,
    });
  })();
}

/** The case's people, its chat senders (untied first) and chat exports, and why no flags show. */
export function listPeople(vault: Vault, caseId: string): PeopleOverview {
  syncHarasserFromCase(vault, caseId);
  const db = vault.db;
  const repo = new PeopleRepository(db);
  const index = loadPeopleIndex(db, caseId);
  const people = repo.list(caseId);
  const senders = listSenders(db, index);
  return {
    people,
    senders,
    chats: repo.listChatExports(caseId).map((row) => toChatExport(index, row)),
    flagHint: explainMissingFlags(db, caseId, senders),
  };
}

function listSenders(db: Database, index: PeopleIndex): Sender[] {
  return listSendersAndCallers(new PeopleRepository(db), index.caseId)
    .map((sender) => ({ ...sender, tie: index.resolveSender(sender.name) }))
    .sort(
      (a, b) =>
        Number(a.tie !== null) - Number(b.tie !== null) ||
        b.messages + (b.calls ?? 0) - a.messages - (a.calls ?? 0) ||
        (a.name < b.name ? -1 : 1),
    );
}

/**
 * The chat senders and the numbers that called: a number that only called (no SMS from it) is
 * offered for tying as well, under its E.164 form, which is how the SMS import names a sender and
 * how a call's number is resolved, so one tie covers its calls and its messages.
 */
function listSendersAndCallers(
  repo: PeopleRepository,
  caseId: string,
): { name: string; messages: number; calls?: number }[] {
  const senders: { name: string; messages: number; calls?: number }[] = repo.listSenders(caseId);
  const byName = new Map(senders.map((sender) => [sender.name, sender]));
  for (const caller of repo.listCallingNumbers(caseId)) {
    const sender = byName.get(caller.name);
    if (sender === undefined) senders.push({ name: caller.name, messages: 0, calls: caller.calls });
    else sender.calls = caller.calls;
  }
  return senders;
}

/** Ties a chat sender to a person (the harasser, "me" or someone else), with a custody entry. */
export function tieSender(vault: Vault, input: TieSenderInput): { person: Person; sender: Sender } {
  const sender = input.sender.trim();
  syncHarasserFromCase(vault, input.caseId);
  const db = vault.db;
  return db.transaction(() => {
    const repo = new PeopleRepository(db);
    const known = listSendersAndCallers(repo, input.caseId).find((item) => item.name === sender);
    if (known === undefined) {
      throw new SakshyaError(
        'NOT_FOUND',
        `No message in this case was sent by "${sender}". Check the name as the chat shows it.`,
      );
    }
    const person = choosePerson(vault, input.caseId, input.as, input);
    // An e-mail sender is tied by its address, so the same address met anywhere is the same person.
    const [kind, value] = describeIdentifier(sender);
    const previous = repo.attach(input.caseId, person.id, kind, value, 'user');
    vault.record('sender.tied', `case:${input.caseId}`, {
      sender,
      personId: person.id,
      role: person.role,
      relation: person.relation,
      previousPersonId: previous === person.id ? null : previous,
    });
    const index = loadPeopleIndex(db, input.caseId);
    return {
      person: repo.get(input.caseId, person.id) ?? person,
      sender: { ...known, tie: index.resolveSender(sender) },
    };
  })();
}

/** Takes back a tie by name. A sender whose name is a known number stays tied by that number. */
export function untieSender(vault: Vault, caseId: string, sender: string): boolean {
  const db = vault.db;
  return db.transaction(() => {
    vault.getCase(caseId);
    const repo = new PeopleRepository(db);
    const [kind, value] = describeIdentifier(sender.trim());
    const previous = repo.findOwner(caseId, kind, value);
    if (previous === null || !repo.detach(caseId, kind, value)) return false;
    vault.record('sender.untied', `case:${caseId}`, {
      sender: sender.trim(),
      previousPersonId: previous,
    });
    return true;
  })();
}

/**
 * Records whose phone a chat export came from. A relative's or colleague's phone makes the
 * harasser's messages in it contact with a third party.
 */
export function setChatOwner(vault: Vault, input: ChatOwnerInput): ChatExport {
  const db = vault.db;
  return db.transaction(() => {
    const repo = new PeopleRepository(db);
    const row = repo
      .listChatExports(input.caseId)
      .find((item) => item.evidenceId === input.evidenceId);
    if (row === undefined) {
      throw new SakshyaError('NOT_FOUND', 'That file is not a chat export of this case.');
    }
    const person = choosePerson(vault, input.caseId, input.owner, input);
    repo.setChatOwner(input.caseId, input.evidenceId, person.id);
    vault.record('chat.owner-recorded', `evidence:${input.evidenceId}`, {
      caseId: input.caseId,
      personId: person.id,
      role: person.role,
      relation: person.relation,
    });
    return toChatExport(loadPeopleIndex(db, input.caseId), {
      ...row,
      ownerPersonId: person.id,
    });
  })();
}

/**
 * Ties a sender the import found to be the export's owner to "me" (tied_by 'import'), with a
 * custody entry saying how it was found. A name already tied to anyone keeps its tie: her own
 * answer, or an earlier one, wins over what an export says.
 */
export function tieOwnAccount(
  vault: Vault,
  caseId: string,
  sender: string,
  found: { how: string; source: string },
): boolean {
  const name = sender.trim();
  if (name === '' || name.length > 500) return false;
  const db = vault.db;
  return db.transaction(() => {
    const repo = new PeopleRepository(db);
    // Tied already, by her, an earlier export or the case (an agent's name, a number): kept.
    if (loadPeopleIndex(db, caseId).resolveSender(name) !== null) return false;
    const person = choosePerson(vault, caseId, 'me', { name });
    repo.attach(caseId, person.id, 'chat-name', name, 'import');
    vault.record('sender.tied', `case:${caseId}`, {
      sender: name,
      personId: person.id,
      role: 'me',
      relation: null,
      previousPersonId: null,
      tiedBy: 'import',
      how: found.how,
      source: found.source,
    });
    return true;
  })();
}

/** The chat names tied to "me" in the case. */
export function listMyChatNames(vault: Vault, caseId: string): string[] {
  return vault.db
    .prepare<[string], string>(
      `SELECT i.value FROM person_identifiers i JOIN people p ON p.id = i.person_id
       WHERE i.case_id = ? AND i.kind = 'chat-name' AND p.role = 'me'`,
    )
    .pluck()
    .all(caseId);
}

function describeIdentifier(sender: string): ['email' | 'chat-name', string] {
  return isEmailAddress(sender) ? ['email', identifierKeyFor(sender)] : ['chat-name', sender];
}

/** The person to tie to: the one named by id, else found by role and name, else a new one. */
function choosePerson(
  vault: Vault,
  caseId: string,
  role: PersonRole,
  choice: PersonChoice,
): Person {
  const repo = new PeopleRepository(vault.db);
  const people = repo.list(caseId);
  if (choice.personId !== undefined) {
    const chosen = people.find((person) => person.id === choice.personId);
    if (chosen === undefined)
      throw new SakshyaError('NOT_FOUND', 'That person is not in this case.');
    if (chosen.role !== role) {
      throw new SakshyaError(
        'INVALID_INPUT',
        `That person is not listed as "${role}" in this case.`,
      );
    }
    return chosen;
  }
  const name = choice.name?.trim() ?? '';
  const sameRole = people.filter((person) => person.role === role);
  if (role === 'me') {
    return sameRole[0] ?? addPerson(vault, caseId, 'me', name, null);
  }
  if (role === 'harasser') {
    // Without a name, the case's own counterparty; with one, that agent (added if new).
    const main = sameRole.find((person) => person.id === harasserIdFor(caseId));
    if (name === '' || name.toLowerCase() === main?.name.toLowerCase()) {
      return (
        main ??
        addPerson(
          vault,
          caseId,
          'harasser',
          vault.getCase(caseId).counterparty.name,
          null,
          harasserIdFor(caseId),
        )
      );
    }
    return (
      sameRole.find((person) => person.name.toLowerCase() === name.toLowerCase()) ??
      addPerson(vault, caseId, 'harasser', name, null)
    );
  }
  const relation = choice.relation ?? 'other';
  const found = sameRole.find(
    (person) => name !== '' && person.name.toLowerCase() === name.toLowerCase(),
  );
  return found ?? addPerson(vault, caseId, 'other', name, relation);
}

function addPerson(
  vault: Vault,
  caseId: string,
  role: PersonRole,
  name: string,
  relation: PersonRelation | null,
  id?: string,
): Person {
  const person = new PeopleRepository(vault.db).insert({ id, caseId, role, name, relation });
  vault.record('person.added', `case:${caseId}`, {
    personId: person.id,
    role,
    name,
    relation,
  });
  return person;
}

function toChatExport(
  index: PeopleIndex,
  row: ReturnType<PeopleRepository['listChatExports']>[number],
): ChatExport {
  const owner = row.ownerPersonId === null ? undefined : index.people.get(row.ownerPersonId);
  return {
    evidenceId: row.evidenceId,
    originalName: row.originalName,
    messages: row.messages,
    alreadyHere: row.alreadyHere,
    owner:
      owner === undefined
        ? null
        : { personId: owner.id, role: owner.role, name: owner.name, relation: owner.relation },
  };
}

export interface TieNumberInput extends PersonChoice {
  caseId: string;
  /** As read or typed; normalised to E.164 by the case's rule. */
  number: string;
  as: PersonRole;
}

/**
 * Ties a phone number (one read in a screenshot, say) to a person, with a custody entry: the
 * one-click tie for an unknown number. A number someone else held moves to this person.
 */
export function tieNumber(vault: Vault, input: TieNumberInput): Person {
  const e164 = normalisePhoneNumber(input.number);
  if (e164 === null) throw new SakshyaError('INVALID_INPUT', 'That is not a phone number.');
  syncHarasserFromCase(vault, input.caseId);
  const db = vault.db;
  return db.transaction(() => {
    const repo = new PeopleRepository(db);
    const person = choosePerson(vault, input.caseId, input.as, input);
    const previous = repo.attach(input.caseId, person.id, 'phone', e164, 'user');
    vault.record('number.tied', `case:${input.caseId}`, {
      number: e164,
      personId: person.id,
      role: person.role,
      previousPersonId: previous === person.id ? null : previous,
    });
    return repo.get(input.caseId, person.id) ?? person;
  })();
}
