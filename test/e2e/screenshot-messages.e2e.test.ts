// Messages read from a chat screenshot, in Debian Chromium against the real web transport and core:
// a WhatsApp screenshot from the harasser's number is added, the calm reading line shows, a word
// seen only inside it is found by the timeline's search and marked in the viewer, where its
// messages wait as proposals (nothing asked for them). Confirming them all puts them on the
// timeline, and those the harasser sent after 7 pm are flagged. Before that, the proposals stand
// in the timeline list itself, in their places, marked "Proposed" and never flagged; one is
// confirmed right there. The panel and the proposed entries are also shown in Hindi.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAME = 'Screenshot_20240513-102000_WhatsApp.png';
const FILE = path.join(ROOT, 'test', 'fixtures', 'chat-screenshots', 'harasser', NAME);
const PASSPHRASE = 'monsoon tea on the terrace';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'chatshot',
    passphrase: PASSPHRASE,
    cases: [
      {
        title: 'XYZ Loans',
        counterparty: { name: 'XYZ Loans', kind: 'loan-app', numbers: ['+91 98765 43210'] },
        timezone: 'Asia/Kolkata',
      },
    ],
    viewport: { width: 1360, height: 900 },
    consoleErrors: false,
  });
  ({ page, pageErrors } = app);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
});

async function readingState(): Promise<string> {
  return (await app.call<{ state: string }>('text:status')).state;
}

async function snap(name: string): Promise<void> {
  await app.snap(name, { fullPage: true });
}

describe('messages read from a chat screenshot', () => {
  it('are proposed after the reading, found by a word, confirmed in the viewer and flagged after 7 pm', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /XYZ Loans/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles([FILE]);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('1 added');
    const progress = page.getByTestId('text-reading-progress');
    await expect
      .poll(async () => (await progress.count()) > 0 || (await readingState()) === 'done', {
        timeout: 60_000,
      })
      .toBe(true);
    if ((await progress.count()) > 0) {
      expect(await progress.textContent()).toMatch(
        /Reading text in 1 screenshot…|The text in 1 screenshot will be read next, after the files are added and their previews are ready\./,
      );
      await snap('chatshot-01-reading');
    }
    await expect.poll(readingState, { timeout: 180_000 }).toBe('done');
    await progress.waitFor({ state: 'detached' });

    // A word seen only inside the screenshot finds it.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    // One calm line says messages wait to be checked (nothing asked for them).
    const note = page.getByTestId('proposed-note');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      '5 messages read from screenshots wait for you to check them.',
    );
    // A quiet offer: the timeline keeps one main action ("Log a call").
    expect(await page.locator('button.primary', { hasText: 'Check them' }).count()).toBe(0);
    expect(await page.getByRole('main').locator('button.primary').allTextContents()).toEqual([
      'Log a call',
    ]);
    await snap('chatshot-01b-timeline-note');
    // The proposals stand in the list in their places, marked, never flagged before confirmed.
    const proposedRows = page.locator('.timeline-entry[data-proposed="true"]');
    await expect.poll(() => proposedRows.count()).toBe(5);
    expect(
      await proposedRows.evaluateAll((rows) => rows.map((row) => row.dataset.flagged)),
    ).toEqual(['false', 'false', 'false', 'false', 'false']);
    const lateProposal = proposedRows.filter({ hasText: 'PAY NOW or we visit your office' });
    expect(await lateProposal.textContent()).toContain('Proposed');
    expect(await lateProposal.textContent()).toContain('From +91 98765 43210');
    await lateProposal.scrollIntoViewIfNeeded();
    await snap('chatshot-01c-timeline-proposed');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await lateProposal.getByRole('button', { name: 'पुष्टि करें' }).waitFor();
    expect(await lateProposal.textContent()).toContain('प्रस्तावित');
    await snap('chatshot-01d-timeline-proposed-hindi');
    await page.getByRole('button', { name: 'English' }).click();
    // One confirmed right in the list: it becomes a message like any other, not flagged (9:15 am).
    await proposedRows
      .filter({ hasText: 'Last warning' })
      .getByRole('button', { name: 'Confirm' })
      .click();
    await expect.poll(() => proposedRows.count()).toBe(4);
    const lastWarning = page.locator('.timeline-entry', { hasText: 'Last warning' });
    expect(await lastWarning.getAttribute('data-proposed')).toBeNull();
    await expect
      .poll(() => note.textContent())
      .toContain('4 messages read from screenshots wait for you to check them.');
    const search = page.getByLabel('Search messages, notes and file names');
    await search.fill('brother');
    const entry = page.locator('.timeline-entry', { hasText: NAME });
    await entry.waitFor();
    await expect.poll(() => page.locator('.timeline-entry').count()).toBe(1);
    expect(await page.locator('.timeline-entry[data-proposed="true"]').count()).toBe(0);
    await entry.getByRole('button', { name: 'Open' }).click();
    const viewer = page.getByRole('dialog', { name: new RegExp(NAME.replace(/[.]/g, '\\.')) });
    await viewer.waitFor();
    await expect.poll(() => viewer.getByTestId('viewer-word-mark').count()).toBe(1);
    // The mark rings the word from outside, so the word under it stays readable at any zoom.
    const mark = await viewer.getByTestId('viewer-word-mark').evaluate((element) => {
      const style = getComputedStyle(element);
      return { border: style.borderTopWidth, offset: parseFloat(style.outlineOffset) };
    });
    expect(mark.border).toBe('0px');
    expect(mark.offset).toBeGreaterThanOrEqual(1);

    // Its messages wait as proposals, read by the computer, without anyone asking for them.
    const panel = viewer.getByTestId('proposed-messages');
    await panel.waitFor();
    const messages = panel.getByTestId('proposed-message');
    await expect.poll(() => messages.count()).toBe(5);
    expect(await panel.locator('[data-status="proposed"]').count()).toBe(4);
    expect(await messages.nth(2).textContent()).toContain('PAY NOW or we visit your office');
    expect(await messages.nth(2).textContent()).toContain('Proposed');
    expect(await panel.textContent()).toContain(`Proposed: read from ${NAME} by the computer.`);
    await panel.scrollIntoViewIfNeeded();
    await snap('chatshot-02-proposed');

    // The same proposals in Hindi.
    await viewer.getByRole('button', { name: 'Close' }).first().click();
    await viewer.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await entry.getByRole('button', { name: 'खोलें' }).click();
    const confirmAllHindi = page.getByRole('dialog').getByRole('button', {
      name: 'सभी 4 की पुष्टि करें',
    });
    await confirmAllHindi.waitFor();
    expect(await panel.locator('.proposed-badge').first().textContent()).toBe('प्रस्तावित');
    await confirmAllHindi.scrollIntoViewIfNeeded();
    await snap('chatshot-02-proposed-hindi');
    await page.getByRole('dialog').getByRole('button', { name: 'बंद करें' }).first().click();
    await page.getByRole('button', { name: 'English' }).click();
    await entry.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => messages.count()).toBe(5);

    // Correct one's text, then confirm the rest at once.
    await messages.nth(0).getByRole('button', { name: 'Correct' }).click();
    await messages.nth(0).getByLabel('Message').fill('Pay today itself');
    await messages.nth(0).getByRole('button', { name: 'Save and confirm' }).click();
    await expect.poll(() => panel.locator('[data-status="confirmed"]').count()).toBe(2);
    await panel.getByRole('button', { name: 'Confirm all 3' }).click();
    await expect.poll(() => panel.locator('[data-status="confirmed"]').count()).toBe(5);
    expect(await panel.getByRole('button', { name: /Confirm/ }).count()).toBe(0);
    await messages.nth(4).scrollIntoViewIfNeeded();
    await snap('chatshot-03-confirmed');

    // On the timeline they count like chat messages: those after 7 pm from the harasser are flagged.
    await viewer.getByRole('button', { name: 'Close' }).first().click();
    await viewer.waitFor({ state: 'detached' });
    await search.fill('');
    await note.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.timeline-entry[data-proposed="true"]').count()).toBe(0);
    const late = page.locator('.timeline-entry', { hasText: 'PAY NOW or we visit your office' });
    await late.waitFor();
    await expect.poll(() => late.getAttribute('data-flagged')).toBe('true');
    expect(
      await page
        .locator('.timeline-entry', { hasText: 'We will call your brother' })
        .getAttribute('data-flagged'),
    ).toBe('true');
    for (const text of ['Pay today itself', 'Please stop messaging at night', 'Last warning'])
      expect(
        await page.locator('.timeline-entry', { hasText: text }).getAttribute('data-flagged'),
      ).toBe('false');
    await snap('chatshot-04-timeline');

    // The panel in Hindi.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page
      .locator('.timeline-entry', { hasText: NAME })
      .getByRole('button', { name: 'खोलें' })
      .click();
    const hindi = page.getByRole('dialog');
    const hindiPanel = hindi.getByRole('heading', { name: 'इस स्क्रीनशॉट के संदेश' });
    await hindiPanel.waitFor();
    await hindiPanel.scrollIntoViewIfNeeded();
    await snap('chatshot-05-hindi');
    expect(pageErrors).toEqual([]);
  });
});
