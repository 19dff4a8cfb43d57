// `sakshya timeline`: a case's events and evidence in order, each with the rules it appears to
// break; and `sakshya incident add`: logging a call, visit, message, threat or post by hand.
import { Option, type Command } from 'commander';
import { SakshyaError } from '../../../shared/errors';
import { addIncident, INCIDENT_KINDS, type IncidentKind } from '../../core/timeline/incidents';
import { listTimeline, type TimelineEntry } from '../../core/timeline/timeline';
import type { CommandContext } from './command-context';

interface TimelineOptions {
  case: string;
  from?: string;
  to?: string;
  search?: string;
}

interface IncidentOptions {
  case: string;
  kind: IncidentKind;
  at: string;
  number?: string;
  duration?: string;
  text?: string;
  thirdParty?: boolean;
}

export function registerTimelineCommands(program: Command, context: CommandContext): void {
  program
    .command('timeline')
    .description('list a case’s timeline, with the RBI rules each entry appears to break')
    .requiredOption('--case <id>', 'the case')
    .option('--from <date>', 'from this local date (YYYY-MM-DD) or ISO 8601 time')
    .option('--to <date>', 'up to this local date (inclusive) or ISO 8601 time')
    .option('--search <text>', 'only entries containing these words (English or Hindi)')
    .action(async (o: TimelineOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const entries = listTimeline(vault.db, {
          caseId: o.case,
          from: o.from,
          to: o.to,
          search: o.search,
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
    .action(async (o: IncidentOptions, cmd: Command) => {
      await context.withVault(cmd, (vault, out) => {
        const logged = addIncident(vault, {
          caseId: o.case,
          kind: o.kind,
          at: o.at,
          number: o.number,
          durationSeconds: o.duration === undefined ? undefined : parseSeconds(o.duration),
          text: o.text,
          thirdParty: o.thirdParty === true,
        });
        out.result(`Logged ${logged.kind} ${logged.id} at ${logged.occurredAt}`, logged);
      });
    });
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
