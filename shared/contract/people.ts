// The people calls of the API contract. shared/api-contract.ts spreads this table into the one API list.
// A case's people (the harasser and its agents, the user, others such as family and colleagues)
// with the identifiers that show them in evidence; the chat senders of the case, each tied to a
// person or waiting to be; tying a sender; and whose phone a chat export came from.
import { z } from 'zod';
import type { ApiCallTable } from './call-table';

import {
  IDENTIFIER_KINDS,
  PERSON_RELATIONS,
  PERSON_ROLES,
  TIED_BY,
  type IdentifierKind,
  type PersonRelation,
  type PersonRole,
} from './people-values';

export { IDENTIFIER_KINDS, PERSON_RELATIONS, PERSON_ROLES, TIED_BY };
export type { IdentifierKind, PersonRelation, PersonRole };

const Id = z.string().min(1).max(100);
const SenderName = z.string().trim().min(1).max(500);
const PersonName = z.string().trim().max(200);

export const PersonIdentifierSchema = z.object({
  kind: z.enum(IDENTIFIER_KINDS),
  /** Phone numbers are E.164 ('+919876543210'). */
  value: z.string(),
  tiedBy: z.enum(TIED_BY),
  tiedAt: z.string(),
});
export type PersonIdentifier = z.infer<typeof PersonIdentifierSchema>;

export const PersonSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  role: z.enum(PERSON_ROLES),
  /** May be empty ("the lender's agents", or "me" before a name is given). */
  name: z.string(),
  /** Null except for others. */
  relation: z.enum(PERSON_RELATIONS).nullable(),
  identifiers: z.array(PersonIdentifierSchema),
});
export type Person = z.infer<typeof PersonSchema>;

export const SenderTieSchema = z.object({
  personId: z.string(),
  role: z.enum(PERSON_ROLES),
  /** 'chat-name': tied by name; 'phone': the sender's name is a number that person has. */
  via: z.enum(['chat-name', 'phone', 'email', 'handle']),
});

export const SenderSchema = z.object({
  /** The sender exactly as the chat names them. */
  name: z.string(),
  /** Messages from this sender in the case, each counted once. */
  messages: z.number().int(),
  /** Calls from this number (a call log's, or written down); absent when it never called. */
  calls: z.number().int().nonnegative().optional(),
  tie: SenderTieSchema.nullable(),
});
export type Sender = z.infer<typeof SenderSchema>;

export const ChatExportSchema = z.object({
  evidenceId: z.string(),
  originalName: z.string(),
  messages: z.number().int(),
  /** Of `messages`, how many were already in the case from another export. */
  alreadyHere: z.number().int(),
  /** Whose phone it came from; null when not said (taken as the user's own). */
  owner: z
    .object({
      personId: z.string(),
      role: z.enum(PERSON_ROLES),
      name: z.string(),
      relation: z.enum(PERSON_RELATIONS).nullable(),
    })
    .nullable(),
});
export type ChatExport = z.infer<typeof ChatExportSchema>;

/** Why a case with entries shows no flags, so the window can offer the fix; null when none is needed. */
export const FLAG_HINT_CODES = [
  /** Messages are in, but none of their senders is tied to the harasser. */
  'no-senders-tied',
  /** Only files are in: no calls or messages to check. */
  'no-contacts',
] as const;
export const FlagHintSchema = z.object({
  code: z.enum(FLAG_HINT_CODES),
  /** The sentence to show, in both languages. */
  text: z.object({ en: z.string(), hi: z.string() }),
  /** Senders not yet tied, for 'no-senders-tied'. */
  untiedSenders: z.number().int(),
});
export type FlagHint = z.infer<typeof FlagHintSchema>;

export const PeopleOverviewSchema = z.object({
  people: z.array(PersonSchema),
  /** Untied senders first, then by number of messages. */
  senders: z.array(SenderSchema),
  chats: z.array(ChatExportSchema),
  flagHint: FlagHintSchema.nullable(),
});
export type PeopleOverview = z.infer<typeof PeopleOverviewSchema>;

/** Who a sender or a phone's owner is: an existing person, or a new one described here. */
const PersonChoice = {
  /** An existing person of the case (of the same role); wins over name and relation. */
  personId: Id.optional(),
  /** For a new or existing person found by name (an agent's name, "Rahul (brother)"). */
  name: PersonName.optional(),
  /** For 'other' only; 'other' when not given. */
  relation: z.enum(PERSON_RELATIONS).optional(),
};

export const PEOPLE_CALLS = {
  'people:list': {
    input: z.object({ caseId: Id }).strict(),
    output: PeopleOverviewSchema,
  },
  'people:tie': {
    input: z
      .object({ caseId: Id, sender: SenderName, as: z.enum(PERSON_ROLES), ...PersonChoice })
      .strict(),
    output: z.object({ person: PersonSchema, sender: SenderSchema }),
  },
  'people:untie': {
    input: z.object({ caseId: Id, sender: SenderName }).strict(),
    output: z.object({ untied: z.boolean() }),
  },
  'people:setChatOwner': {
    input: z
      .object({
        caseId: Id,
        evidenceId: Id,
        /** 'me': her own phone; 'other': a relative's or colleague's, which makes contact third-party. */
        owner: z.enum(['me', 'other']),
        ...PersonChoice,
      })
      .strict(),
    output: ChatExportSchema,
  },
} as const satisfies ApiCallTable;
