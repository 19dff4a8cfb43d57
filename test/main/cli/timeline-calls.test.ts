// `sakshya incident calls` and `sakshya flag dismiss|restore`, through the real CLI in-process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, initCliVaultWithCase, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };

const sakshya = cliOn(ENV);

function initWithCase(): Promise<{ dir: string; caseId: string }> {
  return initCliVaultWithCase(ENV);
}

describe('sakshya incident calls and flag dismiss', () => {
  it('adds pasted call rows, names the unreadable line, and sets a flag aside with its reason', async () => {
    const { dir, caseId } = await initWithCase();
    const file = path.join(makeTempDir(), 'calls.txt');
    fs.writeFileSync(
      file,
      '+91 98765 43210, 12/05/2024 21:15, 3:20\nVM-LOANAP, 12/05/2024 21:15\n',
    );

    const preview = await sakshya(dir, [
      'incident',
      'calls',
      '--case',
      caseId,
      '--file',
      file,
      '--dry-run',
    ]);
    expect(preview.stdout).toContain('1 calls would be added.');
    expect(preview.stdout).toContain('line 2 not added');
    expect(preview.code).toBe(2);

    const added = await sakshya(dir, [
      '--json',
      'incident',
      'calls',
      '--case',
      caseId,
      '--file',
      file,
    ]);
    expect(added.code).toBe(2);
    expect(parseJson<{ added: number }>(added).added).toBe(1);

    const listed = parseJson<{ id: string; flags: { ruleId: string }[] }[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--flagged']),
    );
    expect(listed.map((entry) => entry.flags.map((flag) => flag.ruleId))).toEqual([
      ['contact-hours'],
    ]);
    const eventId = listed[0]?.id ?? '';

    const dismissed = await sakshya(dir, [
      'flag',
      'dismiss',
      '--case',
      caseId,
      '--event',
      eventId,
      '--rule',
      'contact-hours',
      '--reason',
      'I asked them to call back then',
    ]);
    expect(dismissed.code).toBe(0);
    const after = await sakshya(dir, ['timeline', '--case', caseId]);
    expect(after.stdout).toContain('(dismissed: I asked them to call back then)');
    expect(
      parseJson<unknown[]>(
        await sakshya(dir, ['--json', 'timeline', '--case', caseId, '--flagged']),
      ),
    ).toEqual([]);

    const restored = await sakshya(dir, [
      'flag',
      'restore',
      '--case',
      caseId,
      '--event',
      eventId,
      '--rule',
      'contact-hours',
    ]);
    expect(restored.stdout).toContain('Restored.');
    const missing = await sakshya(dir, [
      'incident',
      'calls',
      '--case',
      caseId,
      '--file',
      `${file}.nope`,
    ]);
    expect(missing.code).not.toBe(0);
  });
});
