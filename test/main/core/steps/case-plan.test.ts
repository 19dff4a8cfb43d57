import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import {
  exportDraftAsPdf,
  exportDraftAsText,
  listCaseDraftVersions,
  saveCaseDraft,
} from '../../../../main/core/steps/case-draft-store';
import {
  addCustomStep,
  chooseCasePlaybooks,
  hasChosenPlaybooks,
  listCasePlaybookIds,
  listCaseSteps,
  listKeptRecords,
  setCaseStep,
} from '../../../../main/core/steps/case-steps';
import { describeCaseSteps, listNextSteps } from '../../../../main/core/steps/step-views';
import { Vault } from '../../../../main/core/vault/vault';
import type { SakshyaError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

const open: Vault[] = [];

afterEach(() => {
  for (const vault of open.splice(0)) vault.lock();
});

async function openVault(): Promise<{ vault: Vault; dir: string }> {
  const dir = path.join(makeTempDir(), 'vault');
  const { vault } = await Vault.create(dir, 'correct horse battery', { scryptLogN: 10 });
  open.push(vault);
  return { vault, dir };
}

function createCase(vault: Vault, kind: 'loan-app' | 'person', name = 'QuickRupee'): string {
  return vault.createCase({
    title: name,
    timezone: 'Asia/Kolkata',
    counterparty: { name, kind, numbers: ['+919876543210'] },
  }).id;
}

function refsOf(vault: Vault, caseId: string): string[] {
  return listCaseSteps(vault, caseId, '2024-06-01').flatMap((section) =>
    section.steps.map((step) => step.ref),
  );
}

describe('playbook choice', () => {
  it('follows the suggestion until the user chooses, then keeps the choice after reopening', async () => {
    const { vault, dir } = await openVault();
    const caseId = createCase(vault, 'loan-app');
    expect(hasChosenPlaybooks(vault, caseId)).toBe(false);
    expect(listCasePlaybookIds(vault, vault.getCase(caseId))[0]).toBe('loan-recovery');

    expect(chooseCasePlaybooks(vault, caseId, ['police-cyber', 'loan-recovery'])).toEqual([
      'police-cyber',
      'loan-recovery',
    ]);
    vault.lock();
    const reopened = await Vault.open(dir, 'correct horse battery');
    open.push(reopened);
    expect(hasChosenPlaybooks(reopened, caseId)).toBe(true);
    expect(listCaseSteps(reopened, caseId, '2024-06-01').map((s) => s.playbookId)).toEqual([
      'police-cyber',
      'loan-recovery',
    ]);
    expect(
      reopened.custody().filter((entry) => entry.action === 'case.playbooks-chosen'),
    ).toHaveLength(1);
  });

  it('refuses a playbook that does not exist and changes nothing', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'loan-app');
    expect(() => chooseCasePlaybooks(vault, caseId, ['loan-recovery', 'made-up'])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as SakshyaError,
    );
    expect(hasChosenPlaybooks(vault, caseId)).toBe(false);
  });

  it('keeps what was recorded when a playbook is dropped, shows it, and brings it back when chosen again', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'loan-app');
    setCaseStep(vault, caseId, 'loan-recovery/complain-to-lender', {
      status: 'done',
      date: '2024-05-20',
      refs: { 'reference-number': 'GRV-4471' },
      notes: 'Sent by email to the grievance officer',
    });
    chooseCasePlaybooks(vault, caseId, ['police-cyber']);
    expect(refsOf(vault, caseId).some((ref) => ref.startsWith('loan-recovery/'))).toBe(false);
    expect(listKeptRecords(vault, caseId, '2024-06-01')).toEqual([
      {
        ref: 'loan-recovery/complain-to-lender',
        title: expect.objectContaining({
          en: "Complain in writing to the lender's Grievance Officer",
        }) as unknown,
        status: 'done',
        doneAt: '2024-05-20',
        references: { 'reference-number': 'GRV-4471' },
        notes: 'Sent by email to the grievance officer',
      },
    ]);

    chooseCasePlaybooks(vault, caseId, ['loan-recovery', 'police-cyber']);
    expect(listKeptRecords(vault, caseId, '2024-06-01')).toEqual([]);
    const lender = listCaseSteps(vault, caseId, '2024-06-01')[0]?.steps.find(
      (step) => step.stepId === 'complain-to-lender',
    );
    expect(lender).toMatchObject({
      status: 'done',
      doneAt: '2024-05-20',
      references: { 'reference-number': 'GRV-4471' },
    });
  });
});

describe('own steps', () => {
  it('adds a step with a due date that can be overdue, and puts it on the timeline when done', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'person');
    const added = addCustomStep(vault, caseId, {
      title: 'Visit the bank branch with a printed letter',
      dueDate: '2024-02-29',
      notes: 'Take the loan papers',
    });
    expect(added.ref).toMatch(/^custom\/[0-9a-f-]{36}$/);
    expect(added).toMatchObject({
      origin: 'custom',
      status: 'todo',
      notes: 'Take the loan papers',
    });

    const list = describeCaseSteps(vault, caseId, '2024-03-05');
    const own = list.sections.at(-1);
    expect(own?.playbookId).toBe('custom');
    expect(own?.title.hi).toBe('आपके अपने कदम');
    expect(own?.steps[0]).toMatchObject({ isOverdue: true, why: null, source: null });
    const next = listNextSteps(vault, caseId, 3, '2024-03-05');
    expect(next.items[0]).toMatchObject({ ref: added.ref, reason: 'overdue', date: '2024-02-29' });

    setCaseStep(vault, caseId, added.ref, { status: 'done', date: '2024-03-04' });
    const events = new EventsRepository(vault.db)
      .listByCase(caseId)
      .filter((event) => event.kind === 'step');
    expect(events.map((event) => event.text)).toEqual([
      'Visit the bank branch with a printed letter',
    ]);
    expect(describeCaseSteps(vault, caseId, '2024-03-05').progress).toMatchObject({ done: 1 });
  });

  it('refuses reference fields on an own step and a due date that does not exist', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'person');
    const added = addCustomStep(vault, caseId, { title: 'Call the lawyer' });
    expect(() =>
      setCaseStep(vault, caseId, added.ref, { status: 'doing', refs: { x: '1' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as SakshyaError);
    expect(() => addCustomStep(vault, caseId, { title: 'x', dueDate: '2025-02-29' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as SakshyaError,
    );
  });

  it('keeps notes and linked proof of a playbook step, and only evidence of the same case', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'loan-app');
    const otherId = createCase(vault, 'loan-app', 'OtherLoanCo');
    const file = path.join(makeTempDir(), 'lender-reply.txt');
    fs.writeFileSync(file, 'We have received your complaint GRV-4471\n');
    const mine = await vault.addFile(caseId, file);
    const otherFile = path.join(makeTempDir(), 'other.txt');
    fs.writeFileSync(otherFile, 'another case\n');
    const theirs = await vault.addFile(otherId, otherFile);

    const ref = 'loan-recovery/complain-to-lender';
    setCaseStep(vault, caseId, ref, {
      status: 'doing',
      notes: 'Posted on 20 May',
      proofEvidenceIds: [mine.evidence.id],
    });
    setCaseStep(vault, caseId, ref, { status: 'done', date: '2024-05-21' });
    const step = describeCaseSteps(vault, caseId, '2024-06-01')
      .sections.flatMap((section) => section.steps)
      .find((candidate) => candidate.ref === ref);
    expect(step).toMatchObject({
      status: 'done',
      doneAt: '2024-05-21',
      notes: 'Posted on 20 May',
      proofEvidenceIds: [mine.evidence.id],
    });
    expect(() =>
      setCaseStep(vault, caseId, ref, { status: 'done', proofEvidenceIds: [theirs.evidence.id] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as SakshyaError);
    const entries = vault.custody().filter((entry) => entry.action === 'step.updated');
    // The log says notes changed, never what they say.
    expect(JSON.stringify(entries)).not.toContain('Posted on 20 May');
    expect(entries[0]?.details).toMatchObject({ notesChanged: true, proof: [mine.evidence.id] });
  });
});

describe('next steps', () => {
  it('shows the Ombudsman step with the day it opens once the lender complaint is done', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'loan-app');
    setCaseStep(vault, caseId, 'loan-recovery/complain-to-lender', {
      status: 'done',
      date: '2024-05-20',
    });
    const next = listNextSteps(vault, caseId, 3, '2024-05-25');
    expect(next.items[0]).toMatchObject({
      ref: 'loan-recovery/complain-to-rbi-ombudsman',
      reason: 'opens',
      date: '2024-06-20',
    });
    expect(next.items[0]?.label?.en).toContain('20 June');
    expect(next.items).toHaveLength(3);
  });
});

describe('saved drafts', () => {
  it('saves each version with its time, lists them newest first, and logs the save without the text', async () => {
    const { vault } = await openVault();
    const caseId = createCase(vault, 'loan-app');
    const otherId = createCase(vault, 'loan-app', 'OtherLoanCo');
    const first = saveCaseDraft(vault, caseId, 'police', 'en', 'To the SHO, first try');
    const second = saveCaseDraft(vault, caseId, 'police', 'hi', 'सेवा में, थाना प्रभारी');
    saveCaseDraft(vault, caseId, 'lender', 'en', 'To the Grievance Officer');
    saveCaseDraft(vault, otherId, 'police', 'en', 'Other case letter');

    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.savedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const police = listCaseDraftVersions(vault, caseId, 'police');
    expect(police.map((version) => [version.version, version.lang, version.body])).toEqual([
      [2, 'hi', 'सेवा में, थाना प्रभारी'],
      [1, 'en', 'To the SHO, first try'],
    ]);
    expect(listCaseDraftVersions(vault, caseId)).toHaveLength(3);
    expect(listCaseDraftVersions(vault, otherId)).toHaveLength(1);
    const logged = vault.custody().filter((entry) => entry.action === 'draft.saved');
    expect(logged).toHaveLength(4);
    expect(JSON.stringify(logged)).not.toContain('SHO');
  });

  it('exports a draft as UTF-8 text with a name that does not reveal the case', () => {
    const file = exportDraftAsText('police', 'hi', 'सेवा में,\nथाना प्रभारी', '2024-06-01');
    expect(file.fileName).toBe('sakshya-draft-police-hi-2024-06-01.txt');
    expect(file.bytes.toString('utf8')).toBe('सेवा में,\nथाना प्रभारी\n');
  });

  it('exports a Hindi draft as a PDF whose text copies out in the right order', async () => {
    const body = 'सेवा में,\nथाना प्रभारी\nनंबर +919876543210 से रात 9:15 बजे धमकी भरा कॉल आया।';
    const file = await exportDraftAsPdf('police', 'hi', 'पुलिस शिकायत', body, '2024-06-01');
    expect(file.fileName).toBe('sakshya-draft-police-hi-2024-06-01.pdf');
    expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfPath = path.join(makeTempDir(), file.fileName);
    fs.writeFileSync(pdfPath, file.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('थाना प्रभारी');
    expect(text).toContain('+919876543210');
    expect(text).toContain('पृष्ठ 1 / 1');
  });
});
