import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../../main/core/vault/vault';
import { cliOn, parseJson } from '../../helpers/run-cli';
import { makeTempDir } from '../../helpers/temp-dir';

const PASSPHRASE = 'correct horse battery staple';
const ENV = { SAKSHYA_PASSPHRASE: PASSPHRASE };

interface CaseJson {
  id: string;
  title: string;
  description: string;
  counterparty: { name: string; kind: string; numbers: string[]; handles: string[] };
}

interface StepJson {
  ref: string;
  status: string;
  doneAt: string | null;
  references: Record<string, string>;
  notBeforeDate: string | null;
  blockedBy: string[];
  isAvailable: boolean;
}

const sakshya = cliOn(ENV);

async function initVault(): Promise<string> {
  const dir = path.join(makeTempDir(), 'vault');
  expect((await sakshya(dir, ['init'])).code).toBe(0);
  return dir;
}

async function createLoanAppCase(dir: string, title: string, number: string): Promise<string> {
  const created = await sakshya(dir, [
    '--json',
    'case',
    'create',
    '--title',
    title,
    '--timezone',
    'Asia/Kolkata',
    '--counterparty',
    `${title} Lender`,
    '--counterparty-kind',
    'loan-app',
    '--number',
    number,
  ]);
  expect(created.code).toBe(0);
  return parseJson<{ id: string }>(created).id;
}

async function listSteps(dir: string, caseId: string): Promise<StepJson[]> {
  const listed = await sakshya(dir, ['--json', 'steps', '--case', caseId]);
  expect(listed.code).toBe(0);
  return parseJson<{ steps: StepJson[] }[]>(listed).flatMap((playbook) => playbook.steps);
}

describe('sakshya case edit', () => {
  it('changes only the fields given and replaces the number list', async () => {
    const dir = await initVault();
    const caseId = await createLoanAppCase(dir, 'QuickRupee', '+919876543210');
    const edited = await sakshya(dir, [
      '--json',
      'case',
      'edit',
      caseId,
      '--description',
      'Calls every night',
      '--number',
      '+919812345678',
      '--number',
      '+919800000001',
    ]);
    expect(edited.code).toBe(0);

    const shown = parseJson<CaseJson>(await sakshya(dir, ['--json', 'case', 'show', caseId]));
    expect(shown.title).toBe('QuickRupee');
    expect(shown.description).toBe('Calls every night');
    expect(shown.counterparty).toMatchObject({
      name: 'QuickRupee Lender',
      kind: 'loan-app',
      numbers: ['+919812345678', '+919800000001'],
    });
  });

  it('refuses a case that does not exist', async () => {
    const dir = await initVault();
    const edited = await sakshya(dir, ['case', 'edit', 'no-such-case', '--title', 'x']);
    expect(edited.code).toBe(2);
  });
});

describe('sakshya steps and step set', () => {
  it('opens the Ombudsman step 30 full days after the lender complaint and logs the step', async () => {
    const dir = await initVault();
    const caseId = await createLoanAppCase(dir, 'QuickRupee', '+919876543210');

    const before = await listSteps(dir, caseId);
    expect(before.map((step) => step.ref)).toContain('loan-recovery/complain-to-rbi-ombudsman');
    expect(
      before.find((step) => step.ref === 'loan-recovery/complain-to-rbi-ombudsman')?.blockedBy,
    ).toEqual(['complain-to-lender']);

    const set = await sakshya(dir, [
      'step',
      'set',
      '--case',
      caseId,
      'loan-recovery/complain-to-lender',
      '--status',
      'done',
      '--date',
      '2024-05-20',
      '--ref',
      'reference-number=GRV-4471',
    ]);
    expect(set.code).toBe(0);

    const after = await listSteps(dir, caseId);
    const lender = after.find((step) => step.ref === 'loan-recovery/complain-to-lender');
    expect(lender).toMatchObject({
      status: 'done',
      doneAt: '2024-05-20',
      references: { 'reference-number': 'GRV-4471' },
    });
    const ombudsman = after.find((step) => step.ref === 'loan-recovery/complain-to-rbi-ombudsman');
    expect(ombudsman).toMatchObject({ notBeforeDate: '2024-06-20', blockedBy: [] });

    const timeline = parseJson<{ kind: string; text: string; occurredAtLocal: string }[]>(
      await sakshya(dir, ['--json', 'timeline', '--case', caseId]),
    );
    expect(timeline.filter((entry) => entry.kind === 'step')).toEqual([
      expect.objectContaining({
        text: "Complain in writing to the lender's Grievance Officer",
        occurredAtLocal: '2024-05-20T12:00:00+05:30',
      }),
    ]);

    const vault = await Vault.open(dir, PASSPHRASE);
    try {
      const entries = vault.custody().filter((entry) => entry.action === 'step.updated');
      expect(entries).toHaveLength(1);
      expect(entries[0]?.details).toMatchObject({
        caseId,
        step: 'loan-recovery/complain-to-lender',
        status: 'done',
      });
    } finally {
      vault.lock();
    }
  });

  it('refuses a step that is not in the case’s playbooks and records nothing', async () => {
    const dir = await initVault();
    const caseId = await createLoanAppCase(dir, 'QuickRupee', '+919876543210');
    const set = await sakshya(dir, [
      'step',
      'set',
      '--case',
      caseId,
      'loan-recovery/no-such-step',
      '--status',
      'done',
    ]);
    expect(set.code).toBe(2);
    expect((await listSteps(dir, caseId)).every((step) => step.status === 'todo')).toBe(true);
  });
});

describe('sakshya draft', () => {
  it('builds a police draft from this case’s number, flagged calls and evidence only', async () => {
    const dir = await initVault();
    const caseId = await createLoanAppCase(dir, 'QuickRupee', '+919876543210');
    const otherId = await createLoanAppCase(dir, 'OtherLoanCo', '+919111122222');

    const logged = await sakshya(dir, [
      'incident',
      'add',
      '--case',
      caseId,
      '--kind',
      'call',
      '--at',
      '2024-05-12T21:15',
      '--number',
      '+919876543210',
    ]);
    expect(logged.code).toBe(0);
    const file = path.join(makeTempDir(), 'threat.txt');
    fs.writeFileSync(file, 'pay today or we call your office\n');
    const added = parseJson<{ sha256: string; evidenceId: string }[]>(
      await sakshya(dir, ['--json', 'add', '--case', caseId, file]),
    );
    const sha256 = added[0]?.sha256 ?? '';
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);

    const otherFile = path.join(makeTempDir(), 'other.txt');
    fs.writeFileSync(otherFile, 'a different case entirely\n');
    const otherAdded = parseJson<{ sha256: string }[]>(
      await sakshya(dir, ['--json', 'add', '--case', otherId, otherFile]),
    );

    // She ticks the file for the annexure (it is linked to no flag, so it is not suggested).
    const draft = await sakshya(dir, [
      'draft',
      '--case',
      caseId,
      '--kind',
      'police',
      '--evidence',
      added[0]?.evidenceId ?? '',
    ]);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('+919876543210');
    expect(draft.stdout).toContain(
      'RBI rules do not allow recovery calls before 8 am or after 7 pm.',
    );
    expect(draft.stdout).toContain(sha256);
    expect(draft.stdout).toMatch(/\d+ characters; no known limit/);
    expect(draft.stdout).not.toContain('+919111122222');
    expect(draft.stdout).not.toContain('OtherLoanCo');
    expect(draft.stdout).not.toContain(otherAdded[0]?.sha256 ?? 'missing');
  });
});

describe('sakshya step add, case playbooks and draft --save', () => {
  it('adds an own step, chooses playbooks keeping what was recorded, and saves a draft version', async () => {
    const dir = await initVault();
    const caseId = await createLoanAppCase(dir, 'QuickRupee', '+919876543210');

    const added = await sakshya(dir, [
      '--json',
      'step',
      'add',
      '--case',
      caseId,
      '--title',
      'Visit the branch with a printed letter',
      '--due',
      '2024-02-29',
    ]);
    expect(added.code).toBe(0);
    const own = parseJson<{ ref: string; isOverdue: boolean }>(added);
    expect(own.ref).toMatch(/^custom\//);
    expect((await listSteps(dir, caseId)).map((step) => step.ref)).toContain(own.ref);
    const badDue = await sakshya(dir, [
      'step',
      'add',
      '--case',
      caseId,
      '--title',
      'x',
      '--due',
      '2025-02-29',
    ]);
    expect(badDue.code).toBe(2);

    const shown = parseJson<{ playbookIds: string[]; chosen: boolean }>(
      await sakshya(dir, ['--json', 'case', 'playbooks', '--case', caseId]),
    );
    expect(shown).toMatchObject({ chosen: false });
    expect(shown.playbookIds[0]).toBe('loan-recovery');
    await sakshya(dir, [
      'step',
      'set',
      '--case',
      caseId,
      'loan-recovery/complain-to-lender',
      '--status',
      'done',
      '--date',
      '2024-05-20',
    ]);
    const set = await sakshya(dir, [
      '--json',
      'case',
      'playbooks',
      '--case',
      caseId,
      '--set',
      'police-cyber',
    ]);
    expect(parseJson<{ playbookIds: string[]; chosen: boolean }>(set)).toMatchObject({
      playbookIds: ['police-cyber'],
      chosen: true,
    });
    const listed = await sakshya(dir, ['steps', '--case', caseId]);
    expect(listed.stdout).toContain(
      "(kept, not in the case's playbooks now) loan-recovery/complain-to-lender: done on 2024-05-20",
    );
    const unknown = await sakshya(dir, ['case', 'playbooks', '--case', caseId, '--set', 'made-up']);
    expect(unknown.code).toBe(2);

    const saved = await sakshya(dir, ['draft', '--case', caseId, '--kind', 'police', '--save']);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('saved as version 1');
    const again = await sakshya(dir, ['draft', '--case', caseId, '--kind', 'police', '--save']);
    expect(again.stdout).toContain('saved as version 2');
  });
});
