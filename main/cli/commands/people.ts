// `sakshya senders`: who sent the messages of a case's chats, each tied to a person or not yet;
// `senders tie` ties one (the harasser, "me" or someone else), `senders untie` takes a tie back,
// and `senders phone` records whose phone a chat export came from. All through the people service,
// imported inside each command so that `--help` loads no core module.
import { Option, type Command } from 'commander';
import type { PeopleOverview, Sender } from '../../../shared/contract/people';
import {
  PERSON_RELATIONS,
  PERSON_ROLES,
  type PersonRelation,
  type PersonRole,
} from '../../../shared/contract/people-values';
import type { CommandContext } from './command-context';

interface TieOptions {
  case: string;
  sender: string;
  as: PersonRole;
  person?: string;
  name?: string;
  relation?: PersonRelation;
}

interface PhoneOptions {
  case: string;
  evidence: string;
  as: 'me' | 'other';
  person?: string;
  name?: string;
  relation?: PersonRelation;
}

export function registerPeopleCommands(program: Command, context: CommandContext): void {
  const senders = program
    .command('senders')
    .description('who sent the messages of a case’s chats, and who each sender is');

  senders
    .command('list', { isDefault: true })
    .description('list the senders, each with its tie (the default)')
    .requiredOption('--case <id>', 'the case')
    .action(async (o: { case: string }, cmd: Command) => {
      const { listPeople } = await loadPeople();
      await context.withVault(cmd, (vault, out) => {
        const overview = listPeople(vault, o.case);
        out.result(formatOverview(overview), overview);
      });
    });

  senders
    .command('tie')
    .description('tie a chat sender to the harasser, to you, or to someone else (logged)')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--sender <name>', 'the sender exactly as the chat names them')
    .addOption(
      new Option('--as <who>', 'who the sender is').choices(PERSON_ROLES).makeOptionMandatory(),
    )
    .option('--person <id>', 'an existing person of the case')
    .option('--name <name>', 'their name (an agent, or a relative such as "Rahul")')
    .addOption(
      new Option('--relation <relation>', 'for someone else: how they relate to you').choices(
        PERSON_RELATIONS,
      ),
    )
    .action(async (o: TieOptions, cmd: Command) => {
      const { tieSender } = await loadPeople();
      await context.withVault(cmd, (vault, out) => {
        const tied = tieSender(vault, {
          caseId: o.case,
          sender: o.sender,
          as: o.as,
          personId: o.person,
          name: o.name,
          relation: o.relation,
        });
        out.result(
          `"${tied.sender.name}" is now tied to ${describeRole(o.as, tied.person.name)} (${tied.sender.messages} messages).`,
          tied,
        );
      });
    });

  senders
    .command('untie')
    .description('take back the tie of a chat sender (logged)')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--sender <name>', 'the sender exactly as the chat names them')
    .action(async (o: { case: string; sender: string }, cmd: Command) => {
      const { untieSender } = await loadPeople();
      await context.withVault(cmd, (vault, out) => {
        const untied = untieSender(vault, o.case, o.sender);
        out.result(
          untied
            ? `"${o.sender}" is no longer tied to anyone.`
            : `"${o.sender}" was not tied by name.`,
          { untied },
        );
      });
    });

  senders
    .command('phone')
    .description(
      'record whose phone a chat export came from (a relative’s makes contact third-party)',
    )
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--evidence <id>', 'the chat export (the .txt or .zip evidence id)')
    .addOption(
      new Option('--as <whose>', 'your own phone, or someone else’s')
        .choices(['me', 'other'])
        .makeOptionMandatory(),
    )
    .option('--person <id>', 'an existing person of the case')
    .option('--name <name>', 'their name, e.g. "Rahul"')
    .addOption(
      new Option('--relation <relation>', 'how they relate to you').choices(PERSON_RELATIONS),
    )
    .action(async (o: PhoneOptions, cmd: Command) => {
      const { setChatOwner } = await loadPeople();
      await context.withVault(cmd, (vault, out) => {
        const chat = setChatOwner(vault, {
          caseId: o.case,
          evidenceId: o.evidence,
          owner: o.as,
          personId: o.person,
          name: o.name,
          relation: o.relation,
        });
        const owner = chat.owner;
        out.result(
          `${chat.originalName} came from ${owner === null ? 'your phone' : describeRole(owner.role, owner.name, owner.relation)}.`,
          chat,
        );
      });
    });
}

function loadPeople(): Promise<typeof import('../../core/people/people-service')> {
  return import('../../core/people/people-service');
}

function describeRole(role: PersonRole, name: string, relation?: PersonRelation | null): string {
  if (role === 'me') return 'you';
  if (role === 'harasser') return name === '' ? 'the harasser' : `the harasser (${name})`;
  const label =
    relation === undefined || relation === null || relation === 'other'
      ? 'someone else'
      : `your ${relation}`;
  return name === '' ? label : `${name} (${label})`;
}

function formatSender(sender: Sender, overview: PeopleOverview): string {
  const person =
    sender.tie === null
      ? undefined
      : overview.people.find((item) => item.id === sender.tie?.personId);
  const who =
    sender.tie === null
      ? 'not tied yet'
      : `${describeRole(sender.tie.role, person?.name ?? '', person?.relation)}${sender.tie.via === 'phone' ? ', by number' : sender.tie.via === 'email' ? ', by e-mail address' : sender.tie.via === 'handle' ? ', by handle' : ''}`;
  return `  ${sender.name}: ${sender.messages} message${sender.messages === 1 ? '' : 's'} · ${who}`;
}

function formatOverview(overview: PeopleOverview): string[] {
  const lines: string[] = [];
  if (overview.senders.length === 0) lines.push('No chat messages in this case yet.');
  else {
    lines.push('Senders:');
    for (const sender of overview.senders) lines.push(formatSender(sender, overview));
    const untied = overview.senders.filter((sender) => sender.tie === null);
    if (untied.length > 0) {
      lines.push(
        '',
        `Tie each with: sakshya senders tie --case ID --sender NAME --as harasser|me|other`,
      );
    }
  }
  for (const chat of overview.chats) {
    const whose =
      chat.owner === null
        ? 'your phone'
        : describeRole(chat.owner.role, chat.owner.name, chat.owner.relation);
    lines.push(
      `Chat ${chat.originalName} (${chat.evidenceId}): ${chat.messages} messages, ${chat.alreadyHere} already here · from ${whose}`,
    );
  }
  if (overview.flagHint !== null) lines.push('', overview.flagHint.text.en);
  return lines;
}
