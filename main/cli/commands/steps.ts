// `sakshya steps`, `sakshya step set` and `sakshya draft`: a case's playbook steps with their dates,
// recording progress on a step, and a complaint draft built from the case's own records.
import { Option, type Command } from 'commander';
import { STEP_STATUSES } from '../../../shared/domain-values';
import { SakshyaError } from '../../../shared/errors';
import type { StepStatus } from '../../core/playbooks/deadlines';
import type { DraftLanguage } from '../../core/playbooks/drafts';
import { DRAFT_KINDS, type DraftKind } from '../../core/playbooks/draft-kinds';
import { isCalendarDate } from '../../core/time/calendar-date';
import type { CasePlaybookSteps, CaseStep } from '../../core/steps/case-steps';
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
  save?: boolean;
}

interface StepAddOptions {
  case: string;
  title: string;
  due?: string;
  notes?: string;
}

interface PlaybooksOptions {
  case: string;
  set?: string;
}

export function registerStepCommands(program: Command, context: CommandContext): void {
  program
    .command('steps')
    .description('list a case’s playbook steps with their status, dates and what they wait for')
    .requiredOption('--case <id>', 'the case')
    .addOption(languageOption())
    .action(async (o: StepsOptions, cmd: Command) => {
      const { listCaseSteps, listKeptRecords, todayInCase } = await loadSteps();
      await context.withVault(cmd, (vault, out) => {
        const today = todayInCase(vault, o.case);
        const playbooks = listCaseSteps(vault, o.case, today);
        const kept = listKeptRecords(vault, o.case, today);
        out.result(
          [
            ...playbooks.flatMap((playbook) => formatPlaybook(playbook, o.lang)),
            ...kept.map(
              (record) =>
                `(kept, not in the case's playbooks now) ${record.ref}: ${record.status}${record.doneAt === null ? '' : ` on ${record.doneAt}`}`,
            ),
          ],
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
      const { setCaseStep } = await loadSteps();
      await context.withVault(cmd, (vault, out) => {
        const updated = setCaseStep(vault, o.case, stepId, {
          status: o.status,
          date: o.date,
          refs: parseRefs(o.ref),
        });
        out.result(formatStep(updated, 'en'), updated);
      });
    });

  step
    .command('add')
    .description('add a step of your own to a case (it can have a due date)')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--title <title>', 'what the step is, in your words')
    .option('--due <date>', 'the day it is due (YYYY-MM-DD)')
    .option('--notes <text>', 'notes to keep with the step')
    .action(async (o: StepAddOptions, cmd: Command) => {
      const { addCustomStep } = await loadSteps();
      await context.withVault(cmd, (vault, out) => {
        if (o.due !== undefined && !isCalendarDate(o.due)) {
          throw new SakshyaError('INVALID_INPUT', '--due must be a real day written as YYYY-MM-DD');
        }
        const added = addCustomStep(vault, o.case, {
          title: o.title,
          dueDate: o.due ?? null,
          ...(o.notes === undefined ? {} : { notes: o.notes }),
        });
        out.result(formatStep(added, 'en'), added);
      });
    });

  const caseCommand = program.commands.find((command) => command.name() === 'case');
  caseCommand
    ?.command('playbooks')
    .description('show or choose the playbooks a case follows (recorded steps are always kept)')
    .requiredOption('--case <id>', 'the case')
    .option('--set <ids>', 'comma-separated playbook ids, e.g. loan-recovery,police-cyber')
    .action(async (o: PlaybooksOptions, cmd: Command) => {
      const { chooseCasePlaybooks, hasChosenPlaybooks, listCasePlaybookIds } = await loadSteps();
      const { suggestPlaybooks } = await import('../../core/playbooks/load-playbooks');
      await context.withVault(cmd, (vault, out) => {
        const found = vault.getCase(o.case);
        const chosen =
          o.set === undefined
            ? listCasePlaybookIds(vault, found)
            : chooseCasePlaybooks(
                vault,
                o.case,
                o.set
                  .split(',')
                  .map((id) => id.trim())
                  .filter((id) => id !== ''),
              );
        const result = {
          playbookIds: chosen,
          chosen: hasChosenPlaybooks(vault, o.case),
          suggested: suggestPlaybooks(found.counterparty.kind),
        };
        out.result(
          [
            `playbooks: ${chosen.join(', ') || '(none)'}`,
            result.chosen ? '(chosen)' : '(suggested for the counterparty; not chosen yet)',
          ],
          result,
        );
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
    .option('--save', 'also save it as a new version of this case’s draft')
    .option(
      '--evidence <id>',
      'a file for the annexure; repeatable (default: the flagged files and the harasser’s chats)',
      collect,
      [] as string[],
    )
    .action(async (o: DraftOptions & { evidence?: string[] }, cmd: Command) => {
      const { todayInCase } = await loadSteps();
      const { generateCaseDraft } = await import('../../core/steps/case-draft');
      const { saveCaseDraft } = await import('../../core/steps/case-draft-store');
      await context.withVault(cmd, (vault, out) => {
        const draft = generateCaseDraft(vault, o.case, o.kind, o.lang, todayInCase(vault, o.case), {
          evidenceIds: o.evidence === undefined || o.evidence.length === 0 ? undefined : o.evidence,
        });
        const limit =
          draft.limit === null
            ? 'no known limit'
            : `limit ${draft.limit.chars}${draft.limit.confirmed ? '' : ' (not verified on the live form)'}`;
        const saved =
          o.save === true ? saveCaseDraft(vault, o.case, o.kind, o.lang, draft.body) : null;
        const savedLine = saved === null ? [] : [`saved as version ${saved.version}`];
        out.result(
          [draft.title, '', draft.body, `${draft.charCount} characters; ${limit}`, ...savedLine],
          saved === null ? draft : { ...draft, saved: { id: saved.id, version: saved.version } },
        );
      });
    });
}

function languageOption(): Option {
  return new Option('--lang <lang>', 'language of the text').choices([...LANGUAGES]).default('en');
}

/** The steps' rules, loaded only by the commands that use them (see program.ts). */
function loadSteps(): Promise<typeof import('../../core/steps/case-steps')> {
  return import('../../core/steps/case-steps');
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
