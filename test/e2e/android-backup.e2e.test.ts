// An Android call log and SMS backup in Debian Chromium against the real web transport and core:
// both added through the file picker, the summary's call sentence, the call log opened from the
// grid as a sortable table, the SMS backup as a conversation, and the timeline saying where each
// entry came from. Screenshots go to artifacts/screenshots/android-*.png.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLES = path.join(ROOT, 'test', 'fixtures', 'android');
const FILES = ['calls-20240513090000.xml', 'sms-20240513090000.xml'].map((name) =>
  path.join(SAMPLES, name),
);
const PASSPHRASE = 'monsoon tea on the terrace';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'android',
    passphrase: PASSPHRASE,
    cases: [
      {
        title: 'XYZ Loans recovery',
        counterparty: { name: 'XYZ Loans', kind: 'recovery-agent', numbers: ['098765 43210'] },
        timezone: 'Asia/Kolkata',
      },
    ],
  });
  ({ page, pageErrors } = app);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
});

async function snap(name: string): Promise<void> {
  await app.snap(name);
}

describe('Android backups in the window', () => {
  it('imports a call log and an SMS backup, sums up the calls, and shows each as it should be read', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /XYZ Loans recovery/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles(FILES);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('3 added');
    expect(await page.getByTestId('import-call-log').textContent()).toBe(
      '5 calls from them, 3 outside the hours the RBI allows',
    );
    await snap('android-import-summary');

    const tiles = page.getByTestId('evidence-tile');
    await expect.poll(() => tiles.count()).toBe(3);
    await page
      .getByRole('button', { name: /calls-20240513090000\.xml/ })
      .first()
      .click();
    const viewer = page.getByRole('dialog');
    const table = viewer.getByTestId('call-log');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(7);
    await expect.poll(() => table.locator('tbody tr[data-outside="true"]').count()).toBe(3);
    // The sort buttons are the headings, at the page's type size and a large target, not tiny
    // browser-default buttons.
    const sortButton = await table.getByRole('button', { name: /Length/ }).evaluate((button) => {
      const style = getComputedStyle(button);
      return { size: parseFloat(style.fontSize), height: button.getBoundingClientRect().height };
    });
    expect(sortButton.size).toBeGreaterThanOrEqual(16);
    expect(sortButton.height).toBeGreaterThanOrEqual(44);
    await table.getByRole('button', { name: /Length/ }).click();
    await table.getByRole('button', { name: /Length/ }).click();
    expect(await table.locator('tbody tr').first().locator('td').nth(3).textContent()).toBe('5:00');
    await snap('android-call-log-table');
    await page.keyboard.press('Escape');

    await page
      .getByRole('button', { name: /sms-20240513090000\.xml/ })
      .first()
      .click();
    // The backup holds three numbers: it opens as their list, not as one mixed conversation.
    const threads = page.getByRole('dialog').getByTestId('chat-threads');
    await threads.waitFor();
    expect(await threads.locator('.chat-thread-name').allTextContents()).toEqual([
      'XYZ Loans',
      'राहुल भैया',
      'VM-LOANAP',
    ]);
    await snap('android-sms-threads');
    await threads.getByRole('button', { name: /XYZ Loans/ }).click();
    const chat = page.getByRole('dialog').getByTestId('chat-view');
    await chat.waitFor();
    await expect.poll(() => chat.getByTestId('chat-bubble').count()).toBe(5);
    expect(await chat.locator('[data-mine="true"]').first().textContent()).toContain(
      'मैं शुक्रवार को दूंगी',
    );
    expect(await chat.getByText(/दीदी/).count()).toBe(0);
    await snap('android-sms-conversation');
    // Back to the list, and the brother's thread holds only his message.
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /All conversations/ })
      .click();
    await threads.getByRole('button', { name: /राहुल भैया/ }).click();
    await expect.poll(() => chat.getByTestId('chat-bubble').count()).toBe(1);
    expect(await chat.getByTestId('chat-bubble').textContent()).toContain('दीदी');
    await page.keyboard.press('Escape');

    // The same list in Hindi.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page
      .getByRole('button', { name: /sms-20240513090000\.xml/ })
      .first()
      .click();
    await threads.waitFor();
    expect(await threads.getByRole('heading').textContent()).toContain('इस फ़ाइल में 3 बातचीत');
    await snap('android-sms-threads-hi');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'English' }).click();

    await page.getByRole('tab', { name: 'Timeline' }).click();
    const origins = page.getByTestId('entry-source');
    await expect.poll(() => origins.count()).toBeGreaterThan(5);
    const words = new Set(await origins.allTextContents());
    expect([...words].map((word) => word.trim())).toEqual(
      expect.arrayContaining(['☎ Call log', '✉ SMS']),
    );
    await snap('android-timeline');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
