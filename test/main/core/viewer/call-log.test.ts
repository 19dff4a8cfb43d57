// The call-log table of one phone call-log file (an Android backup): only that file's calls, in time
// order, read through the index keyed by kind, never by walking every event of the case (a case
// may hold hundreds of thousands of SMS beside a few hundred calls).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { PHONE_LOG_SOURCE } from '../../../../main/core/people/call-contact';
import { CALL_LOG_SQL, MAX_CALL_ROWS, readCallLog } from '../../../../main/core/viewer/call-log';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeVault } from '../import/import-vault';

const SAMPLES = path.join(__dirname, '../../../fixtures/android');
const CALLS = path.join(SAMPLES, 'calls-20240513090000.xml');
const CALLS_READABLE = path.join(SAMPLES, 'calls-readable-only.xml');
const SMS = path.join(SAMPLES, 'sms-20240513090000.xml');

function describePlan(vault: Vault, sql: string, caseId: string): string {
  return vault.db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(caseId, PHONE_LOG_SOURCE, 'some-evidence', MAX_CALL_ROWS)
    .map((row) => (row as { detail: string }).detail)
    .join(' | ');
}

describe('a call log in the viewer', () => {
  it('reads the calls of the case only, through the index keyed by kind, not through its messages', async () => {
    const { vault, caseId } = await makeVault();
    const plan = describePlan(vault, CALL_LOG_SQL, caseId);
    expect(plan).toContain('INDEX events_by_sender (case_id=? AND kind=?)');
    expect(plan).not.toMatch(/SCAN events\b|events_by_case/);
    // Without the index named, SQLite walks the case in time order and reads every event.
    const unnamed = CALL_LOG_SQL.replace('INDEXED BY events_by_sender', '');
    expect(describePlan(vault, unnamed, caseId)).toMatch(/SCAN events\b|events_by_case/);
  });

  it('lists only its own file’s calls, in time order, beside another call log and an SMS backup', async () => {
    const { vault, caseId } = await makeVault();
    const [calls, readable, sms] = await importPaths(vault, [CALLS, CALLS_READABLE, SMS], {
      caseId,
    });
    expect([calls?.status, readable?.status, sms?.status]).toEqual([
      'imported',
      'imported',
      'imported',
    ]);
    const log = readCallLog(vault, caseId, calls?.evidenceId ?? '');
    expect(log.map((call) => [call.local.slice(11, 16), call.callType])).toEqual([
      ['07:59', 'incoming'],
      ['08:00', 'missed'],
      ['19:00', 'rejected'],
      ['19:01', 'blocked'],
      ['21:15', 'incoming'],
      ['22:30', 'incoming'],
      ['22:45', 'outgoing'],
    ]);
    // The other log's one dated call (its second has no time and is no event).
    const other = readCallLog(vault, caseId, readable?.evidenceId ?? '');
    expect(other.map((call) => [call.local.slice(0, 16), call.durationSeconds])).toEqual([
      ['2024-05-13T21:40', 12],
    ]);
    expect(readCallLog(vault, caseId, sms?.evidenceId ?? '')).toEqual([]);
  });
});
