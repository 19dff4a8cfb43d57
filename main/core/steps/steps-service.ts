// The steps, playbooks and drafts of a case as domain operations, called by the API handlers (and,
// where the CLI offers the same thing, by the CLI), so each rule lives here once. "Today" is always
// the current day on the case's own clock, so deadlines match her calendar.
import type { ApiOutput, ApiParsedInput } from '../../../shared/api-contract';
import type { STEPS_CALLS, StepView } from '../../../shared/contract/steps';
import { SakshyaError } from '../../../shared/errors';
import { loadPlaybooks, suggestPlaybooks } from '../playbooks/load-playbooks';
import type { Vault } from '../vault/vault';
import { generateCaseDraft } from './case-draft';
import {
  exportDraftAsPdf,
  exportDraftAsText,
  listCaseDraftVersions,
  saveCaseDraft,
} from './case-draft-store';
import {
  addCustomStep,
  chooseCasePlaybooks,
  hasChosenPlaybooks,
  listCasePlaybookIds,
  setCaseStep,
  todayInCase,
} from './case-steps';
import { describeCaseSteps, findStepView, listNextSteps } from './step-views';

type StepsCall = keyof typeof STEPS_CALLS;
type In<N extends StepsCall> = ApiParsedInput<N>;
type Out<N extends StepsCall> = ApiOutput<N>;

export class StepsService {
  private readonly requireVault: () => Vault;

  constructor(requireVault: () => Vault) {
    this.requireVault = requireVault;
  }

  list(caseId: string): Out<'steps:list'> {
    return describeCaseSteps(this.requireVault(), caseId);
  }

  /** Records a step's progress and returns the step as the app shows it. */
  setStep(input: In<'steps:set'>): StepView {
    const vault = this.requireVault();
    setCaseStep(vault, input.caseId, input.ref, {
      status: input.status,
      ...(input.doneAt === undefined ? {} : { date: input.doneAt }),
      ...(input.references === undefined ? {} : { refs: input.references }),
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      ...(input.proofEvidenceIds === undefined ? {} : { proofEvidenceIds: input.proofEvidenceIds }),
    });
    return requireView(vault, input.caseId, input.ref);
  }

  addCustom(input: In<'steps:addCustom'>): StepView {
    const vault = this.requireVault();
    const added = addCustomStep(vault, input.caseId, {
      title: input.title,
      dueDate: input.dueDate ?? null,
      ...(input.notes === undefined ? {} : { notes: input.notes }),
    });
    return requireView(vault, input.caseId, added.ref);
  }

  choosePlaybooks(caseId: string, playbookIds: string[]): string[] {
    return chooseCasePlaybooks(this.requireVault(), caseId, playbookIds);
  }

  next(caseId: string, limit: number): Out<'steps:next'> {
    return listNextSteps(this.requireVault(), caseId, limit);
  }

  /** Every playbook, those suggested for the counterparty's kind, and those the case follows. */
  listPlaybooks(input: In<'playbook:list'>): Out<'playbook:list'> {
    const vault = this.requireVault();
    const found = input.caseId === undefined ? null : vault.getCase(input.caseId);
    const kind = input.kind ?? found?.counterparty.kind ?? 'other';
    return {
      playbooks: loadPlaybooks().map((playbook) => ({
        id: playbook.id,
        title: playbook.title,
        summary: playbook.summary,
        suggestedFor: playbook.suggestedFor,
        stepCount: playbook.steps.length,
      })),
      suggested: suggestPlaybooks(kind),
      chosen: found === null ? [] : listCasePlaybookIds(vault, found),
      hasChosen: found !== null && hasChosenPlaybooks(vault, found.id),
    };
  }

  generateDraft(input: In<'draft:generate'>): Out<'draft:generate'> {
    const vault = this.requireVault();
    const today = todayInCase(vault, input.caseId);
    const draft = generateCaseDraft(vault, input.caseId, input.kind, input.lang, today);
    return { kind: input.kind, lang: input.lang, ...draft };
  }

  saveDraft(input: In<'draft:save'>): Out<'draft:save'> {
    return saveCaseDraft(this.requireVault(), input.caseId, input.kind, input.lang, input.body);
  }

  draftVersions(input: In<'draft:versions'>): Out<'draft:versions'> {
    return listCaseDraftVersions(this.requireVault(), input.caseId, input.kind);
  }

  /** The draft as a file to print or attach: plain text, or a PDF titled like the draft. */
  async exportDraft(input: In<'draft:export'>): Promise<Out<'draft:export'>> {
    const vault = this.requireVault();
    const today = todayInCase(vault, input.caseId);
    const file =
      input.format === 'txt'
        ? exportDraftAsText(input.kind, input.lang, input.body, today)
        : await exportDraftAsPdf(
            input.kind,
            input.lang,
            generateCaseDraft(vault, input.caseId, input.kind, input.lang, today).title,
            input.body,
            today,
          );
    return {
      fileName: file.fileName,
      mediaType: file.mediaType,
      base64: file.bytes.toString('base64'),
    };
  }
}

function requireView(vault: Vault, caseId: string, ref: string): StepView {
  const view = findStepView(describeCaseSteps(vault, caseId), ref);
  if (view === undefined) throw new SakshyaError('NOT_FOUND', `step ${ref} not found`);
  return view;
}
