// The timeline calls end to end through the contract: a real vault, real chat import, incidents
// logged and pasted, flags dismissed and restored, counterparties grouped and summarised.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import type { ApiName, ApiOutput } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

const CHAT = path.resolve(import.meta.dirname, '../../fixtures/whatsapp/android-ddmmyy-24h.txt');

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function call<N extends ApiName>(
  handlers: ApiHandlers,
  name: N,
  input: unknown,
): Promise<ApiOutput<N>> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as ApiOutput<N>;
}

async function setUp(): Promise<{ core: AppCore; handlers: ApiHandlers; caseId: string }> {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  const handlers = createHandlers(core, {});
  await call(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = await call(handlers, 'case:create', {
    title: 'QuickCash',
    timezone: 'Asia/Kolkata',
    counterparty: {
      name: 'QuickCash agents',
      kind: 'recovery-agent',
      numbers: ['+91 98765-43210'],
      handles: [],
    },
  });
  return { core, handlers, caseId: created.id };
}

describe('the timeline calls', () => {
  it('log calls on the case clock, flag the 21:15 one with its rule, and group it under the case’s counterparty', async () => {
    const { handlers, caseId } = await setUp();
    for (const time of ['10:00', '14:30', '21:15']) {
      await call(handlers, 'incident:add', {
        caseId,
        kind: 'call',
        at: `2024-05-12T${time}`,
        number: '098765 43210',
        durationSeconds: 60,
      });
    }
    const page = await call(handlers, 'timeline:list', { caseId, around: '2024-05-12' });
    expect(page.timezone).toBe('Asia/Kolkata');
    expect(
      page.entries.map((entry) => [entry.occurredAtLocal, entry.flags.map((f) => f.ruleId)]),
    ).toEqual([
      ['2024-05-12T10:00:00+05:30', []],
      ['2024-05-12T14:30:00+05:30', []],
      ['2024-05-12T21:15:00+05:30', ['contact-hours']],
    ]);
    const late = page.entries[2];
    expect(late?.flags[0]?.source.title).toContain('RBI');
    expect(late?.flags[0]?.fact).toContain('9:15 pm on 12 May 2024');

    const [group] = await call(handlers, 'counterparty:list', { caseId });
    expect(group?.numbers).toEqual(['+919876543210']);
    const filtered = await call(handlers, 'timeline:list', { caseId, counterpartyId: group?.id });
    expect(filtered.entries).toHaveLength(3);
    const [summary] = await call(handlers, 'timeline:summary', { caseId });
    expect(summary?.summary).toMatchObject({
      contacts: 3,
      firstContact: '2024-05-12T10:00:00+05:30',
      lastContact: '2024-05-12T21:15:00+05:30',
      peakDay: { day: '2024-05-12', contacts: 3 },
      thirdPartyContacts: 0,
    });
  });

  it('dismiss a flag with a reason in the custody log, and restore it', async () => {
    const { core, handlers, caseId } = await setUp();
    const logged = await call(handlers, 'incident:add', {
      caseId,
      kind: 'call',
      at: '2024-05-12T21:15',
      number: '9876543210',
    });
    await call(handlers, 'flag:dismiss', {
      caseId,
      eventId: logged.id,
      ruleId: 'contact-hours',
      reason: 'I called them back myself',
    });
    const after = await call(handlers, 'timeline:list', { caseId });
    expect(after.entries[0]?.flags[0]?.dismissal?.reason).toBe('I called them back myself');
    expect(
      (await call(handlers, 'timeline:list', { caseId, flaggedOnly: true })).entries,
    ).toHaveLength(0);
    const custody = core.requireVault().custody(`event:${logged.id}`);
    expect(custody.map((entry) => entry.action)).toEqual(['incident.logged', 'flag.dismissed']);
    expect(
      await call(handlers, 'flag:restore', { caseId, eventId: logged.id, ruleId: 'contact-hours' }),
    ).toEqual({ restored: true });
    expect(
      (await call(handlers, 'timeline:list', { caseId, flaggedOnly: true })).entries,
    ).toHaveLength(1);
    const wrongRule = await dispatchCall(handlers, 'flag:dismiss', {
      caseId,
      eventId: logged.id,
      ruleId: 'no-such-rule',
      reason: 'x',
    });
    expect(wrongRule).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('preview pasted call-log rows, report bad rows by line, then add the good ones', async () => {
    const { handlers, caseId } = await setUp();
    const text = [
      '+91 98765 43210, 12/05/2024 21:15, 3:20',
      'VM-LOANAP, 12/05/2024 21:15',
      '9876543210, 13/05/2024 7:05 am, 45',
      '9876543210, 31/02/2024 10:00',
    ].join('\n');
    const preview = await call(handlers, 'incident:addCalls', { caseId, text, preview: true });
    expect(preview.added).toBe(0);
    expect(preview.rows.map((row) => row.atLocal)).toEqual([
      '2024-05-12T21:15:00+05:30',
      '2024-05-13T07:05:00+05:30',
    ]);
    expect(preview.problems.map((problem) => [problem.line, problem.code])).toEqual([
      [2, 'number'],
      [4, 'date'],
    ]);
    expect((await call(handlers, 'timeline:list', { caseId })).entries).toHaveLength(0);
    const added = await call(handlers, 'incident:addCalls', { caseId, text });
    expect(added.added).toBe(2);
    const page = await call(handlers, 'timeline:list', { caseId, flaggedOnly: true });
    expect(page.entries.map((entry) => entry.durationSeconds)).toEqual([200, 45]);
  });

  it('search an imported chat with the matched words marked, and count every entry in the activity', async () => {
    const { handlers, caseId } = await setUp();
    await call(handlers, 'evidence:import', { caseId, paths: [CHAT] });
    const all = await call(handlers, 'timeline:list', { caseId, limit: 500 });
    const message = all.entries.find(
      (entry) => entry.kind === 'message' && /[a-z]{5,}/i.test(entry.text),
    );
    const word = /[A-Za-z]{5,}/.exec(message?.text ?? '')?.[0] ?? '';
    expect(word).not.toBe('');
    const found = await call(handlers, 'timeline:list', { caseId, search: word.toUpperCase() });
    expect(found.entries.length).toBeGreaterThan(0);
    for (const entry of found.entries) {
      const marked = entry.highlights.map((range) =>
        entry.text.slice(range.start, range.end).toLowerCase(),
      );
      expect(marked.some((text) => text.startsWith(word.toLowerCase()))).toBe(true);
    }
    const activity = await call(handlers, 'timeline:activity', { caseId });
    const total = activity.days.reduce(
      (sum, day) => sum + Object.values(day.counts).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(all.entries.length);
  });

  it('group numbers written differently into one named counterparty and regroup them', async () => {
    const { handlers, caseId } = await setUp();
    const created = await call(handlers, 'counterparty:create', {
      caseId,
      name: 'Field agent',
      kind: 'recovery-agent',
      numbers: ['091234 56789', '+91 91234-56789'],
      handles: ['Agent Ravi'],
    });
    expect(created.numbers).toEqual(['+919123456789']);
    const taken = await dispatchCall(handlers, 'counterparty:create', {
      caseId,
      name: 'Someone else',
      kind: 'other',
      numbers: ['9123456789'],
    });
    expect(taken).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await call(handlers, 'incident:add', {
      caseId,
      kind: 'visit',
      at: '2024-05-14T11:00',
      number: '9123456789',
    });
    const renamed = await call(handlers, 'counterparty:update', {
      caseId,
      id: created.id,
      name: 'Field agents',
      numbers: ['9123456789', '9000000001'],
    });
    expect(renamed).toMatchObject({
      name: 'Field agents',
      numbers: ['+919123456789', '+919000000001'],
    });
    const list = await call(handlers, 'counterparty:list', { caseId });
    expect(list.map((item) => item.name).sort()).toEqual(['Field agents', 'QuickCash agents']);
    const mine = await call(handlers, 'timeline:list', { caseId, counterpartyId: created.id });
    expect(mine.entries.map((entry) => entry.kind)).toEqual(['visit']);
  });
});
