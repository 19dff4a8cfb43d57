// Reading the text in screenshots, in Debian Chromium against the real web transport and core:
// two screenshots dropped through the file picker, the calm "Reading text…" line, a search for a
// word seen only inside a screenshot, and the viewer with the word marked on the picture, the text
// beside it labelled as machine-read, Copy text and the facts; then the same panel in Hindi.
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
const SHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const FILES = ['english-light.png', 'hindi-dark.png'].map((name) =>
  path.join(ROOT, 'test', 'fixtures', 'screenshots', name),
);
const PASSPHRASE = 'monsoon tea on the terrace';

let workRoot = '';
let core: AppCore | undefined;
let transport: WebTransport | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error(`${RENDERER_DIR}/index.html is missing. Build the renderer first.`);
  fs.mkdirSync(SHOTS, { recursive: true });
  workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-text-e2e-'));
  core = new AppCore({ vaultDir: path.join(workRoot, 'vault'), scryptLogN: 10 });
  await core.create(PASSPHRASE);
  core.createCase({
    title: 'QuickCash loan app',
    counterparty: { name: 'QuickCash loan app', kind: 'loan-app', numbers: [] },
    timezone: 'Asia/Kolkata',
  });
  transport = await startWebTransport({ core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    locale: 'en-IN',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(transport.url).origin,
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await transport?.close();
  await core?.text.idle();
  await core?.previewsIdle();
  await core?.close();
  if (workRoot !== '') fs.rmSync(workRoot, { recursive: true, force: true });
});

async function snap(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

describe('reading the text in screenshots', () => {
  it('shows calm progress, finds a word seen only in a screenshot, and marks it in the viewer', async () => {
    await page.goto(transport?.url ?? '');
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles(FILES);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('2 added');
    const progress = page.getByTestId('text-reading-progress');
    await expect
      .poll(async () => (await progress.count()) > 0 || core?.text.status().state === 'done', {
        timeout: 60_000,
      })
      .toBe(true);
    if ((await progress.count()) > 0) {
      expect(await progress.textContent()).toMatch(/Reading text in (2 screenshots|1 screenshot)…/);
      await snap('text-01-reading');
    }
    await expect.poll(() => core?.text.status().state, { timeout: 120_000 }).toBe('done');
    await progress.waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByLabel('Search messages, notes and file names').fill('marmalade');
    const entry = page.locator('.timeline-entry', { hasText: 'english-light.png' });
    await entry.waitFor();
    // The search runs after typing pauses: only the screenshot holding the word stays.
    await expect.poll(() => page.locator('.timeline-entry').count()).toBe(1);
    await entry.getByRole('button', { name: 'Open' }).click();
    const viewer = page.getByRole('dialog', { name: /english-light\.png/ });
    await viewer.waitFor();
    const panel = viewer.getByTestId('viewer-text');
    await panel.waitFor();
    expect(await viewer.getByTestId('viewer-text-label').textContent()).toBe(
      'Read by the computer, may contain mistakes',
    );
    expect(await panel.textContent()).toContain('Send the marmalade money today');
    // The word is marked on the picture where it was read.
    const mark = viewer.getByTestId('viewer-word-mark');
    await expect.poll(() => mark.count()).toBe(1);
    const box = await mark.boundingBox();
    const picture = await viewer.getByTestId('viewer-stage').locator('img').boundingBox();
    expect(box !== null && picture !== null).toBe(true);
    expect(box!.x).toBeGreaterThan(picture!.x);
    expect(box!.x + box!.width).toBeLessThan(picture!.x + picture!.width);
    // Copy text puts the read text on the clipboard.
    await viewer.getByRole('button', { name: 'Copy text' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('marmalade');
    // The number read in the header is a chip; one click ties it to the harasser.
    const chip = viewer.locator('.viewer-fact-chip[data-kind="phone"]');
    await chip.getByRole('button', { name: "This is the harasser's number" }).click();
    await chip.getByText('harasser').waitFor();
    await snap('text-02-viewer');

    // The same panel in Hindi.
    await viewer.getByRole('button', { name: 'Close' }).first().click();
    await viewer.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await entry.getByRole('button', { name: 'खोलें' }).click();
    const hindi = page.getByRole('dialog');
    await hindi.getByText('कंप्यूटर ने पढ़ा है, इसमें गलतियाँ हो सकती हैं').waitFor();
    await hindi.getByRole('button', { name: 'लिखावट कॉपी करें' }).waitFor();
    await snap('text-03-viewer-hindi');
    expect(pageErrors).toEqual([]);
  });
});
