// The case timeline in Debian Chromium against the real web transport and the real core: a case
// with its counterparty and number, photos and a WhatsApp chat imported, three calls logged through
// the form (the 21:15 one flagged with the RBI rule), a filter by the counterparty, a search with
// the match marked, and a photo opened in the evidence viewer with its fingerprint and history.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import crypto from 'node:crypto';
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
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const IMPORTED = [
  path.join(FIXTURES, 'photos', 'canon-dslr.jpg'),
  path.join(FIXTURES, 'photos', 'png_with_exif_and_gps.png'),
  path.join(FIXTURES, 'photos', 'img_1771.jpg'),
  path.join(FIXTURES, 'whatsapp', 'android-ddmmyy-24h.txt'),
];
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
  workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-timeline-e2e-'));
  core = new AppCore({ vaultDir: path.join(workRoot, 'vault'), scryptLogN: 10 });
  await core.create(PASSPHRASE);
  const created = core.createCase({
    title: 'QuickCash loan app',
    counterparty: {
      name: 'QuickCash agents',
      kind: 'recovery-agent',
      numbers: ['+91 98765 43210'],
    },
    timezone: 'Asia/Kolkata',
  });
  const results = await core.importEvidence({
    taskId: crypto.randomUUID(),
    caseId: created.id,
    paths: IMPORTED,
  });
  expect(results.every((result) => result.status === 'imported')).toBe(true);
  transport = await startWebTransport({ core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
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
  await core?.close();
  if (workRoot !== '') fs.rmSync(workRoot, { recursive: true, force: true });
});

async function snap(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function logCall(time: string, minutes: string, said: string): Promise<void> {
  const form = page.getByRole('region', { name: 'Log what happened' });
  await form.getByLabel('What happened').selectOption('call');
  await form.getByLabel('Their phone number').fill('098765 43210');
  await form.getByLabel('Date').fill('2024-05-12');
  await form.getByLabel('Time').fill(time);
  await form.getByLabel('How long (minutes)').fill(minutes);
  await form.getByLabel('What was said or done').fill(said);
  const saved = core?.requireVault().custody().length ?? 0;
  await form.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => core?.requireVault().custody().length).toBeGreaterThan(saved);
}

describe('the case timeline', () => {
  it('logs three calls, flags the 21:15 one with its rule, filters by the counterparty, searches, and opens a photo', async () => {
    await page.goto(transport?.url ?? '');
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByText('Lorem ipsum').first().waitFor();
    await snap('timeline-01-imported');

    await page.getByRole('button', { name: 'Log a call' }).click();
    await logCall('10:00', '2', 'Asked when I will pay');
    await logCall('14:30', '1', 'Said they will tell my office');
    await logCall('21:15', '4', 'Shouted and threatened to come home');
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByLabel('Jump to date').fill('2024-05-12');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    const late = page.locator('.timeline-entry', { hasText: 'Shouted and threatened' });
    await late.waitFor();
    expect(await late.getAttribute('data-flagged')).toBe('true');
    await expect
      .poll(() => late.textContent())
      .toContain('RBI rules do not allow recovery calls before 8 am or after 7 pm.');
    await late.getByText('Rule broken').click();
    await late.getByText('RBI circular RBI/2022-23/108').waitFor();
    expect(await late.textContent()).toContain('a recovery call at 9:15 pm on 12 May 2024');
    for (const calm of ['Asked when I will pay', 'Said they will tell my office']) {
      const entry = page.locator('.timeline-entry', { hasText: calm });
      expect(await entry.getAttribute('data-flagged')).toBe('false');
    }
    await late.scrollIntoViewIfNeeded();
    await snap('timeline-02-flagged-call');

    await page.getByText('Filters', { exact: true }).click();
    await page.getByLabel('Who', { exact: true }).selectOption({ label: 'QuickCash agents' });
    await page.getByRole('button', { name: 'Remove the filter From: QuickCash agents' }).waitFor();
    await expect.poll(() => page.locator('.timeline-entry').count()).toBe(3);
    expect(await page.locator('.timeline-entry').allTextContents()).toEqual([
      expect.stringContaining('Asked when I will pay'),
      expect.stringContaining('Said they will tell my office'),
      expect.stringContaining('Shouted and threatened'),
    ]);
    await snap('timeline-03-counterparty');
    await page.getByRole('button', { name: 'Remove the filter From: QuickCash agents' }).click();

    await page.getByLabel('Search messages, notes and file names').fill('adipiscing');
    await page.locator('.timeline-text mark', { hasText: 'adipiscing' }).first().waitFor();
    const marked = await page.locator('.timeline-text mark').allTextContents();
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((text) => text.toLowerCase() === 'adipiscing')).toBe(true);
    await snap('timeline-04-search');

    await page.getByLabel('Search messages, notes and file names').fill('canon');
    const photo = page.locator('.timeline-entry', { hasText: 'canon-dslr.jpg' });
    await photo.waitFor();
    await photo.getByRole('button', { name: 'Open' }).click();
    const viewer = page.getByRole('dialog', { name: /canon-dslr\.jpg/ });
    await viewer.waitFor();
    // The fingerprint and history are one click away, behind "Details for your lawyer".
    await viewer.getByText('Details for your lawyer').click();
    await viewer.getByText('SHA-256 fingerprint').waitFor();
    await viewer.getByText('Added to the case').first().waitFor();
    const sha256 = core
      ?.listEvidence(core.listCases()[0]?.id ?? '')
      .find((item) => item.originalName === 'canon-dslr.jpg')?.sha256;
    expect(await viewer.textContent()).toContain(sha256 ?? 'missing');
    await snap('timeline-05-viewer');
    await viewer.getByRole('button', { name: 'Close' }).first().click();
    await viewer.waitFor({ state: 'detached' });

    // The same timeline in Hindi: the flag's rule in Devanagari, at once.
    await page.getByLabel('Search messages, notes and file names').fill('');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByText('क्या हुआ, दिन-ब-दिन').waitFor();
    await page.getByLabel('तारीख पर जाएँ').fill('2024-05-12');
    await page.getByRole('button', { name: 'जाएँ', exact: true }).click();
    await page
      .getByText(
        'RBI के नियमों के अनुसार वसूली के लिए सुबह 8 बजे से पहले या शाम 7 बजे के बाद कॉल नहीं किया जा सकता।',
      )
      .waitFor();
    await page.locator('.timeline-entry[data-flagged="true"]').first().scrollIntoViewIfNeeded();
    await snap('timeline-06-hindi');

    expect(pageErrors).toEqual([]);
  });
});
