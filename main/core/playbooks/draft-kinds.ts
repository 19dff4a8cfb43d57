// The drafts a playbook can offer, without zod, so the CLI can list them without loading schemas.
export const DRAFT_KINDS = ['cybercrime', 'police', 'lender', 'ombudsman', 'ncw'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];
