// Steps in Debian Chromium against the real web transport and the real core: a loan-app case made
// through the form (loan recovery pre-ticked), the lender complaint marked done with a date and a
// reference number, Next steps naming the day the RBI Ombudsman complaint opens, a police
// complaint draft with the case's number in it, and the step texts in Hindi after the switch.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatCalendarDate } from '../../main/core/time/calendar-date';
import { findPlaybook } from '../../main/core/playbooks/load-playbooks';
import { formatTypedDate } from '../../renderer/src/lib/format-date';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSPHRASE = 'monsoon tea on the terrace';
const NUMBER = '+919876543210';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'steps',
    passphrase: PASSPHRASE,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Asia/Kolkata',
  });
  ({ page, pageErrors } = app);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
});

async function snap(name: string): Promise<void> {
  await app.snap(name, { fullPage: true });
}

function todayInKolkata(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
}

function lenderCard() {
  return page
    .getByTestId('step-card')
    .filter({ has: page.getByRole('heading', { name: "Complain in writing to the lender's" }) });
}

describe('steps', () => {
  it('records the lender complaint, shows when the Ombudsman opens, writes a police draft, and speaks Hindi', async () => {
    const today = todayInKolkata();
    const complained = addDays(today, -5);
    const opens = addDays(complained, 31);

    await page.goto(app.transport.url);
    await page.getByRole('button', { name: 'New case' }).click();
    await page.getByLabel('Their name').fill('QuickCash loan app');
    await page.getByLabel('A loan app').check();
    await page.getByLabel('Phone number 1', { exact: true }).fill(NUMBER);
    const loanGuide = page.getByRole('checkbox', { name: /Harassment by a lender/ });
    await expect.poll(() => loanGuide.isChecked()).toBe(true);
    await snap('steps-01-new-case-guides');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('heading', { level: 1, name: 'QuickCash loan app' }).waitFor();
    const caseId = (await app.call<{ id: string }[]>('case:list'))[0]?.id ?? '';
    expect(caseId).not.toBe('');

    await page.getByRole('tab', { name: 'Steps' }).click();
    const bar = page.getByRole('progressbar', { name: 'Case progress' });
    await bar.waitFor();
    expect(await bar.getAttribute('value')).toBe('0');
    const card = lenderCard();
    await card.getByRole('radio', { name: 'Done' }).check();
    await card.getByLabel('Date you did it').fill(complained);
    // Chromium draws the field as mm/dd/yyyy; the day is also written in words under it.
    await card.getByText(`That is ${formatTypedDate(complained, 'en') ?? '?'}.`).waitFor();
    await card.getByLabel('Complaint or ticket number').fill('GRV-4471');
    await card.getByRole('button', { name: 'Save this step' }).click();
    await card.getByText('Saved.').waitFor();
    await expect.poll(() => bar.getAttribute('value')).toBe('1');

    // Proof taken on the spot: a screenshot of the lender's reply goes into the case and is linked.
    const proofPhoto = path.join(ROOT, 'test', 'fixtures', 'photos', 'Bush-dog.jpg');
    // Done steps fold their record away; open it again to add proof.
    if ((await card.locator('details.step-record').getAttribute('open')) === null)
      await card.locator('details.step-record > summary').click();
    await card.getByText('Link evidence from this case').click();
    await card
      .getByTestId('proof-input-loan-recovery/complain-to-lender')
      .setInputFiles(proofPhoto);
    await card.getByText(/Added to the case and ticked here/).waitFor();
    await card.getByRole('button', { name: 'Save this step' }).click();
    await card.getByText('1 file linked').waitFor();
    const proofSha = createHash('sha256').update(fs.readFileSync(proofPhoto)).digest('hex');
    await expect
      .poll(async () =>
        (await app.call<{ sha256: string }[]>('evidence:list', { caseId })).map(
          (item) => item.sha256,
        ),
      )
      .toEqual([proofSha]);
    await card.scrollIntoViewIfNeeded();
    await snap('steps-02-lender-complaint-done');

    // The Ombudsman step waits 30 full days after the lender complaint, and says from when.
    const ombudsman = page
      .getByTestId('step-card')
      .filter({ has: page.getByRole('heading', { name: 'Complain to the RBI Ombudsman' }) });
    const opensText = formatCalendarDate(opens, 'en', today);
    expect(await ombudsman.textContent()).toContain(opensText);

    await page.getByRole('tab', { name: 'Overview' }).click();
    const next = page.getByTestId('next-steps');
    const first = next.getByRole('listitem').first();
    await first.waitFor();
    expect(await next.getByRole('listitem').count()).toBeLessThanOrEqual(3);
    expect(await first.textContent()).toContain('Complain to the RBI Ombudsman');
    expect(await first.textContent()).toContain(opensText);
    await snap('steps-03-next-steps');

    // One button goes straight to the step.
    await first.getByRole('button', { name: /Go to this step/ }).click();
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.querySelector('h4')?.textContent ?? ''),
      )
      .toBe('Complain to the RBI Ombudsman');

    // The police complaint draft carries this case's number.
    const drafts = page.getByTestId('draft-panel');
    await drafts.getByLabel('Who is it for?').selectOption('police');
    await drafts.getByRole('button', { name: 'Write a draft' }).click();
    const text = drafts.getByTestId('draft-text');
    await text.waitFor();
    expect(await text.inputValue()).toContain(NUMBER);
    expect(await text.inputValue()).toContain('GRV-4471');
    await drafts.getByText(/characters · No length limit is known/).waitFor();
    await drafts.getByRole('button', { name: 'Save version' }).click();
    await drafts.getByText('Saved as version 1.').waitFor();
    await drafts.getByRole('button', { name: 'Open version 1' }).waitFor();
    await drafts.scrollIntoViewIfNeeded();
    await snap('steps-04-police-draft');

    // Saved as a text file and as a PDF, offered as downloads with names that do not name the case.
    const [textFile] = await Promise.all([
      page.waitForEvent('download'),
      drafts.getByRole('button', { name: 'Save as text file' }).click(),
    ]);
    expect(textFile.suggestedFilename()).toMatch(
      /^sakshya-draft-police-en-\d{4}-\d{2}-\d{2}\.txt$/,
    );
    expect(fs.readFileSync(await textFile.path(), 'utf8')).toContain(NUMBER);
    const [pdfFile] = await Promise.all([
      page.waitForEvent('download'),
      drafts.getByRole('button', { name: 'Save as PDF' }).click(),
    ]);
    expect(pdfFile.suggestedFilename()).toMatch(/\.pdf$/);
    expect(
      fs
        .readFileSync(await pdfFile.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await drafts.getByText(/is ready in your downloads/).waitFor();

    // Hindi: the step texts change at once.
    const hindiTitle = findPlaybook('loan-recovery')?.steps.find(
      (step) => step.id === 'complain-to-lender',
    )?.title.hi;
    expect(hindiTitle).toMatch(/[\u0900-\u097F]/);
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { name: hindiTitle ?? '' }).waitFor();
    // Every step card's title is in Hindi now; the English draft text stays as written.
    expect(
      await page
        .getByTestId('step-card')
        .getByRole('heading', { name: "Complain in writing to the lender's Grievance Officer" })
        .count(),
    ).toBe(0);
    await page
      .getByText('मामले की प्रगति')
      .or(page.getByText(/कदम पूरे/))
      .first()
      .waitFor();
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await snap('steps-05-hindi');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap('steps-06-hindi-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'English' }).click();

    expect(pageErrors).toEqual([]);
  });
});
