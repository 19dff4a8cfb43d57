// The people model's value lists, without zod, so the CLI can offer them as choices at start
// (`sakshya --help` loads no schema). people.ts builds its schemas on them and re-exports them.
export const PERSON_ROLES = ['harasser', 'me', 'other'] as const;
/** How an "other" person stands to the user. Contact with any of them is third-party contact. */
export const PERSON_RELATIONS = ['family', 'colleague', 'friend', 'referee', 'other'] as const;
/** General on purpose: SMS, Telegram, e-mail and text read from screenshots use the same kinds. */
export const IDENTIFIER_KINDS = ['chat-name', 'phone', 'handle', 'email'] as const;
/** Who made a tie: the case's own details, the user, or an import. */
export const TIED_BY = ['case', 'user', 'import'] as const;

export type PersonRole = (typeof PERSON_ROLES)[number];
export type PersonRelation = (typeof PERSON_RELATIONS)[number];
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];
