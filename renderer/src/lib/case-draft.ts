// The case form works on a flat draft of strings; these turn it into the contract's input and back.
import type { Case, CaseInput, Counterparty } from '../../../shared/domain';
import { isValidTimezone } from '../../../shared/domain';

export type CounterpartyKind = Counterparty['kind'];

export interface CaseDraft {
  name: string;
  kind: CounterpartyKind;
  title: string;
  agentNames: string[];
  numbers: string[];
  handles: string[];
  description: string;
  timezone: string;
}

export type DraftProblem = 'needName' | 'badTimezone';

export function createEmptyDraft(timezone: string): CaseDraft {
  return {
    name: '',
    kind: 'loan-app',
    title: '',
    agentNames: [''],
    numbers: [''],
    handles: [''],
    description: '',
    timezone,
  };
}

export function draftFromCase(existing: Case): CaseDraft {
  const { counterparty } = existing;
  // When the title was taken from the name, leave the optional field empty so renaming carries over.
  const title = existing.title === counterparty.name ? '' : existing.title;
  return {
    name: counterparty.name,
    kind: counterparty.kind,
    title,
    agentNames: withOneRow(counterparty.agentNames),
    numbers: withOneRow(counterparty.numbers),
    handles: withOneRow(counterparty.handles),
    description: existing.description,
    timezone: existing.timezone,
  };
}

export function checkDraft(draft: CaseDraft): DraftProblem | null {
  if (draft.name.trim() === '' && draft.title.trim() === '') return 'needName';
  if (!isValidTimezone(draft.timezone.trim())) return 'badTimezone';
  return null;
}

export function caseInputFromDraft(draft: CaseDraft): Required<
  Pick<CaseInput, 'title' | 'description' | 'timezone'>
> & {
  counterparty: Counterparty;
} {
  const name = draft.name.trim();
  const title = draft.title.trim();
  return {
    title: title === '' ? name : title,
    description: draft.description.trim(),
    timezone: draft.timezone.trim(),
    counterparty: {
      name,
      kind: draft.kind,
      agentNames: cleanRows(draft.agentNames),
      numbers: cleanRows(draft.numbers),
      handles: cleanRows(draft.handles),
    },
  };
}

function cleanRows(rows: string[]): string[] {
  return [...new Set(rows.map((row) => row.trim()).filter((row) => row !== ''))];
}

function withOneRow(rows: string[]): string[] {
  return rows.length === 0 ? [''] : [...rows];
}
