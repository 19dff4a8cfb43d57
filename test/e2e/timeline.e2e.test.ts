// The case timeline in Debian Chromium against the real web transport and the real core: a case
// with its counterparty and number, photos and a WhatsApp chat imported, three calls logged through
// the form (the 21:15 one flagged with the RBI rule), a filter by the counterparty, a search with
// the match marked, and a photo opened in the evidence viewer with its fingerprint and history.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import crypto from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const IMPORTED = [
  path.join(FIXTURES, 'photos', 'canon-dslr.jpg'),
  path.join(FIXTURES, 'photos', 'png_with_exif_and_gps.png'),
  path.join(FIXTURES, 'photos', 'img_1771.jpg'),
  path.join(FIXTURES, 'whatsapp', 'android-ddmmyy-24h.txt'),
];
const PASSPHRASE = 'monsoon tea on the terrace';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'timeline',
    passphrase: PASSPHRASE,
    cases: [
      {
        title: 'QuickCash loan app',
        counterparty: {
          name: 'QuickCash agents',
          kind: 'recovery-agent',
          numbers: ['+91 98765 43210'],
        },
        timezone: 'Asia/Kolkata',
      },
    ],
    seed: async ({ call, caseIds }) => {
      const { results } = await call<{ results: { status: string }[] }>('evidence:import', {
        taskId: crypto.randomUUID(),
        caseId: caseIds[0],
        paths: IMPORTED,
      });
      expect(results.every((result) => result.status === 'imported')).toBe(true);
    },
    viewport: { width: 1280, height: 900 },
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

/** How many entries the case's timeline holds, through the API. */
async function countEntries(): Promise<number> {
  const listed = await app.call<{ entries: unknown[] }>('timeline:list', {
    caseId: app.caseIds[0],
    limit: 500,
  });
  return listed.entries.length;
}

async function logCall(time: string, minutes: string, said: string): Promise<void> {
  const form = page.getByRole('region', { name: 'Log what happened' });
  await form.getByLabel('What happened').selectOption('call');
  await form.getByLabel('Their phone number').fill('098765 43210');
  await form.getByLabel('Date').fill('2024-05-12');
  await form.getByLabel('Time').fill(time);
  await form.getByLabel('How long (minutes)').fill(minutes);
  await form.getByLabel('What was said or done').fill(said);
  const saved = await countEntries();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect.poll(countEntries).toBeGreaterThan(saved);
}

describe('the case timeline', () => {
  it('logs three calls, flags the 21:15 one with its rule, filters by the counterparty, searches, and opens a photo', async () => {
    await page.goto(app.transport.url);
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
    // Chromium draws the field as mm/dd/yyyy; the day is also written in words under it.
    await page.getByText('That is Sunday, 12 May 2024.').waitFor();
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    const late = page.locator('.timeline-entry', { hasText: 'Shouted and threatened' });
    await late.waitFor();
    expect(await late.getAttribute('data-flagged')).toBe('true');
    // The stored E.164 number is shown grouped as people write it.
    expect(await late.textContent()).toContain('QuickCash agents · +91 98765 43210');
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
    const listed = await app.call<{ originalName: string; sha256: string }[]>('evidence:list', {
      caseId: app.caseIds[0],
    });
    const sha256 = listed.find((item) => item.originalName === 'canon-dslr.jpg')?.sha256;
    expect(await viewer.textContent()).toContain(sha256 ?? 'missing');
    await snap('timeline-05-viewer');
    await viewer.getByRole('button', { name: 'Close' }).first().click();
    await viewer.waitFor({ state: 'detached' });

    // The same timeline in Hindi: the flag's rule in Devanagari, at once.
    await page.getByLabel('Search messages, notes and file names').fill('');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    // Not the list's heading: the line above the list says "क्या हुआ, दिन-ब-दिन" only while the
    // list is scrolled to its top, and names the day otherwise (where the search left it).
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
