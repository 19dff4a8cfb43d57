import { describe, expect, it } from 'vitest';
import { cliOn, initCliVaultWithCase, parseJson } from '../../helpers/run-cli';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };

const sakshya = cliOn(ENV);

function initWithCase(): Promise<{ dir: string; caseId: string }> {
  return initCliVaultWithCase(ENV, 'Asia/Kolkata');
}

describe('sakshya timeline and incident add', () => {
  it('logs an incident and lists it with its time on the case clock and the rule it breaks', async () => {
    const { dir, caseId } = await initWithCase();
    const added = await sakshya(dir, [
      'incident',
      'add',
      '--case',
      caseId,
      '--kind',
      'call',
      '--at',
      '2024-05-12T21:15',
      '--number',
      '098765 43210',
      '--duration',
      '200',
      '--text',
      'threatened to call my office',
      '--third-party',
    ]);
    expect(added.code).toBe(0);

    const listed = await sakshya(dir, ['timeline', '--case', caseId]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      '2024-05-12T21:15:00+05:30  call       +919876543210  threatened to call my office',
    );
    expect(listed.stdout).toContain(
      'RBI rules do not allow recovery calls before 8 am or after 7 pm.',
    );
    expect(listed.stdout).toContain('rbi.org.in');

    const json = parseJson<{ kind: string; flags: { ruleId: string }[] }[]>(
      await sakshya(dir, [
        '--json',
        'timeline',
        '--case',
        caseId,
        '--from',
        '2024-05-12',
        '--to',
        '2024-05-12',
        '--search',
        'office',
      ]),
    );
    expect(json.map((entry) => [entry.kind, entry.flags.map((flag) => flag.ruleId)])).toEqual([
      ['call', ['contact-hours', 'third-party-contact']],
    ]);
    const otherDay = parseJson<unknown[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--from', '2024-05-13']),
    );
    expect(otherDay).toEqual([]);
  });

  it('refuses an unknown incident kind as a usage error', async () => {
    const { dir, caseId } = await initWithCase();
    const run = await sakshya(dir, [
      'incident',
      'add',
      '--case',
      caseId,
      '--kind',
      'email',
      '--at',
      '2024-05-12T21:15',
    ]);
    expect(run.code).toBe(2);
  });
});
