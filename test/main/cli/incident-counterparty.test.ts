// Calls logged with `sakshya incident add` from the number of the counterparty named on the case
// are tied to that counterparty, and flagged, exactly as the same calls logged in the app: both go
// through the one timeline service.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { parseJson, runSakshya } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const ENV = { SAKSHYA_PASSPHRASE: 'correct horse battery staple' };
const CASE = {
  title: 'QuickCash',
  timezone: 'Asia/Kolkata',
  counterparty: 'QuickCash recovery',
  kind: 'loan-app',
  number: '+919812345678',
} as const;
// Written as she would copy them from her phone's call log: national form, spaces, a night call.
const CALLS = [
  { at: '2024-05-12T21:15', number: '098123 45678' },
  { at: '2024-05-13T07:05', number: '9812345678' },
  { at: '2024-05-13T12:30', number: '+91 98123 45678' },
];

interface Seen {
  occurredAtLocal: string;
  number: string | null;
  counterpartyId: string | null;
  flags: { ruleId: string }[];
}

function project(entries: Seen[], caseId: string) {
  return entries.map((entry) => ({
    at: entry.occurredAtLocal,
    number: entry.number,
    tiedTo: entry.counterpartyId?.replace(caseId, '<case>') ?? null,
    flags: entry.flags.map((flag) => flag.ruleId),
  }));
}

async function logThroughCli() {
  const dir = path.join(makeTempDir(), 'vault');
  const sakshya = (args: string[]) => runSakshya(['--vault', dir, ...args], ENV);
  expect((await sakshya(['init'])).code).toBe(0);
  const created = await sakshya([
    '--json',
    'case',
    'create',
    '--title',
    CASE.title,
    '--timezone',
    CASE.timezone,
    '--counterparty',
    CASE.counterparty,
    '--counterparty-kind',
    CASE.kind,
    '--number',
    CASE.number,
  ]);
  const caseId = parseJson<{ id: string }>(created).id;
  for (const call of CALLS) {
    const added = await sakshya([
      'incident',
      'add',
      '--case',
      caseId,
      '--kind',
      'call',
      '--at',
      call.at,
      '--number',
      call.number,
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
  }
  const listed = await sakshya(['--json', 'timeline', '--case', caseId]);
  expect(listed.code).toBe(0);
  return project(parseJson<Seen[]>(listed), caseId);
}

async function logThroughApp() {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  const api = createHandlers(core);
  try {
    await api['vault:create']({ passphrase: ENV.SAKSHYA_PASSPHRASE });
    const created = await api['case:create']({
      title: CASE.title,
      description: '',
      timezone: CASE.timezone,
      counterparty: {
        name: CASE.counterparty,
        kind: CASE.kind,
        agentNames: [],
        numbers: [CASE.number],
        handles: [],
      },
    });
    for (const call of CALLS) {
      await api['incident:add']({
        caseId: created.id,
        kind: 'call',
        at: call.at,
        number: call.number,
        text: '',
        thirdParty: false,
        evidenceIds: [],
      });
    }
    const page = await api['timeline:list']({ caseId: created.id });
    return project(page.entries, created.id);
  } finally {
    void core.close();
  }
}

describe('sakshya incident add from the counterparty’s own number', () => {
  it('ties the calls to the case’s counterparty and flags the out-of-hours ones, as the app does', async () => {
    const cli = await logThroughCli();
    expect(cli).toEqual([
      {
        at: '2024-05-12T21:15:00+05:30',
        number: CASE.number,
        tiedTo: 'case-<case>',
        flags: ['contact-hours'],
      },
      {
        at: '2024-05-13T07:05:00+05:30',
        number: CASE.number,
        tiedTo: 'case-<case>',
        flags: ['contact-hours'],
      },
      { at: '2024-05-13T12:30:00+05:30', number: CASE.number, tiedTo: 'case-<case>', flags: [] },
    ]);
    expect(cli).toEqual(await logThroughApp());
  });
});
