// An Android call log and SMS backup in Debian Chromium against the real web transport and core:
// both added through the file picker, the summary's call sentence, the call log opened from the
// grid as a sortable table, the SMS backup as a conversation, and the timeline saying where each
// entry came from. Screenshots go to artifacts/screenshots/android-*.png.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../main/core/app-core';
import { startWebTransport, type WebTransport } from '../../main/web-transport/server';
import { launchChromium } from '../helpers/chromium';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = process.env.SAKSHYA_TEST_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer');
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const SAMPLES = path.join(ROOT, 'test', 'fixtures', 'android');
const FILES = ['calls-20240513090000.xml', 'sms-20240513090000.xml'].map((name) =>
  path.join(SAMPLES, name),
);
const PASSPHRASE = 'monsoon tea on the terrace';

let workRoot = '';
let core: AppCore | undefined;
let transport: WebTransport | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `${RENDERER_DIR}/index.html is missing. Build the renderer first: npm run build:renderer.`,
    );
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-android-e2e-'));
  core = new AppCore({ vaultDir: path.join(workRoot, 'vault'), scryptLogN: 10 });
  await core.create(PASSPHRASE);
  core.createCase({
    title: 'XYZ Loans recovery',
    counterparty: { name: 'XYZ Loans', kind: 'recovery-agent', numbers: ['098765 43210'] },
    timezone: 'Asia/Kolkata',
  });
  transport = await startWebTransport({ core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    locale: 'en-IN',
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await transport?.close();
  await core?.previewsIdle();
  core?.close();
  if (workRoot !== '') fs.rmSync(workRoot, { recursive: true, force: true });
});

async function snap(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe('Android backups in the window', () => {
  it('imports a call log and an SMS backup, sums up the calls, and shows each as it should be read', async () => {
    await page.goto(transport?.url ?? '');
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
    const chat = page.getByRole('dialog').getByTestId('chat-view');
    await chat.waitFor();
    await expect.poll(() => chat.getByTestId('chat-bubble').count()).toBeGreaterThan(3);
    expect(await chat.locator('[data-mine="true"]').first().textContent()).toContain(
      'मैं शुक्रवार को दूंगी',
    );
    await snap('android-sms-conversation');
    await page.keyboard.press('Escape');

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
