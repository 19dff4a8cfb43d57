// `sakshya timeline`: a case's events and evidence in order, each with the rules it appears to
// break; and `sakshya incident add`: logging a call, visit, message, threat or post by hand.
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { SakshyaError } from '../../../shared/errors';
import { INCIDENT_KINDS, type IncidentKind } from '../../core/timeline/incidents';
import type { TimelineEntry } from '../../core/timeline/timeline';
import { TimelineService } from '../../core/timeline/timeline-service';
import type { Vault } from '../../core/vault/vault';
import type { CommandContext } from './command-context';

interface TimelineOptions {
  case: string;
  from?: string;
  to?: string;
  search?: string;
  kind?: string[];
  counterparty?: string;
  flagged?: boolean;
}

interface CallsOptions {
  case: string;
  file: string;
  dryRun?: boolean;
}

interface FlagOptions {
  case: string;
  event: string;
  rule: string;
  reason?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface IncidentOptions {
  case: string;
  kind: IncidentKind;
  at: string;
  number?: string;
  duration?: string;
  text?: string;
  thirdParty?: boolean;
  evidence?: string[];
}

export function registerTimelineCommands(program: Command, context: CommandContext): void {
  program
    .command('timeline')
    .description('list a case’s timeline, with the RBI rules each entry appears to break')
    .requiredOption('--case <id>', 'the case')
    .option('--from <date>', 'from this local date (YYYY-MM-DD) or ISO 8601 time')
    .option('--to <date>', 'up to this local date (inclusive) or ISO 8601 time')
    .option('--search <text>', 'only entries containing these words (English or Hindi)')
    .option('--kind <kind>', 'only this kind (call, message, photo, …); repeatable', collect)
    .option('--counterparty <id>', 'only contacts from this counterparty')
    .option('--flagged', 'only entries with a rule flag that was not dismissed')
    .action(async (o: TimelineOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const entries = service(vault).listAll({
          caseId: o.case,
          from: o.from,
          to: o.to,
          search: o.search,
          kinds: o.kind,
          counterpartyId: o.counterparty,
          flaggedOnly: o.flagged === true,
        });
        out.result(entries.length === 0 ? 'No entries.' : entries.flatMap(formatEntry), entries);
      });
    });

  const incident = program.command('incident').description('log incidents by hand');
  incident
    .command('add')
    .description(
      'log a call, visit, message, threat or post (the entry is added to the custody log)',
    )
    .requiredOption('--case <id>', 'the case')
    .addOption(
      new Option('--kind <kind>', 'what happened')
        .choices([...INCIDENT_KINDS])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--at <time>',
      'ISO 8601, e.g. 2024-05-12T21:15+05:30 (no zone: the case time zone)',
    )
    .option('--number <number>', 'the phone number it came from')
    .option('--duration <seconds>', 'how long the call lasted, in seconds')
    .option('--text <text>', 'what was said or done')
    .option('--third-party', 'they contacted someone other than you (family, friends, colleagues)')
    .option('--evidence <id>', 'evidence in this case that shows it; repeatable', collect)
    .action(async (o: IncidentOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const logged = service(vault).logIncident({
          caseId: o.case,
          kind: o.kind,
          at: o.at,
          number: o.number,
          durationSeconds: o.duration === undefined ? undefined : parseSeconds(o.duration),
          text: o.text,
          thirdParty: o.thirdParty === true,
          evidenceIds: o.evidence,
        });
        out.result(`Logged ${logged.kind} ${logged.id} at ${logged.occurredAt}`, logged);
      });
    });

  incident
    .command('calls')
    .description(
      'log call-log rows (number, DD/MM/YYYY HH:mm, duration), one per line; unreadable rows are listed and skipped',
    )
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--file <path>', 'the rows, or - to read them from standard input')
    .option('--dry-run', 'only show what would be added')
    .action(async (o: CallsOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const text = readText(o.file);
        const result = service(vault).logCalls(o.case, text, { preview: o.dryRun === true });
        const lines = [
          o.dryRun === true
            ? `${String(result.rows.length)} calls would be added.`
            : `Added ${String(result.added)} calls.`,
          ...result.problems.map(
            (problem) =>
              `  line ${String(problem.line)} not added: ${problem.reason}: ${escapeForTerminal(problem.text)}`,
          ),
        ];
        if (result.problems.length > 0) context.setExit(2);
        out.result(lines, result);
      });
    });

  const flag = program
    .command('flag')
    .description('set a rule flag aside, with a reason, or restore it');
  flag
    .command('dismiss')
    .description('set a flag aside; the reason is kept in the custody log')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--event <id>', 'the timeline entry')
    .requiredOption('--rule <id>', 'the rule, e.g. contact-hours')
    .requiredOption('--reason <text>', 'why it is set aside')
    .action(async (o: FlagOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const done = service(vault).dismissFlag({
          caseId: o.case,
          eventId: o.event,
          ruleId: o.rule,
          reason: o.reason ?? '',
        });
        out.result(`Set aside ${o.rule} on ${o.event}.`, done);
      });
    });
  flag
    .command('restore')
    .description('show a dismissed flag again (logged in the custody log)')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--event <id>', 'the timeline entry')
    .requiredOption('--rule <id>', 'the rule, e.g. contact-hours')
    .action(async (o: FlagOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const done = service(vault).restoreFlag({
          caseId: o.case,
          eventId: o.event,
          ruleId: o.rule,
        });
        out.result(done.restored ? 'Restored.' : 'That flag was not dismissed.', done);
      });
    });
}

/** The same timeline service the app's handlers call, over the vault this command opened. */
function service(vault: Vault): TimelineService {
  return new TimelineService(() => vault);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (cause) {
    throw new SakshyaError(
      'NOT_FOUND',
      `could not read ${file === '-' ? 'standard input' : file}`,
      {
        cause,
      },
    );
  }
}

function parseSeconds(text: string): number {
  if (!/^\d{1,5}$/.test(text))
    throw new SakshyaError('INVALID_INPUT', '--duration must be a number of seconds.');
  return Number(text);
}

function formatEntry(entry: TimelineEntry): string[] {
  const who = entry.actor ?? entry.number ?? '—';
  const lines = [
    `${entry.occurredAtLocal}  ${entry.kind.padEnd(10)} ${escapeForTerminal(who)}  ${escapeForTerminal(entry.text)}`,
  ];
  for (const flag of entry.flags) {
    const dismissed =
      flag.dismissal === null ? '' : ` (dismissed: ${escapeForTerminal(flag.dismissal.reason)})`;
    lines.push(`    ! ${flag.rule.en} (${flag.fact})${dismissed}`);
    lines.push(`      Source: ${flag.source.title} ${flag.source.url}`);
  }
  return lines;
}

/** Control characters and direction marks as escapes, so message text cannot fake lines or reorder output. */
function escapeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  const unsafe = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  return text.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
