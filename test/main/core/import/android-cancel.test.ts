// Cancel during a big Android import is answered at the next batch boundary, by ordering, not by
// timing: a timer polls the case's event count and presses Cancel the moment the first batch is
// in; the import must then stop before another batch commits. Before the import gave the event
// loop a turn after each batch, the stored copy's 1 MiB reads were parsed and written batch after
// batch inside one stretch of promise callbacks, so the timer (and a Cancel, and progress) waited
// until thousands more messages were in.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackup } from '../../../../bench/sources';
import { importPaths } from '../../../../main/core/import/pipeline';
import { formatImportWarning } from '../../../../shared/import-warnings';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault } from './import-vault';

const TOTAL = 12_000;

describe('Cancel during an Android import', () => {
  it('stops the import before the next batch commits once Cancel is pressed after the first', async () => {
    const { vault, caseId } = await makeVault();
    const file = path.join(makeTempDir(), 'sms-20240601000000.xml');
    await writeBackup(file, TOTAL);
    const count = vault.db
      .prepare<[string], number>(
        `SELECT count(*) FROM events WHERE case_id = ? AND kind = 'message'`,
      )
      .pluck();
    const controller = new AbortController();
    let atCancel = 0;
    let polls = 0;
    const poll = setInterval(() => {
      polls += 1;
      const now = count.get(caseId) ?? 0;
      if (now > 0 && !controller.signal.aborted) {
        atCancel = now;
        controller.abort();
      }
    }, 1);
    try {
      const [result] = await importPaths(vault, [file], { caseId, signal: controller.signal });
      expect(result?.warnings).toContain(formatImportWarning('android-not-finished'));
    } finally {
      clearInterval(poll);
    }
    expect(polls).toBeGreaterThan(0);
    // The first batch was in when Cancel was pressed, and nothing was written after it.
    expect(atCancel).toBeGreaterThan(0);
    expect(atCancel).toBeLessThan(TOTAL);
    expect(count.get(caseId)).toBe(atCancel);
  }, 120_000);
});
