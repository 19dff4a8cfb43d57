import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { addCounterparty } from '../../../../main/core/timeline/counterparties';
import { addIncident, parseCallLogRows } from '../../../../main/core/timeline/incidents';
import {
  groupByLocalDay,
  listTimeline,
  summariseCounterparty,
  toFtsQuery,
} from '../../../../main/core/timeline/timeline';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const AS_OF = '2026-12-01T00:00:00Z';

async function openCase(): Promise<{ vault: Vault; caseId: string }> {
  const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), 'correct horse battery', {
    scryptLogN: 10,
  });
  const created = vault.createCase({ title: 'QuickCash', timezone: 'Asia/Kolkata' });
  return { vault, caseId: created.id };
}

/** A WhatsApp-style message as the chat import stores it. */
function addMessage(
  vault: Vault,
  caseId: string,
  occurredAt: string,
  actor: string,
  text: string,
): string {
  return new EventsRepository(vault.db).insert({ caseId, kind: 'message', occurredAt, actor, text })
    .id;
}

describe('addIncident', () => {
  it('writes the event and an incident.logged custody entry together', async () => {
    const { vault, caseId } = await openCase();
    const logged = addIncident(vault, {
      caseId,
      kind: 'call',
      at: '2024-05-12T21:15',
      number: '098765 43210',
      durationSeconds: 200,
    });
    expect(logged).toMatchObject({
      occurredAt: '2024-05-12T15:45:00.000Z',
      numberE164: '+919876543210',
      durationSeconds: 200,
    });
    expect(vault.custody(`event:${logged.id}`).map((entry) => entry.action)).toEqual([
      'incident.logged',
    ]);
    vault.lock();
  });

  it('writes nothing when the case does not exist', async () => {
    const { vault } = await openCase();
    expect(() =>
      addIncident(vault, { caseId: 'nope', kind: 'call', at: '2024-05-12T21:15' }),
    ).toThrow();
    expect(vault.custody().some((entry) => entry.action === 'incident.logged')).toBe(false);
    vault.lock();
  });
});

describe('parseCallLogRows', () => {
  it('reads day-first call-log rows on the case clock and reports the rest', () => {
    const { rows, problems } = parseCallLogRows(
      [
        '+91 98765 43210, 12/05/2024 21:15, 3:20',
        '',
        '9876543210, 13/05/2024 7:05 am, 45',
        'VM-LOANAP, 12/05/2024 21:15',
        '+91 98765 43210, 31/02/2024 10:00, 1:00',
      ].join('\n'),
      'Asia/Kolkata',
    );
    expect(rows).toEqual([
      { line: 1, number: '+91 98765 43210', at: '2024-05-12T15:45:00.000Z', durationSeconds: 200 },
      { line: 3, number: '9876543210', at: '2024-05-13T01:35:00.000Z', durationSeconds: 45 },
    ]);
    expect(problems.map((problem) => problem.line)).toEqual([4, 5]);
  });
});

describe('listTimeline', () => {
  it('flags calls at 07:59 and 19:01 but not at 08:00, 18:59 or 19:00 on the case clock', async () => {
    const { vault, caseId } = await openCase();
    for (const time of ['07:59', '08:00', '18:59', '19:00', '19:01']) {
      addIncident(vault, {
        caseId,
        kind: 'call',
        at: `2024-05-12T${time}:00+05:30`,
        number: '9876543210',
      });
    }
    const flagged = listTimeline(vault.db, { caseId, asOf: AS_OF }).map((entry) => [
      entry.occurredAtLocal,
      entry.flags.map((flag) => flag.ruleId),
    ]);
    expect(flagged).toEqual([
      ['2024-05-12T07:59:00+05:30', ['contact-hours']],
      ['2024-05-12T08:00:00+05:30', []],
      ['2024-05-12T18:59:00+05:30', []],
      ['2024-05-12T19:00:00+05:30', []],
      ['2024-05-12T19:01:00+05:30', ['contact-hours']],
    ]);
    expect(listTimeline(vault.db, { caseId, asOf: AS_OF, flaggedOnly: true })).toHaveLength(2);
    vault.lock();
  });

  it('merges numbers written differently into one counterparty and summarises its contacts', async () => {
    const { vault, caseId } = await openCase();
    const agent = addCounterparty(vault, {
      caseId,
      name: 'Agent Ravi',
      kind: 'recovery-agent',
      numbers: ['+91 98765-43210'],
    });
    addIncident(vault, {
      caseId,
      kind: 'call',
      at: '2024-05-12T21:15+05:30',
      number: '098765 43210',
    });
    addIncident(vault, {
      caseId,
      kind: 'call',
      at: '2024-05-12T21:45+05:30',
      number: '9876543210',
      thirdParty: true,
    });
    addIncident(vault, {
      caseId,
      kind: 'call',
      at: '2024-05-14T10:00+05:30',
      number: '+919876543210',
    });
    addIncident(vault, {
      caseId,
      kind: 'call',
      at: '2024-05-14T11:00+05:30',
      number: '9123456789',
    });
    const entries = listTimeline(vault.db, { caseId, counterpartyId: agent.id });
    expect(entries.map((entry) => entry.number)).toEqual([
      '+919876543210',
      '+919876543210',
      '+919876543210',
    ]);
    expect(summariseCounterparty(vault.db, caseId, agent.id)).toEqual({
      counterpartyId: agent.id,
      contacts: 3,
      firstContact: '2024-05-12T21:15:00+05:30',
      lastContact: '2024-05-14T10:00:00+05:30',
      peakDay: { day: '2024-05-12', contacts: 2 },
      thirdPartyContacts: 1,
    });
    vault.lock();
  });

  it('flags chat messages from a counterparty’s handle, but not the user’s own', async () => {
    const { vault, caseId } = await openCase();
    addCounterparty(vault, {
      caseId,
      name: 'QuickCash',
      kind: 'loan-app',
      handles: ['QuickCash Recovery'],
    });
    addMessage(vault, caseId, '2024-05-12T17:00:00.000Z', 'QuickCash Recovery', 'pay now');
    addMessage(vault, caseId, '2024-05-12T17:01:00.000Z', 'Me', 'stop calling me');
    const flags = listTimeline(vault.db, { caseId, asOf: AS_OF }).map(
      (entry) => entry.flags.length,
    );
    expect(flags).toEqual([1, 0]);
    vault.lock();
  });

  it('finds messages in English and in Hindi, and treats search operators as text', async () => {
    const { vault, caseId } = await openCase();
    const english = addMessage(
      vault,
      caseId,
      '2024-05-12T10:00:00.000Z',
      'Agent',
      'We will call your office and family',
    );
    const hindi = addMessage(
      vault,
      caseId,
      '2024-05-12T11:00:00.000Z',
      'Agent',
      'पैसे वापस करो नहीं तो घर आएंगे',
    );
    addMessage(vault, caseId, '2024-05-12T12:00:00.000Z', 'Me', 'I have already paid');
    const ids = (search: string): string[] =>
      listTimeline(vault.db, { caseId, search }).map((entry) => entry.id);
    expect(ids('office')).toEqual([english]);
    expect(ids('FAMILY')).toEqual([english]);
    expect(ids('घर')).toEqual([hindi]);
    expect(ids('वापस करो')).toEqual([hindi]);
    expect(ids('office NOT family')).toEqual([]);
    expect(ids('"unbalanced ( NEAR')).toEqual([]);
    expect(toFtsQuery('a "b" *')).toBe('"a"* """b"""* "*"*');
    vault.lock();
  });

  it('lists evidence by capture time and finds it by file name', async () => {
    const { vault, caseId } = await openCase();
    const file = path.join(makeTempDir(), 'Screenshot_2024-05-12.png');
    fs.writeFileSync(file, 'not really a png');
    return vault.addFile(caseId, file).then((added) => {
      const entries = listTimeline(vault.db, { caseId, search: 'screenshot' });
      expect(entries.map((entry) => [entry.id, entry.source])).toEqual([
        [added.evidence.id, 'evidence'],
      ]);
      vault.lock();
    });
  });
});

describe('groupByLocalDay', () => {
  it('puts a 23:30 IST message on its Indian day whatever the machine’s zone is', async () => {
    const { vault, caseId } = await openCase();
    addMessage(vault, caseId, '2024-05-12T18:00:00.000Z', 'Agent', 'late message'); // 23:30 IST
    addMessage(vault, caseId, '2024-05-12T18:31:00.000Z', 'Agent', 'after midnight'); // 00:01 IST
    const previous = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const days = groupByLocalDay(listTimeline(vault.db, { caseId }), 'Asia/Kolkata');
      expect(days.map((day) => [day.day, day.entries.map((entry) => entry.text)])).toEqual([
        ['2024-05-12', ['late message']],
        ['2024-05-13', ['after midnight']],
      ]);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
    vault.lock();
  });
});
