// A call typed in by hand and the same call in the phone's call log (an Android backup) show once
// on the timeline and in the bundle's timeline.csv, whichever came first: the call log's entry
// stays (type, length to the second, original file); the typed one is kept, marked as the same
// call, with a custody entry saying so. Calls that differ in minute, direction or length stay two.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { buildExportModel } from '../../../../main/core/export/build-model';
import { formatTimelineCsv } from '../../../../main/core/export/bag-files';
import { importPaths } from '../../../../main/core/import/pipeline';
import { linkSameCalls, TYPED_CALLS_SQL } from '../../../../main/core/timeline/same-call';
import { listTimeline } from '../../../../main/core/timeline/timeline';
import { TimelineService } from '../../../../main/core/timeline/timeline-service';
import type { NewIncident } from '../../../../main/core/timeline/incidents';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeVault } from '../import/import-vault';

const CALLS = path.join(__dirname, '../../../fixtures/android/calls-20240513090000.xml');
const HARASSER = '+919876543210';

async function makeCase() {
  const made = await makeVault();
  made.vault.updateCase(made.caseId, {
    counterparty: {
      name: 'XYZ Loans',
      kind: 'recovery-agent',
      numbers: ['098765 43210'],
      agentNames: [],
      handles: [],
    },
  });
  return { ...made, timeline: new TimelineService(() => made.vault) };
}

/** The 21:15 IST call of the sample log (185 s, incoming), as she would type it. */
const TYPED: Omit<NewIncident, 'caseId'> = {
  kind: 'call',
  at: '2024-05-12T21:15',
  number: '98765 43210',
  durationSeconds: 180,
  text: 'He threatened to come home',
};

function listCalls(vault: Vault, caseId: string): string[] {
  return listTimeline(vault.db, { caseId, kinds: ['call'] }).map(
    (entry) =>
      `${entry.occurredAtLocal.slice(11, 19)} ${entry.number ?? '-'} ${String(entry.durationSeconds)} ${String(entry.channel)}`,
  );
}

async function readTimelineCsv(vault: Vault, caseId: string): Promise<string[]> {
  const { model } = await buildExportModel(vault, { caseId });
  return formatTimelineCsv(model)
    .split(/\r?\n/)
    .filter((line) => line.includes(',call,'));
}

function expectOneCallAt2115(vault: Vault, caseId: string, typedId: string): void {
  const calls = listCalls(vault, caseId);
  expect(calls).toHaveLength(7);
  expect(calls.filter((call) => call.startsWith('21:15'))).toEqual([
    `21:15:00 ${HARASSER} 185 call-log`,
  ]);
  // The typed call is kept, marked as the same call as the call log's.
  const typed = new EventsRepository(vault.db).get(typedId);
  const logged = listTimeline(vault.db, { caseId, kinds: ['call'] }).find((entry) =>
    entry.occurredAtLocal.startsWith('2024-05-12T21:15'),
  );
  expect(typed?.details.sameCallAs).toBe(logged?.id);
  const custody = vault.custody(`event:${typedId}`).map((entry) => entry.action);
  expect(custody).toEqual(['incident.logged', 'call.same-as-imported']);
  expect(vault.custody(`event:${typedId}`)[1]?.details).toMatchObject({
    caseId,
    sameAs: logged?.id,
  });
}

describe('a call typed in by hand and the same call in the phone’s call log', () => {
  it('shows once when the call was typed first and the call log came later', async () => {
    const { vault, caseId, timeline } = await makeCase();
    const typed = timeline.logIncident({ caseId, ...TYPED });
    expect(listCalls(vault, caseId)).toEqual([`21:15:00 ${HARASSER} 180 typed`]);
    await importPaths(vault, [CALLS], { caseId });
    expectOneCallAt2115(vault, caseId, typed.id);
    const csv = await readTimelineCsv(vault, caseId);
    expect(csv).toHaveLength(7);
    expect(csv.filter((line) => line.includes('21:15'))).toHaveLength(1);
    expect(csv.join('\n')).not.toContain('He threatened to come home');
  });

  it('shows once when the call log came first and the call was typed later', async () => {
    const { vault, caseId, timeline } = await makeCase();
    await importPaths(vault, [CALLS], { caseId });
    const contacts = () => timeline.summarise(caseId).map((item) => item.summary.contacts);
    const before = contacts();
    expect(before.some((count) => count > 0)).toBe(true);
    const typed = timeline.logIncident({ caseId, ...TYPED });
    expectOneCallAt2115(vault, caseId, typed.id);
    expect(await readTimelineCsv(vault, caseId)).toHaveLength(7);
    // "How often they made contact" counts it once too.
    expect(contacts()).toEqual(before);
    // Importing the log again, or linking again, changes nothing.
    await importPaths(vault, [CALLS], { caseId });
    expect(linkSameCalls(vault, caseId)).toBe(0);
    expectOneCallAt2115(vault, caseId, typed.id);
  });

  it('keeps two calls when the minute, the direction or the length differ', async () => {
    const { vault, caseId, timeline } = await makeCase();
    await importPaths(vault, [CALLS], { caseId });
    timeline.logIncident({ caseId, ...TYPED, at: '2024-05-12T21:16' });
    timeline.logIncident({ caseId, ...TYPED, direction: 'outgoing' });
    timeline.logIncident({ caseId, ...TYPED, durationSeconds: 20 });
    const calls = listCalls(vault, caseId);
    expect(calls).toHaveLength(10);
    expect(calls.filter((call) => call.startsWith('21:1')).sort()).toEqual([
      `21:15:00 ${HARASSER} 180 typed`,
      `21:15:00 ${HARASSER} 185 call-log`,
      `21:15:00 ${HARASSER} 20 typed`,
      `21:16:00 ${HARASSER} 180 typed`,
    ]);
  });

  it('matches one typed call to one logged call, never two typed calls to the same one', async () => {
    const { vault, caseId, timeline } = await makeCase();
    timeline.logIncident({ caseId, ...TYPED });
    timeline.logIncident({ caseId, ...TYPED, text: 'typed twice by mistake' });
    await importPaths(vault, [CALLS], { caseId });
    const at2115 = listCalls(vault, caseId)
      .filter((call) => call.startsWith('21:15'))
      .sort();
    expect(at2115).toEqual([`21:15:00 ${HARASSER} 180 typed`, `21:15:00 ${HARASSER} 185 call-log`]);
  });

  it('looks for typed calls among the calls of the case only, not through its messages', async () => {
    const { vault, caseId } = await makeCase();
    const plan = vault.db
      .prepare(`EXPLAIN QUERY PLAN ${TYPED_CALLS_SQL}`)
      .all(caseId, 'android-backup')
      .map((row) => (row as { detail: string }).detail)
      .join(' | ');
    expect(plan).toContain('INDEX events_by_sender (case_id=? AND kind=?)');
    expect(plan).not.toMatch(/SCAN events\b|events_by_case/);
  });
});
