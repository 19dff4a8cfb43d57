// The steps and draft calls through the contract, on a real temporary vault: what the Steps tab and
// the Next steps card read, recording a step, own steps, the playbook choice and saved drafts.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import { addDays } from '../../../main/core/time/calendar-date';
import type { ApiName, ApiOutput } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

const cores: AppCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) void core.close();
});

async function setUp(): Promise<{ handlers: ApiHandlers; caseId: string; core: AppCore }> {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  const handlers = createHandlers(core);
  await call(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = await call(handlers, 'case:create', {
    title: 'QuickCash',
    timezone: 'Asia/Kolkata',
    counterparty: { name: 'QuickCash', kind: 'loan-app', numbers: ['+919876543210'] },
  });
  return { handlers, caseId: created.id, core };
}

async function call<N extends ApiName>(
  handlers: ApiHandlers,
  name: N,
  input: unknown,
): Promise<ApiOutput<N>> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code}`);
  return result.value as ApiOutput<N>;
}

function todayInKolkata(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
}

describe('steps calls', () => {
  it('lists the suggested playbooks with both languages, sources and blockers, and a progress count', async () => {
    const { handlers, caseId } = await setUp();
    const list = await call(handlers, 'steps:list', { caseId });
    expect(list.today).toBe(todayInKolkata());
    expect(list.sections.map((section) => section.playbookId)[0]).toBe('loan-recovery');
    const ombudsman = list.sections[0]?.steps.find(
      (step) => step.ref === 'loan-recovery/complain-to-rbi-ombudsman',
    );
    expect(ombudsman).toMatchObject({
      ruleStatus: 'check-current-rule',
      draftKind: 'ombudsman',
      blockedBy: [
        {
          ref: 'loan-recovery/complain-to-lender',
          title: expect.objectContaining({
            hi: expect.stringMatching(/[\u0900-\u097F]/) as unknown,
          }) as unknown,
        },
      ],
    });
    expect(ombudsman?.source?.url).toMatch(/^https?:\/\//);
    expect(ombudsman?.why?.hi).toMatch(/[\u0900-\u097F]/);
    const whatsapp = list.sections.find((section) => section.playbookId === 'whatsapp-harassment');
    expect(
      whatsapp?.steps.some((step) => step.howByPlatform.some((p) => p.platform === 'ios')),
    ).toBe(true);
    expect(list.progress).toEqual({
      done: 0,
      notNeeded: 0,
      total: list.sections.flatMap((section) => section.steps).length,
    });
  });

  it('records the lender complaint and puts the Ombudsman step in Next steps, 30 full days later', async () => {
    const { handlers, caseId } = await setUp();
    const complained = addDays(todayInKolkata(), -5);
    const saved = await call(handlers, 'steps:set', {
      caseId,
      ref: 'loan-recovery/complain-to-lender',
      status: 'done',
      doneAt: complained,
      references: { 'reference-number': 'GRV-4471' },
      notes: 'Emailed the grievance officer',
    });
    expect(saved).toMatchObject({
      status: 'done',
      doneAt: complained,
      references: { 'reference-number': 'GRV-4471' },
      notes: 'Emailed the grievance officer',
    });
    const next = await call(handlers, 'steps:next', { caseId });
    expect(next.items.length).toBeLessThanOrEqual(3);
    expect(next.items[0]).toMatchObject({
      ref: 'loan-recovery/complain-to-rbi-ombudsman',
      reason: 'opens',
      date: addDays(complained, 31),
    });
    const list = await call(handlers, 'steps:list', { caseId });
    expect(list.progress.done).toBe(1);
  });

  it('refuses a step that is not in the case and a done date on an open step', async () => {
    const { handlers, caseId } = await setUp();
    const missing = await dispatchCall(handlers, 'steps:set', {
      caseId,
      ref: 'loan-recovery/no-such-step',
      status: 'done',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const dated = await dispatchCall(handlers, 'steps:set', {
      caseId,
      ref: 'loan-recovery/complain-to-lender',
      status: 'doing',
      doneAt: '2024-05-20',
    });
    expect(dated).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('adds an own step and chooses playbooks, keeping what was recorded', async () => {
    const { handlers, caseId } = await setUp();
    const own = await call(handlers, 'steps:addCustom', {
      caseId,
      title: 'Ask my brother to save the messages he got',
      dueDate: '2030-01-31',
    });
    expect(own).toMatchObject({ origin: 'custom', playbookId: 'custom', status: 'todo' });

    const before = await call(handlers, 'playbook:list', { caseId });
    expect(before).toMatchObject({ hasChosen: false, suggested: before.chosen });
    expect(before.playbooks.map((playbook) => playbook.id)).toContain('police-cyber');

    await call(handlers, 'steps:set', {
      caseId,
      ref: 'loan-recovery/check-lending-app',
      status: 'na',
    });
    await call(handlers, 'steps:choosePlaybooks', { caseId, playbookIds: ['police-cyber'] });
    const after = await call(handlers, 'playbook:list', { caseId });
    expect(after).toMatchObject({ hasChosen: true, chosen: ['police-cyber'] });
    const list = await call(handlers, 'steps:list', { caseId });
    expect(list.sections.map((section) => section.playbookId)).toEqual(['police-cyber', 'custom']);
    expect(list.kept).toEqual([
      expect.objectContaining({ ref: 'loan-recovery/check-lending-app', status: 'na' }),
    ]);
  });
});

describe('draft calls', () => {
  it('generates a police draft with the case number, saves versions and exports text and PDF', async () => {
    const { handlers, caseId } = await setUp();
    const draft = await call(handlers, 'draft:generate', { caseId, kind: 'police', lang: 'en' });
    expect(draft.body).toContain('+919876543210');
    expect(draft).toMatchObject({ kind: 'police', lang: 'en', limit: null });
    const portal = await call(handlers, 'draft:generate', {
      caseId,
      kind: 'cybercrime',
      lang: 'hi',
    });
    expect(portal.limit).toEqual({ chars: 1500, confirmed: false });

    const v1 = await call(handlers, 'draft:save', {
      caseId,
      kind: 'police',
      lang: 'en',
      body: draft.body,
    });
    const v2 = await call(handlers, 'draft:save', {
      caseId,
      kind: 'police',
      lang: 'en',
      body: `${draft.body}\nEdited.`,
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const versions = await call(handlers, 'draft:versions', { caseId, kind: 'police' });
    expect(versions.map((version) => version.version)).toEqual([2, 1]);

    const text = await call(handlers, 'draft:export', {
      caseId,
      kind: 'police',
      lang: 'en',
      body: v2.body,
      format: 'txt',
    });
    expect(text.fileName).toMatch(/^sakshya-draft-police-en-\d{4}-\d{2}-\d{2}\.txt$/);
    expect(Buffer.from(text.base64, 'base64').toString('utf8')).toContain('Edited.');
    const pdf = await call(handlers, 'draft:export', {
      caseId,
      kind: 'police',
      lang: 'en',
      body: v2.body,
      format: 'pdf',
    });
    expect(pdf.mediaType).toBe('application/pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers VAULT_LOCKED once the vault is locked', async () => {
    const { handlers, caseId } = await setUp();
    await call(handlers, 'vault:lock', {});
    const result = await dispatchCall(handlers, 'steps:list', { caseId });
    expect(result).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });
});
