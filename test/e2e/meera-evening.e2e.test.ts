// Meera's evening, in Debian Chromium against the real web transport and the real core, in a fresh
// vault, once in English and once in Hindi: a case made in one screen; screenshots and a WhatsApp
// export whose sender is a name dropped in; the sender tied to the harasser when asked; the
// out-of-hours messages flagged, and counted once after a second, overlapping export; the chat
// opened in the viewer; the lender step marked done with a reference; and a police draft with no raw
// timestamps, zone codes or field names (and, in Hindi, no English outside names, numbers and
// references). Every screen is saved under artifacts/screenshots/meera-<lang>-*.png.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, hi } from '../../renderer/src/i18n/locales';
import { stepCardId } from '../../renderer/src/lib/steps-focus';
import { AGENT_LINES, writeChatZip } from '../helpers/chat-export';
import { SCREENSHOTS, startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PHOTOS = path.join(ROOT, 'test', 'fixtures', 'photos');
const PASSPHRASE = 'monsoon tea on the terrace';
const NUMBER = '+919876543210';
const LENDER = 'QuickCash loan app';
const REFERENCE = 'GRV-4471';
const LENDER_STEP = 'loan-recovery/complain-to-lender';

/** The second export overlaps the first (its last four lines) and adds two the next evening. */
const LATER_LINES = [
  ...AGENT_LINES.slice(2),
  '13/05/24, 21:30 - Agent Ravi: Your photos will go to all your contacts tonight.',
  '13/05/24, 21:32 - Agent Ravi: Pay 40000 now.',
];

describe.each([
  ['en', en],
  ['hi', hi],
] as const)("Meera's evening (%s)", (lang, words) => {
  let app: E2eApp;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startE2eApp({
      name: `meera-${lang}`,
      passphrase: PASSPHRASE,
      viewport: { width: 1280, height: 800 },
      locale: lang === 'hi' ? 'hi-IN' : 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    ({ page, pageErrors } = app);
  });

  afterAll(async () => {
    // Undefined only when the start failed (startE2eApp then closed what it had started).
    await (app as E2eApp | undefined)?.close();
  });

  async function snap(name: string, fullPage = false): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `meera-${lang}-${name}.png`), fullPage });
  }

  it('sets up, ties the sender, sees the flags, reads the chat, records a step and drafts', async () => {
    const files = fs.mkdtempSync(path.join(app.workRoot, 'files-'));
    const firstExport = writeChatZip(files, 'WhatsApp Chat with Agent Ravi.zip', AGENT_LINES);
    const secondExport = writeChatZip(files, 'WhatsApp Chat with Agent Ravi (2).zip', LATER_LINES);
    const screenshots = ['IMG_20180725_163423-tiny.jpg', 'Bush-dog.jpg'].map((name) =>
      path.join(PHOTOS, name),
    );

    await page.goto(app.transport.url);
    if (lang === 'hi') await page.getByRole('button', { name: 'हिन्दी' }).click();

    // 1. A case in one screen: "Create case" is in view at 1280×800 without scrolling.
    await page.getByRole('button', { name: words.empty.action }).click();
    await page.getByLabel(words.caseForm.nameLabel).fill(LENDER);
    await page.getByLabel(words.caseForm.kind['loan-app']).check();
    await page
      .getByLabel(words.caseForm.numberLabel.replace('{{n}}', '1'), { exact: true })
      .fill(NUMBER);
    const create = page.getByRole('button', { name: words.caseForm.create });
    await snap('01-new-case');
    const box = await create.boundingBox();
    expect((box?.y ?? 9999) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
    expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(0);
    // One guide pre-chosen; the others folded as optional.
    expect(await page.locator('.playbook-choice input[type=checkbox]:checked').count()).toBe(1);
    await create.click();
    await page.getByRole('heading', { level: 1, name: LENDER }).waitFor();

    // 2. The new case leads with the drop area, then the next steps.
    const drop = page.getByTestId('drop-area');
    await drop.waitFor();
    const next = page.getByTestId('next-steps');
    await next.waitFor();
    const dropBox = await drop.boundingBox();
    const nextBox = await next.boundingBox();
    expect(dropBox?.y ?? 9999).toBeLessThan(nextBox?.y ?? 0);
    expect(dropBox?.y ?? 9999).toBeLessThan(800);
    await snap('02-new-case-drop-area');

    // 3. Screenshots and a WhatsApp export whose sender is a name.
    await page.getByTestId('evidence-file-input').setInputFiles([...screenshots, firstExport]);
    await page.getByTestId('import-summary-line').waitFor();
    const chatLine = page.getByTestId('import-chat-messages');
    await chatLine.waitFor();
    expect(await chatLine.textContent()).toContain('6');

    // 4. "Who is 'Agent Ravi'?" → the harasser; and the chat came from her own phone.
    const question = page
      .getByTestId('sender-question')
      .filter({ hasText: words.people.who.replace('{{name}}', 'Agent Ravi') });
    await question.waitFor();
    await snap('03-who-is-agent-ravi', true);
    await question.getByRole('button', { name: words.people.asHarasser, exact: true }).click();
    await question.waitFor({ state: 'detached' });
    const meera = page
      .getByTestId('sender-question')
      .filter({ hasText: words.people.who.replace('{{name}}', 'Meera') });
    await meera.getByRole('button', { name: words.people.asMe, exact: true }).click();
    await meera.waitFor({ state: 'detached' });
    const owner = page.getByTestId('chat-owner-question').first();
    await owner.getByRole('button', { name: words.people.phoneMine }).click();
    await expect.poll(() => page.getByTestId('chat-owner-question').count()).toBe(0);

    // 5. A second, overlapping export: its four repeated messages are already here.
    await page.getByTestId('evidence-file-input').setInputFiles([secondExport]);
    await expect
      .poll(async () => (await page.getByTestId('import-chat-messages').textContent()) ?? '')
      .toMatch(/6\D+4/);
    await snap('04-second-export', true);

    // 6. The timeline: the out-of-hours messages flagged, each once.
    await page.getByRole('tab', { name: words.casePage.tab.timeline }).click();
    const entries = page.locator('.timeline-entry');
    await entries.first().waitFor();
    const lastWarning = entries.filter({ hasText: 'Last warning' });
    await expect.poll(() => lastWarning.count()).toBe(1);
    expect(await lastWarning.getAttribute('data-flagged')).toBe('true');
    await expect.poll(() => entries.filter({ hasText: 'Pay now or we will call' }).count()).toBe(1);
    const flagged = page.locator('.timeline-entry[data-flagged="true"]');
    // 20:49 (×2), 22:01 (×2) on 12 May and 21:30, 21:32 on 13 May: six messages after 7 pm. The
    // list draws only the rows in view, so the flagged rows are gathered while scrolling down it.
    const flaggedIds = new Set<string>();
    for (let step = 0; step < 40; step += 1) {
      const ids = await flagged.evaluateAll((rows) =>
        rows.map((row) => row.getAttribute('data-entry-id') ?? ''),
      );
      for (const id of ids) flaggedIds.add(id);
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(50);
    }
    expect(flaggedIds.size).toBe(6);
    expect(await page.getByTestId('flag-hint').count()).toBe(0);
    // With nothing to fix, logging a call is the timeline's one main action.
    expect(await page.getByRole('main').locator('button.primary').allTextContents()).toEqual([
      words.timeline.logCall,
    ]);
    await snap('05-timeline-flags');

    // 7. The chat in the viewer, as a conversation.
    await page.getByRole('tab', { name: words.casePage.tab.evidence }).click();
    const chatTile = page
      .getByTestId('evidence-tile')
      .filter({ hasText: 'WhatsApp Chat with Agent Ravi.zip' });
    await chatTile.first().click();
    const chat = page.getByTestId('chat-view');
    await chat.waitFor();
    const bubbles = chat.getByTestId('chat-bubble');
    await expect.poll(() => bubbles.count()).toBeGreaterThanOrEqual(4);
    expect(await chat.textContent()).toContain('Last warning. We will visit your school tomorrow.');
    // Pictures and voice notes are decrypted after the lines are drawn: wait for them.
    await expect.poll(() => chat.locator('img.chat-picture').count()).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => chat.getByRole('button', { name: words.viewer.chat.play }).count())
      .toBe(1);
    await snap('06-chat-in-viewer');
    await chat.getByLabel(words.viewer.chat.search).fill('brother');
    await expect.poll(() => bubbles.count()).toBe(1);
    await snap('06b-chat-search');
    const lawyer = page.getByTestId('viewer-lawyer-details');
    expect(await page.getByTestId('viewer-sha256').isVisible()).toBe(false);
    await lawyer.locator('summary').click();
    await page.getByTestId('viewer-sha256').waitFor();
    await chat.getByRole('button', { name: words.viewer.chat.onTimeline }).first().click();
    await page.locator('.timeline-row[data-highlight="true"]').waitFor();
    await snap('07-message-on-timeline');

    // 8. The lender step done, with a reference.
    await page.getByRole('tab', { name: words.casePage.tab.steps }).click();
    const card = page.locator(`#${stepCardId(LENDER_STEP)}`);
    await card.waitFor();
    await card.getByRole('radio', { name: words.steps.status.done }).check();
    const referenceLabel = lang === 'hi' ? 'शिकायत या टिकट नंबर' : 'Complaint or ticket number';
    await card.getByLabel(referenceLabel).fill(REFERENCE);
    await card.getByRole('button', { name: words.steps.card.save }).click();
    await card.getByTestId('step-done-line').waitFor();
    expect(await card.getByTestId('step-done-line').textContent()).toContain(REFERENCE);
    await card.scrollIntoViewIfNeeded();
    await snap('08-steps');
    await snap('08b-steps-whole-page', true);

    // 9. The police draft: words a person would write.
    const drafts = page.getByTestId('draft-panel');
    await drafts.getByLabel(words.steps.drafts.kindLabel).selectOption('police');
    await drafts.getByLabel(words.steps.drafts.langLabel).selectOption(lang);
    await drafts.getByRole('button', { name: words.steps.drafts.generate }).click();
    const text = drafts.getByTestId('draft-text');
    await text.waitFor();
    const draft = await text.inputValue();
    await drafts.scrollIntoViewIfNeeded();
    await snap('09-police-draft');
    fs.writeFileSync(path.join(SCREENSHOTS, `meera-${lang}-police-draft.txt`), draft);
    expect(draft).toContain(REFERENCE);
    expect.soft(draft).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no raw dates
    expect.soft(draft).not.toMatch(/\d{1,2}:\d{2}:\d{2}/); // no raw times with seconds
    expect.soft(draft).not.toMatch(/T\d{2}:\d{2}/);
    expect.soft(draft).not.toMatch(/Asia\/|Etc\/|\bUTC\b|\bGMT\b|\bIST\b/); // no zone codes
    expect
      .soft(draft)
      .not.toMatch(/\b(officer|reference-number|reply-date|counterparty|occurredAt)\s*:/i);
    if (lang === 'hi') {
      const allowed = [
        LENDER,
        'Agent Ravi',
        REFERENCE,
        'WhatsApp',
        'RBI',
        'NCRP',
        'cybercrime.gov.in',
      ];
      let rest = draft;
      for (const word of allowed) rest = rest.split(word).join(' ');
      rest = rest
        .replace(/https?:\/\/\S+/g, ' ')
        .replace(/[\w.+-]+@[\w.-]+/g, ' ')
        // References: each file's hash, under the hash's own name, and the files' own names.
        .replace(/SHA-256(: [0-9a-f]{64})?/g, ' ')
        .replace(/^\s*\d+\. .*\.(zip|jpg|png|opus|txt)$/gm, ' ');
      expect.soft(rest.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    }
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
