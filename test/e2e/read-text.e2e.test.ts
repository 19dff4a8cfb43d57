// Reading the text in screenshots, in Debian Chromium against the real web transport and core:
// two screenshots dropped through the file picker, the calm "Reading text…" line, a search for a
// word seen only inside a screenshot, and the viewer with the word marked on the picture, the text
// beside it labelled as machine-read, Copy text and the facts; then the same panel in Hindi.
// Then a camera photo, which the background reading leaves unread, read with "Read the text
// anyway". Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FILES = ['english-light.png', 'hindi-dark.png'].map((name) =>
  path.join(ROOT, 'test', 'fixtures', 'screenshots', name),
);

let app: E2eApp;

beforeAll(async () => {
  app = await startE2eApp({
    name: 'text',
    passphrase: 'monsoon tea on the terrace',
    cases: [
      {
        title: 'QuickCash loan app',
        counterparty: { name: 'QuickCash loan app', kind: 'loan-app', numbers: [] },
        timezone: 'Asia/Kolkata',
      },
    ],
    clipboard: true,
    consoleErrors: false,
  });
});

afterAll(async () => {
  await app.close();
});

async function readingState(): Promise<string> {
  return (await app.call<{ state: string }>('text:status')).state;
}

describe('reading the text in screenshots', () => {
  it('shows calm progress, finds a word seen only in a screenshot, and marks it in the viewer', async () => {
    const { page, pageErrors, snap } = app;
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles(FILES);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('2 added');
    const progress = page.getByTestId('text-reading-progress');
    await expect
      .poll(async () => (await progress.count()) > 0 || (await readingState()) === 'done', {
        timeout: 60_000,
      })
      .toBe(true);
    if ((await progress.count()) > 0) {
      // Waiting for the import to go quiet first, then reading.
      expect(await progress.textContent()).toMatch(
        /Reading text in (2 screenshots|1 screenshot)…|The text in (2 screenshots|1 screenshot) will be read next, after the files are added and their previews are ready\./,
      );
      await snap('text-01-reading');
    }
    await expect.poll(readingState, { timeout: 120_000 }).toBe('done');
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

  it('reads a camera photo the background reading left unread when she presses "Read the text anyway"', async () => {
    const { page, pageErrors, snap } = app;
    // The English screenshot saved as a camera's JPEG (its EXIF names the camera and exposure).
    const photo = path.join(makeTempDir(), 'IMG_4471.jpg');
    fs.writeFileSync(
      photo,
      await sharp(FILES[0])
        .withExif({
          IFD0: { Make: 'Canon', Model: 'Canon EOS 200D' },
          IFD2: { ExposureTime: '1/60', FNumber: '4' },
        })
        .jpeg({ quality: 92 })
        .toBuffer(),
    );
    // Back in English, the viewer closed, after the Hindi panel above.
    if ((await page.getByRole('dialog').count()) > 0) {
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    const english = page.getByRole('button', { name: 'English' });
    if ((await english.getAttribute('aria-pressed')) !== 'true') await english.click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles([photo]);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('1 added');
    await expect.poll(readingState, { timeout: 120_000 }).toBe('done');

    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByLabel('Search messages, notes and file names').fill('IMG_4471');
    const entry = page.locator('.timeline-entry', { hasText: 'IMG_4471.jpg' });
    await entry.getByRole('button', { name: 'Open' }).click();
    const viewer = page.getByRole('dialog', { name: /IMG_4471\.jpg/ });
    const panel = viewer.getByTestId('viewer-text');
    await expect.poll(() => panel.getAttribute('data-status')).toBe('not-a-screenshot');
    await viewer.getByRole('button', { name: 'Read the text anyway' }).click();
    await expect.poll(() => panel.getAttribute('data-status'), { timeout: 120_000 }).toBe('read');
    expect(await panel.textContent()).toContain('Send the marmalade money today');
    await snap('text-04-camera-photo-read');
    expect(pageErrors).toEqual([]);
  });
});
