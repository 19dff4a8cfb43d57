// `sakshya messages`: the messages read from a case's chat screenshots. `messages read` reads the
// case's pictures as chats and proposes what they show; `messages list` lists them (proposed or
// confirmed); `messages confirm` confirms some or all, so they count like chat-export messages;
// `messages correct` fixes one's time or text (and confirms it). All through the core services,
// imported inside each command so that `--help` loads no core module.
import { Option, type Command } from 'commander';
import { SakshyaError } from '../../../shared/errors';
import type { ScreenshotMessage } from '../../core/ocr/screenshot-messages';
import type { CommandContext } from './command-context';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function formatMessage(message: ScreenshotMessage): string {
  const who = message.side === 'mine' ? 'you' : (message.sender ?? 'them');
  const state =
    message.status === 'proposed'
      ? 'proposed'
      : message.alreadyHere
        ? 'confirmed (already in a chat export)'
        : 'confirmed';
  return `${message.id}  ${message.localTime}  ${who}: ${message.text}  [${state}; screenshot ${message.evidenceId}]`;
}

async function loadMessages() {
  return import('../../core/ocr/screenshot-messages');
}

export function registerMessageCommands(program: Command, context: CommandContext): void {
  const messages = program
    .command('messages')
    .description('messages read from chat screenshots: list, read, confirm, correct');

  messages
    .command('list', { isDefault: true })
    .description('list the messages read from a case’s screenshots (the default)')
    .requiredOption('--case <id>', 'the case')
    .addOption(new Option('--status <status>', 'only these').choices(['proposed', 'confirmed']))
    .action(async (o: { case: string; status?: 'proposed' | 'confirmed' }, cmd: Command) => {
      const { listScreenshotMessages } = await loadMessages();
      await context.withVault(cmd, (vault, out) => {
        vault.getCase(o.case);
        const list = listScreenshotMessages(vault.db, { caseId: o.case, status: o.status });
        out.result(
          list.length === 0 ? 'No messages read from screenshots.' : list.map(formatMessage),
          list,
        );
      });
    });

  messages
    .command('read')
    .description('read a case’s pictures as chat screenshots and propose the messages they show')
    .requiredOption('--case <id>', 'the case')
    .option('--evidence <id>', 'only this picture; repeatable', collect)
    .action(async (o: { case: string; evidence?: string[] }, cmd: Command) => {
      const [
        { proposeMessagesFromEvidence },
        { TextRecognizer },
        { ChatTimeReader },
        { EvidenceRepository },
      ] = await Promise.all([
        import('../../core/ocr/screenshot-reading'),
        import('../../core/ocr/recognize'),
        import('../../core/ocr/chat-times'),
        import('../../core/db/repositories/evidence'),
      ]);
      await context.withVault(cmd, async (vault, out) => {
        vault.getCase(o.case);
        const ids =
          o.evidence ??
          new EvidenceRepository(vault.db)
            .listByCase(o.case)
            .filter((item) => item.mediaType.startsWith('image/'))
            .map((item) => item.id);
        const recognizer = new TextRecognizer();
        const times = new ChatTimeReader(recognizer);
        const outcomes: { evidenceId: string; status: string; count: number }[] = [];
        try {
          for (const id of ids) {
            const outcome = await proposeMessagesFromEvidence(vault, id, { recognizer, times });
            outcomes.push({
              evidenceId: id,
              status: outcome.status,
              count: outcome.status === 'proposed' ? outcome.count : 0,
            });
          }
        } finally {
          await recognizer.close();
          await times.close();
        }
        const total = outcomes.reduce((sum, one) => sum + one.count, 0);
        const chats = outcomes.filter((one) => one.status === 'proposed').length;
        out.result(
          `${total} messages proposed from ${chats} chat screenshots (of ${ids.length} pictures). Check them, then confirm: sakshya messages confirm --case ${o.case} --all`,
          outcomes,
        );
      });
    });

  messages
    .command('confirm')
    .description(
      'confirm messages read from screenshots, so they count like chat-export messages (logged)',
    )
    .requiredOption('--case <id>', 'the case')
    .option('--all', 'every proposed message of the case')
    .option('--id <id>', 'this message; repeatable', collect)
    .action(async (o: { case: string; all?: boolean; id?: string[] }, cmd: Command) => {
      if ((o.all === true) === (o.id !== undefined && o.id.length > 0))
        throw new SakshyaError('INVALID_INPUT', 'Give either --all or one or more --id.');
      const { confirmScreenshotMessages } = await loadMessages();
      await context.withVault(cmd, (vault, out) => {
        vault.getCase(o.case);
        const summary = confirmScreenshotMessages(
          vault,
          o.all === true ? { caseId: o.case, all: true } : { caseId: o.case, ids: o.id ?? [] },
        );
        out.result(
          `${summary.confirmed} messages confirmed${summary.alreadyHere === 0 ? '' : `; ${summary.alreadyHere} of them were already in a chat export and were not added again`}.`,
          summary,
        );
      });
    });

  messages
    .command('correct')
    .description(
      'correct the time or text of a message read from a screenshot, and confirm it (logged)',
    )
    .requiredOption('--id <id>', 'the message')
    .option(
      '--at <time>',
      'the right time, e.g. 2024-05-12T21:43 (read on the case’s clock) or with +05:30',
    )
    .option('--text <text>', 'the right text')
    .action(async (o: { id: string; at?: string; text?: string }, cmd: Command) => {
      const [
        { correctScreenshotMessage, listScreenshotMessages },
        { parseUserTime },
        { readCaseTimezone },
      ] = await Promise.all([
        loadMessages(),
        import('../../core/time/zoned-time'),
        import('../../core/timeline/case-zone'),
      ]);
      await context.withVault(cmd, (vault, out) => {
        const found = listScreenshotMessages(vault.db, {}).find((message) => message.id === o.id);
        const at =
          o.at === undefined || found === undefined
            ? o.at
            : parseUserTime(o.at, readCaseTimezone(vault.db, found.caseId)).utc;
        const corrected = correctScreenshotMessage(vault, { id: o.id, at, text: o.text });
        out.result(`Corrected and confirmed: ${formatMessage(corrected)}`, corrected);
      });
    });
}
