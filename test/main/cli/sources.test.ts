// `sakshya import` reads the other sources through the same pipeline, and `sakshya timeline
// --search` finds a Hindi Instagram message that Meta stored as Latin-1 escapes; a second import
// of every sample reports each file as already here.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };
const SOURCES = path.resolve(import.meta.dirname, '../../fixtures/sources');

const sakshya = cliOn(ENV);

describe('sakshya import with Telegram, Instagram, Messenger and e-mail samples', () => {
  it('imports them, finds the Hindi Instagram message by a Hindi search, and reports a second import as already here', async () => {
    const dir = path.join(makeTempDir(), 'vault');
    expect((await sakshya(dir, ['init'])).code).toBe(0);
    const caseId = parseJson<{ id: string }>(
      await sakshya(dir, [
        '--json',
        'case',
        'create',
        '--title',
        'QuickCash',
        '--timezone',
        'Asia/Kolkata',
      ]),
    ).id;
    const samples = ['telegram-chat', 'instagram', 'messenger', 'email'].map((name) =>
      path.join(SOURCES, name),
    );
    const first = await sakshya(dir, ['--json', 'import', '--case', caseId, ...samples]);
    expect(first.code).toBe(0);
    const results = parseJson<{ status: string; path: string }[]>(first);
    expect(results.filter((result) => result.status !== 'imported')).toEqual([]);

    const found = parseJson<{ text: string; actor: string }[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--search', 'भरो']),
    );
    expect(found.map((entry) => [entry.actor, entry.text])).toEqual([
      ['Ravi Recovery', 'आज पैसे भरो वरना https://pay.example/x'],
      ['Ravi Recovery', 'पैसे भरो वरना घर आएंगे 😡'],
    ]);

    const again = parseJson<{ status: string }[]>(
      await sakshya(dir, ['--json', 'import', '--case', caseId, ...samples]),
    );
    expect(again.map((result) => result.status)).toEqual(again.map(() => 'duplicate'));
  });
});
