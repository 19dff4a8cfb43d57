// `sakshya steps`, `sakshya step set` and `sakshya draft`: a case's playbook steps with their dates,
// recording progress on a step, and a complaint draft built from the case's own records.
import { Option, type Command } from 'commander';
import { STEP_STATUSES } from '../../../shared/domain';
import { SakshyaError } from '../../../shared/errors';
import type { StepStatus } from '../../core/playbooks/deadlines';
import type { DraftLanguage } from '../../core/playbooks/drafts';
import { DRAFT_KINDS, type DraftKind } from '../../core/playbooks/schema';
import { generateCaseDraft } from '../../core/steps/case-draft';
import {
  listCaseSteps,
  setCaseStep,
  toCalendarDateInZone,
  type CasePlaybookSteps,
  type CaseStep,
} from '../../core/steps/case-steps';
import type { Vault } from '../../core/vault/vault';
import type { CommandContext } from './command-context';

const LANGUAGES = ['en', 'hi'] as const;

interface StepsOptions {
  case: string;
  lang: DraftLanguage;
}

interface StepSetOptions {
  case: string;
  status: StepStatus;
  date?: string;
  ref: string[];
}

interface DraftOptions {
  case: string;
  kind: DraftKind;
  lang: DraftLanguage;
}

export function registerStepCommands(program: Command, context: CommandContext): void {
  program
    .command('steps')
    .description('list a case’s playbook steps with their status, dates and what they wait for')
    .requiredOption('--case <id>', 'the case')
    .addOption(languageOption())
    .action(async (o: StepsOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const playbooks = listCaseSteps(vault, o.case, todayInCase(vault, o.case));
        out.result(
          playbooks.flatMap((playbook) => formatPlaybook(playbook, o.lang)),
          playbooks,
        );
      });
    });

  const step = program.command('step').description('record progress on a playbook step');
  step
    .command('set <stepId>')
    .description('set a step’s status (the id is <playbook>/<step>, as `sakshya steps` lists it)')
    .requiredOption('--case <id>', 'the case')
    .addOption(
      new Option('--status <status>', 'the new status')
        .choices([...STEP_STATUSES])
        .makeOptionMandatory(),
    )
    .option('--date <date>', 'the day it was done (YYYY-MM-DD, default today); only with done')
    .option('--ref <key=value>', 'a detail such as reference-number=123 (repeatable)', collect, [])
    .action(async (stepId: string, o: StepSetOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const updated = setCaseStep(vault, o.case, stepId, {
          status: o.status,
          date: o.date,
          refs: parseRefs(o.ref),
        });
        out.result(formatStep(updated, 'en'), updated);
      });
    });

  program
    .command('draft')
    .description('write a complaint draft from the case’s records, to read, correct and sign')
    .requiredOption('--case <id>', 'the case')
    .addOption(
      new Option('--kind <kind>', 'who the complaint is for')
        .choices([...DRAFT_KINDS])
        .makeOptionMandatory(),
    )
    .addOption(languageOption())
    .action(async (o: DraftOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const draft = generateCaseDraft(vault, o.case, o.kind, o.lang, todayInCase(vault, o.case));
        const limit =
          draft.limit === null
            ? 'no known limit'
            : `limit ${draft.limit.chars}${draft.limit.confirmed ? '' : ' (not verified on the live form)'}`;
        out.result([draft.title, '', draft.body, `${draft.charCount} characters; ${limit}`], draft);
      });
    });
}

function languageOption(): Option {
  return new Option('--lang <lang>', 'language of the text').choices([...LANGUAGES]).default('en');
}

function todayInCase(vault: Vault, caseId: string): string {
  return toCalendarDateInZone(new Date().toISOString(), vault.getCase(caseId).timezone);
}

function formatPlaybook(playbook: CasePlaybookSteps, lang: DraftLanguage): string[] {
  return [
    `${playbook.title[lang]} (${playbook.playbookId})`,
    ...playbook.steps.flatMap((step) => formatStep(step, lang).map((line) => `  ${line}`)),
    ...playbook.orphans.map(
      (orphan) => `  (no longer in the playbook) ${orphan.recordId}: ${orphan.record.status}`,
    ),
    '',
  ];
}

function formatStep(step: CaseStep, lang: DraftLanguage): string[] {
  const lines = [`${step.ref}  [${step.status}]  ${step.title[lang]}`];
  if (step.doneAt !== null) lines.push(`    done on ${step.doneAt}`);
  for (const [key, value] of Object.entries(step.references)) lines.push(`    ${key}: ${value}`);
  if (step.notBeforeDate !== null) {
    lines.push(`    not before ${step.notBeforeDate}: ${step.notBeforeReason?.[lang] ?? ''}`);
  }
  for (const deadline of step.deadlines) {
    // The other side's time limit passing is their delay, not the user's, so it is not called overdue.
    const late = deadline.kind === 'response-due' ? ' (passed)' : ' (OVERDUE)';
    const overdue = deadline.overdue ? late : '';
    lines.push(
      `    ${deadline.kind} ${deadline.date ?? '(date not known yet)'}${overdue}: ${deadline.label[lang]}`,
    );
  }
  if (step.blockedBy.length > 0) lines.push(`    waits for: ${step.blockedBy.join(', ')}`);
  return lines;
}

function parseRefs(pairs: readonly string[]): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const pair of pairs) {
    const split = pair.indexOf('=');
    if (split <= 0) throw new SakshyaError('INVALID_INPUT', `--ref must be KEY=VALUE: ${pair}`);
    refs[pair.slice(0, split).trim()] = pair.slice(split + 1).trim();
  }
  return refs;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
