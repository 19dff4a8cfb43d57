// `sakshya messages`: reading a case's chat screenshots, then confirming and correcting what they
// show, from the command line, with `evidence show` listing an item's messages.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };
const SCREENSHOT = path.resolve(
  import.meta.dirname,
  '../../fixtures/chat-screenshots/harasser/Screenshot_20240513-102000_WhatsApp.png',
);

const sakshya = cliOn(ENV);

interface Message {
  id: string;
  text: string;
  localTime: string;
  status: string;
  corrected: boolean;
}

describe('sakshya messages', () => {
  it('reads, lists, confirms one by one or all, and corrects the messages of a chat screenshot', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    expect((await sakshya(dir, ['init'])).code).toBe(0);
    const created = await sakshya(dir, [
      '--json',
      'case',
      'create',
      '--title',
      'Loan app',
      '--timezone',
      'Asia/Kolkata',
    ]);
    const caseId = parseJson<{ id: string }>(created).id;
    expect((await sakshya(dir, ['import', '--no-text', '--case', caseId, SCREENSHOT])).code).toBe(
      0,
    );

    const read = await sakshya(dir, ['messages', 'read', '--case', caseId]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('5 messages proposed from 1 chat screenshots (of 1 pictures)');
    const proposed = parseJson<Message[]>(
      await sakshya(dir, ['--json', 'messages', 'list', '--case', caseId, '--status', 'proposed']),
    );
    expect(proposed.map((one) => [one.localTime, one.text])).toEqual([
      ['2024-05-12 15:10', 'Pay today'],
      ['2024-05-12 20:49', 'We will call your brother'],
      ['2024-05-12 21:41', 'PAY NOW or we visit your office'],
      ['2024-05-12 22:03', 'Please stop messaging at night'],
      ['2024-05-13 09:15', 'Last warning. Call 98765 43210 now'],
    ]);

    const evidenceId = parseJson<{ evidenceId: string }[]>(
      await sakshya(dir, ['--json', 'messages', 'read', '--case', caseId]),
    )[0]?.evidenceId;
    // Read again, each proposal keeps its id.
    const again = parseJson<Message[]>(
      await sakshya(dir, ['--json', 'messages', 'list', '--case', caseId]),
    );
    expect(again.map((message) => message.id)).toEqual(proposed.map((message) => message.id));
    const shown = parseJson<{ messages: Message[] }>(
      await sakshya(dir, ['--json', 'evidence', 'show', evidenceId ?? '']),
    );
    expect(shown.messages).toHaveLength(5);

    const neither = await sakshya(dir, ['messages', 'confirm', '--case', caseId]);
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('Give either --all or one or more --id.');

    const [first, second] = proposed;
    const one = await sakshya(dir, [
      'messages',
      'confirm',
      '--case',
      caseId,
      '--id',
      first?.id ?? '',
    ]);
    expect(one.stdout).toContain('1 messages confirmed.');
    const fixed = parseJson<Message>(
      await sakshya(dir, [
        '--json',
        'messages',
        'correct',
        '--id',
        second?.id ?? '',
        '--at',
        '2024-05-12T20:50',
        '--text',
        'We will call your brother today',
      ]),
    );
    expect(fixed).toMatchObject({
      status: 'confirmed',
      corrected: true,
      localTime: '2024-05-12 20:50',
    });
    const rest = await sakshya(dir, ['messages', 'confirm', '--case', caseId, '--all']);
    expect(rest.stdout).toContain('3 messages confirmed.');
    const all = parseJson<Message[]>(
      await sakshya(dir, ['--json', 'messages', 'list', '--case', caseId]),
    );
    expect(all.every((message) => message.status === 'confirmed')).toBe(true);
    const timeline = parseJson<{ kind: string; text: string }[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--kind', 'message']),
    );
    expect(timeline.map((entry) => entry.text)).toContain('We will call your brother today');
  }, 600_000);

  it('proposes the messages of a chat screenshot during the import, without messages read', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    expect((await sakshya(dir, ['init'])).code).toBe(0);
    const caseId = parseJson<{ id: string }>(
      await sakshya(dir, ['--json', 'case', 'create', '--title', 'Loan app']),
    ).id;
    const imported = await sakshya(dir, ['import', '--case', caseId, SCREENSHOT]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      `5 messages read from screenshots wait to be checked: sakshya messages list --case ${caseId}`,
    );
    const proposed = parseJson<Message[]>(
      await sakshya(dir, ['--json', 'messages', 'list', '--case', caseId, '--status', 'proposed']),
    );
    expect(proposed.map((one) => one.text)).toContain('PAY NOW or we visit your office');
  });
});
