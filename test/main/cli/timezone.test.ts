// With an empty or unknown TZ the computer names no zone: the CLI then asks for the case's zone
// (--timezone, a usage error without it) instead of failing inside or silently using UTC.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };
const original = process.env.TZ;

afterEach(() => {
  // Node reads TZ again whenever it is set, so each test sees the zone it asked for.
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

async function initVault() {
  const dir = path.join(makeTempDir(), 'vault');
  const sakshya = (args: string[]) => runSakshya(['--vault', dir, ...args], ENV);
  expect((await sakshya(['init'])).code).toBe(0);
  return sakshya;
}

describe('sakshya case create when the computer names no time zone', () => {
  for (const tz of ['', 'Mars/Olympus']) {
    it(`requires --timezone with a clear usage error when TZ is ${JSON.stringify(tz)}`, async () => {
      const sakshya = await initVault();
      process.env.TZ = tz;
      const refused = await sakshya(['case', 'create', '--title', 'Loan app']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--timezone');
      expect(refused.stderr).toContain('[INVALID_INPUT]');
      expect(refused.stderr).not.toContain('INTERNAL');
      expect(parseJson<unknown[]>(await sakshya(['--json', 'case', 'list']))).toEqual([]);

      const created = await sakshya([
        '--json',
        'case',
        'create',
        '--title',
        'Loan app',
        '--timezone',
        'Asia/Kolkata',
      ]);
      expect(created.code, created.stderr).toBe(0);
      const caseId = parseJson<{ id: string; timezone: string }>(created).id;
      await sakshya([
        'incident',
        'add',
        '--case',
        caseId,
        '--kind',
        'call',
        '--at',
        '2024-05-12T21:15',
      ]);
      const listed = parseJson<{ occurredAtLocal: string; flags: { ruleId: string }[] }[]>(
        await sakshya(['--json', 'timeline', '--case', caseId]),
      );
      // The call is on the case's clock and flagged, as it would be with TZ=Asia/Kolkata.
      expect(listed.map((e) => [e.occurredAtLocal, e.flags.map((f) => f.ruleId)])).toEqual([
        ['2024-05-12T21:15:00+05:30', ['contact-hours']],
      ]);
    });
  }

  it('refuses an unknown --timezone as bad input, not an internal error', async () => {
    const sakshya = await initVault();
    for (const args of [
      ['case', 'create', '--title', 'Loan app', '--timezone', 'Mars/Olympus'],
      ['case', 'create', '--title', 'Loan app', '--timezone', 'Etc/Unknown'],
    ]) {
      const run = await sakshya(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('[INVALID_INPUT]');
    }
  });

  it('uses the computer’s zone when it names a real one', async () => {
    const sakshya = await initVault();
    process.env.TZ = 'Europe/Berlin';
    const created = await sakshya(['--json', 'case', 'create', '--title', 'Loan app']);
    expect(created.code, created.stderr).toBe(0);
    expect(parseJson<{ timezone: string }>(created).timezone).toBe('Europe/Berlin');
  });
});
