import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PeopleOverview } from '../../../shared/contract/people';
import { cliOn, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };

const sakshya = cliOn(ENV);

describe('sakshya senders', () => {
  it('lists a chat’s senders after an import, ties one to the harasser, and logs it', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    expect((await sakshya(dir, ['init'])).code).toBe(0);
    const caseId = parseJson<{ id: string }>(
      await sakshya(dir, [
        '--json',
        'case',
        'create',
        '--title',
        'Loan app',
        '--counterparty',
        'XYZ Loans',
        '--counterparty-kind',
        'loan-app',
        '--timezone',
        'Asia/Kolkata',
      ]),
    ).id;
    const chat = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.txt');
    fs.writeFileSync(
      chat,
      '12/05/2024, 22:01 - Agent Ravi: PAY NOW\n12/05/2024, 22:05 - Meera: I will pay on Friday\n',
    );
    const imported = await sakshya(dir, ['import', '--case', caseId, chat]);
    expect(imported.stdout).toContain('2 messages, 0 already here');
    expect(imported.stdout).toContain('2 chat sender(s) not tied to anyone yet');

    const listed = await sakshya(dir, ['senders', '--case', caseId]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('  Agent Ravi: 1 message · not tied yet');
    expect(listed.stdout).toContain('No messages are tied to the harasser yet.');

    const tied = await sakshya(dir, [
      'senders',
      'tie',
      '--case',
      caseId,
      '--sender',
      'Agent Ravi',
      '--as',
      'harasser',
    ]);
    expect(tied.code).toBe(0);
    expect(tied.stdout).toContain(
      '"Agent Ravi" is now tied to the harasser (XYZ Loans) (1 messages).',
    );
    const me = await sakshya(dir, [
      'senders',
      'tie',
      '--case',
      caseId,
      '--sender',
      'Meera',
      '--as',
      'me',
    ]);
    expect(me.code).toBe(0);

    const json = parseJson<PeopleOverview>(
      await sakshya(dir, ['senders', '--case', caseId, '--json']),
    );
    expect(json.senders.map((sender) => [sender.name, sender.tie?.role])).toEqual([
      ['Agent Ravi', 'harasser'],
      ['Meera', 'me'],
    ]);
    expect(json.flagHint).toBeNull();

    const wrong = await sakshya(dir, [
      'senders',
      'tie',
      '--case',
      caseId,
      '--sender',
      'Nobody',
      '--as',
      'harasser',
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('No message in this case was sent by "Nobody"');
  });
});
