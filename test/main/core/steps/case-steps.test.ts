import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SakshyaError } from '../../../../shared/errors';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import {
  listCaseSteps,
  setCaseStep,
  toCalendarDateInZone,
} from '../../../../main/core/steps/case-steps';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

const open: Vault[] = [];

afterEach(() => {
  for (const vault of open.splice(0)) vault.lock();
});

async function openVaultWithCase(timezone: string): Promise<{ vault: Vault; caseId: string }> {
  const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), 'correct horse battery', {
    scryptLogN: 10,
  });
  open.push(vault);
  const created = vault.createCase({
    title: 'Loan app',
    timezone,
    counterparty: { name: 'QuickRupee', kind: 'loan-app' },
  });
  return { vault, caseId: created.id };
}

function findStep(vault: Vault, caseId: string, ref: string) {
  return listCaseSteps(vault, caseId, '2024-06-01')
    .flatMap((playbook) => playbook.steps)
    .find((step) => step.ref === ref);
}

describe('case steps', () => {
  it('reads a done date back as the same calendar day in a zone far from UTC', async () => {
    const { vault, caseId } = await openVaultWithCase('Pacific/Kiritimati');
    setCaseStep(vault, caseId, 'loan-recovery/complain-to-lender', {
      status: 'done',
      date: '2024-05-20',
    });
    expect(findStep(vault, caseId, 'loan-recovery/complain-to-lender')?.doneAt).toBe('2024-05-20');
  });

  it('follows the playbooks suggested for the counterparty kind, loan-recovery first', async () => {
    const { vault, caseId } = await openVaultWithCase('Asia/Kolkata');
    const ids = listCaseSteps(vault, caseId, '2024-06-01').map((playbook) => playbook.playbookId);
    expect(ids[0]).toBe('loan-recovery');
    expect(ids.at(-1)).toBe('police-cyber');
  });

  it('adds one timeline event when a step becomes done, and clears the date when reopened', async () => {
    const { vault, caseId } = await openVaultWithCase('Asia/Kolkata');
    const ref = 'loan-recovery/complain-to-lender';
    setCaseStep(vault, caseId, ref, {
      status: 'done',
      date: '2024-05-20',
      refs: { officer: 'A. Rao' },
    });
    setCaseStep(vault, caseId, ref, { status: 'done', date: '2024-05-21' });
    setCaseStep(vault, caseId, ref, { status: 'doing' });

    const events = new EventsRepository(vault.db).listByCase(caseId);
    expect(events.filter((event) => event.kind === 'step')).toHaveLength(1);
    expect(findStep(vault, caseId, ref)).toMatchObject({
      status: 'doing',
      doneAt: null,
      references: { officer: 'A. Rao' },
    });
    expect(vault.custody().filter((entry) => entry.action === 'step.updated')).toHaveLength(3);
  });

  it('refuses a done date that has not come yet on the case clock, and records nothing', async () => {
    const { vault, caseId } = await openVaultWithCase('Asia/Kolkata');
    const today = toCalendarDateInZone(new Date().toISOString(), 'Asia/Kolkata');
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const custodyBefore = vault.custody().length;
    expect(() =>
      setCaseStep(vault, caseId, 'loan-recovery/complain-to-lender', {
        status: 'done',
        date: tomorrow,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as SakshyaError);
    expect(findStep(vault, caseId, 'loan-recovery/complain-to-lender')?.status).toBe('todo');
    expect(vault.custody()).toHaveLength(custodyBefore);
    setCaseStep(vault, caseId, 'loan-recovery/complain-to-lender', { status: 'done', date: today });
    expect(findStep(vault, caseId, 'loan-recovery/complain-to-lender')?.doneAt).toBe(today);
  });

  it('refuses an unknown step with NOT_FOUND', async () => {
    const { vault, caseId } = await openVaultWithCase('Asia/Kolkata');
    expect(() => setCaseStep(vault, caseId, 'loan-recovery/nope', { status: 'done' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as SakshyaError,
    );
  });

  it('converts an instant to the day it falls on in the given zone', () => {
    expect(toCalendarDateInZone('2024-05-19T20:00:00.000Z', 'Asia/Kolkata')).toBe('2024-05-20');
    expect(toCalendarDateInZone('2024-05-19T20:00:00.000Z', 'America/New_York')).toBe('2024-05-19');
  });
});
