// `sakshya read-text`: reads the text in a case's pictures not read yet (the import does this
// itself unless --no-text); `sakshya evidence show`: one item with its text and facts;
// `sakshya tie-number`: ties a number (one read in a screenshot) to a person of the case.
import type { Command } from 'commander';
import type { PersonRelation, PersonRole } from '../../../shared/contract/people';
import { describeReadingProgress } from '../../../shared/text-reading';
import { SakshyaError } from '../../../shared/errors';
import type { Vault } from '../../core/vault/vault';
import type { Printer } from '../output';
import type { CommandContext } from './command-context';

/** Reads what is left to read in a case, telling the user calmly on stderr; the CLI's one way. */
export async function readTextForCase(vault: Vault, caseId: string, out: Printer): Promise<string> {
  const [{ readPendingText }, { listScreenshotMessages }] = await Promise.all([
    import('../../core/ocr/text-service'),
    import('../../core/ocr/screenshot-messages'),
  ]);
  let announced = false;
  const result = await readPendingText(vault, caseId, {
    onProgress: (progress) => {
      if (!announced && progress.total > 0) {
        announced = true;
        out.info(describeReadingProgress('en', progress.total - progress.done));
      }
    },
  });
  const { counts } = result;
  const line = `Text: ${counts.read} read, ${counts['no-text']} with no text, ${counts['not-read-yet']} not read (not in English or Hindi, or camera photos: sakshya read-text --id ID reads one), ${counts.failed} could not be read, ${counts.pending} still to read`;
  // The reading proposes the messages chat screenshots show; they wait for her check.
  const proposed = listScreenshotMessages(vault.db, { caseId, status: 'proposed' }).length;
  return proposed === 0
    ? line
    : `${line}\n${proposed} messages read from screenshots wait to be checked: sakshya messages list --case ${caseId}`;
}

export function registerTextCommands(program: Command, context: CommandContext): void {
  program
    .command('read-text')
    .description('read the text in the case’s pictures that are not read yet (offline)')
    .option('--case <id>', 'the case')
    .option('--id <evidence>', 'read this one picture, even a camera photo that was left unread')
    .action(async (o: { case?: string; id?: string }, cmd: Command) => {
      await context.withVault(cmd, async (vault, out) => {
        if (o.id !== undefined) {
          const { readTextAnyway } = await import('../../core/ocr/text-service');
          const view = await readTextAnyway(vault, o.id);
          out.result(`Text: ${view.status === 'read' ? view.text : view.reason}`, view);
          return;
        }
        if (o.case === undefined)
          throw new SakshyaError(
            'INVALID_INPUT',
            'Give --case ID, or --id EVIDENCE for one picture.',
          );
        const line = await readTextForCase(vault, o.case, out);
        const { EvidenceTextRepository } = await import('../../core/db/repositories/evidence-text');
        out.result(line, new EvidenceTextRepository(vault.db).countByStatus(o.case));
      });
    });

  const evidence =
    program.commands.find((command) => command.name() === 'evidence') ??
    program.command('evidence').description('work with evidence records');
  evidence
    .command('show')
    .description('show one item with the text read from it and the facts found')
    .argument('<id>', 'the evidence record')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await context.withVault(cmd, async (vault, out) => {
        const { showEvidence } = await import('../../core/ocr/text-service');
        const shown = showEvidence(vault, id);
        out.result(shown.lines, shown.json);
      });
    });

  program
    .command('tie-number')
    .description('tie a phone number (e.g. one read in a screenshot) to a person of the case')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--number <number>', 'the number, as read or in any usual form')
    .requiredOption('--as <role>', 'harasser, me or other')
    .option('--person <id>', 'an existing person')
    .option('--name <name>', 'their name (finds or adds the person)')
    .option('--relation <relation>', 'for --as other: family, colleague, friend, referee, other')
    .action(
      async (
        o: {
          case: string;
          number: string;
          as: PersonRole;
          person?: string;
          name?: string;
          relation?: PersonRelation;
        },
        cmd: Command,
      ) => {
        await context.withVault(cmd, async (vault, out) => {
          const { tieNumber } = await import('../../core/people/people-service');
          const person = tieNumber(vault, {
            caseId: o.case,
            number: o.number,
            as: o.as,
            ...(o.person === undefined ? {} : { personId: o.person }),
            ...(o.name === undefined ? {} : { name: o.name }),
            ...(o.relation === undefined ? {} : { relation: o.relation }),
          });
          out.result(`Tied ${o.number} to ${person.name || person.role} (${person.id})`, person);
        });
      },
    );
}
