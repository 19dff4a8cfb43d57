// The evidence viewer in Debian Chromium against the real web transport and the real core: three
// fixture photos added through the file picker, one opened from the grid, its SHA-256 checked
// against `sha256sum` of the same file, its custody history, zoom, → to the next item, a corrected
// time with its reason and the original kept in view, then Esc back to the grid.
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceItem } from '../../shared/api-contract';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PHOTOS = path.join(ROOT, 'test', 'fixtures', 'photos');
// Oldest first in the grid: 2003, 2019, then the one with no date of its own.
const FILES = ['img_1771.jpg', 'canon-dslr.jpg', 'noexif.jpg'].map((name) =>
  path.join(PHOTOS, name),
);
const PASSPHRASE = 'monsoon tea on the terrace';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'viewer',
    passphrase: PASSPHRASE,
    cases: [
      {
        title: 'QuickCash loan app',
        counterparty: {
          name: 'QuickCash loan app',
          kind: 'loan-app',
          numbers: ['+91 90000 00001'],
        },
        timezone: 'Asia/Kolkata',
      },
    ],
    clipboard: true,
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

/** The independent oracle: Debian's own sha256sum of the file on disk. */
function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

describe('the evidence viewer', () => {
  it('opens a photo from the grid with its fingerprint and history, zooms, moves on, corrects a time and closes', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles(FILES);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('3 added');
    const tiles = page.getByTestId('evidence-tile');
    await expect.poll(() => tiles.count()).toBe(3);

    // Open the first tile (the 2003 photo) with a click.
    await tiles.first().click();
    const viewer = page.getByRole('dialog');
    await viewer.waitFor();
    const counter = viewer.getByTestId('viewer-counter');
    expect(await counter.textContent()).toBe('1 of 3');
    // The fingerprint and history are behind "Details for your lawyer", never first.
    const sha = viewer.getByTestId('viewer-sha256');
    expect(await sha.isVisible()).toBe(false);
    await viewer.getByText('Details for your lawyer').click();
    await sha.waitFor();
    expect(await sha.textContent()).toBe(sha256sum(FILES[0] ?? ''));
    expect(await viewer.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Evidence: img_1771.jpg',
    );
    expect(await viewer.getByTestId('viewer-time-source').textContent()).toBe(
      "From the photo's own data (EXIF).",
    );
    const custody = viewer.getByTestId('viewer-custody');
    expect(await custody.locator('li').count()).toBe(1);
    expect(await custody.textContent()).toContain('Added to the case');
    expect(await custody.locator('li').first().getAttribute('data-action')).toBe('evidence.added');
    // The picture itself, drawn by the browser at its own size.
    const picture = viewer.getByTestId('viewer-stage').locator('img');
    await expect
      .poll(() => picture.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBe(480);

    // Copy puts the fingerprint on the clipboard.
    await viewer.getByRole('button', { name: 'Copy the SHA-256 fingerprint' }).click();
    await viewer
      .getByRole('button', { name: 'Copy the SHA-256 fingerprint' })
      .getByText('Copied')
      .waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      sha256sum(FILES[0] ?? ''),
    );
    await snap('viewer-01-open');

    // Zoom in: the picture grows on screen.
    const stage = viewer.getByTestId('viewer-stage');
    const before = Number(await stage.getAttribute('data-scale'));
    const widthBefore = (await picture.boundingBox())?.width ?? 0;
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await expect
      .poll(async () => Number(await stage.getAttribute('data-scale')))
      .toBeGreaterThan(before * 1.5);
    expect((await picture.boundingBox())?.width ?? 0).toBeGreaterThan(widthBefore * 1.5);
    expect(await viewer.getByTestId('viewer-zoom-level').textContent()).toMatch(/^\d+%$/);
    await snap('viewer-02-zoomed');

    // → moves to the next item in the grid's order.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => counter.textContent()).toBe('2 of 3');
    await expect.poll(() => sha.textContent()).toBe(sha256sum(FILES[1] ?? ''));
    expect(await viewer.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Evidence: canon-dslr.jpg',
    );
    await expect.poll(() => viewer.getByText('Canon EOS 1300D').count()).toBe(1);

    // At 100% the 5184-pixel photo is larger than the window: drag it, and move it with the keys.
    await viewer.getByRole('button', { name: 'Show at actual size (100%)' }).click();
    await expect.poll(() => stage.getAttribute('data-scale')).toBe('1.000');
    expect(await stage.getAttribute('data-pannable')).toBe('true');
    expect(await stage.getAttribute('data-offset')).toBe('0,0');
    const area = await stage.boundingBox();
    if (area === null) throw new Error('the picture area is not on screen');
    await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width / 2 + 120, area.y + area.height / 2 + 80, {
      steps: 5,
    });
    await page.mouse.up();
    await expect.poll(() => stage.getAttribute('data-offset')).toBe('120,80');
    await stage.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    // The keys moved the picture; they did not move to another item.
    await expect.poll(() => stage.getAttribute('data-offset')).toBe('180,140');
    expect(await counter.textContent()).toBe('2 of 3');
    await snap('viewer-03-actual-size');
    await viewer.getByRole('button', { name: 'Fit the whole picture in the window' }).click();

    // Correct its captured time, with a reason.
    await viewer.getByRole('button', { name: 'Correct the time' }).click();
    const form = viewer.getByTestId('time-correction-form');
    expect(await form.getByTestId('time-correction-when').textContent()).toContain(
      "on the case's clock: India (IST, UTC+5:30).",
    );
    await form.getByLabel('Date', { exact: true }).fill('2024-05-12');
    await form.getByLabel('Time', { exact: true }).fill('21:43');
    await form.getByRole('button', { name: 'Save the new time' }).click();
    await form
      .getByText('Write why this is the right time. It is needed for the record.')
      .waitFor();
    await form
      .getByLabel('Why is this the right time?')
      .fill('The camera clock was wrong; the chat shows 12 May.');
    await form.getByRole('button', { name: 'Save the new time' }).click();
    const original = viewer.getByTestId('viewer-original-time');
    await original.waitFor();
    expect(await viewer.getByTestId('viewer-captured-time').textContent()).toBe(
      '12 May 2024, 9:43 pm',
    );
    expect(await viewer.getByTestId('viewer-time-source').textContent()).toBe('Set by you.');
    expect(await original.textContent()).toContain(
      "Originally 26 Oct 2019, 4:07 pm. From the photo's own data (EXIF).",
    );
    expect(await original.textContent()).toContain(
      'because: “The camera clock was wrong; the chat shows 12 May.”',
    );
    await expect.poll(() => custody.locator('li').count()).toBe(2);
    expect(await custody.locator('li').last().getAttribute('data-action')).toBe(
      'evidence.time-corrected',
    );
    // The core agrees, and kept what it had before.
    const listed = await app.call<EvidenceItem[]>('evidence:list', { caseId: app.caseIds[0] });
    const corrected = listed.find((item) => item.originalName === 'canon-dslr.jpg');
    expect(corrected).toMatchObject({
      capturedAt: '2024-05-12T16:13:00.000Z',
      capturedAtSource: 'user',
    });
    await viewer.locator('.viewer-side').evaluate((side) => {
      side.scrollTo(0, 0);
    });
    await snap('viewer-04-time-corrected');

    // Esc closes it; the grid is back, with the corrected photo now dated 2024.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect
      .poll(() => tiles.filter({ hasText: 'canon-dslr.jpg' }).locator('time').textContent())
      .toBe('12 May 2024, 9:43 pm');
    // Focus went back to the tile that opened it.
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(
      'img_1771.jpg',
    );

    // The keyboard alone: Enter on a tile opens it, at that tile.
    await tiles.last().focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('dialog').getByTestId('viewer-counter').textContent())
      .toBe('3 of 3');
    await snap('viewer-05-keyboard-open');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // The same viewer in Hindi, on the corrected photo.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await tiles.filter({ hasText: 'canon-dslr.jpg' }).click();
    const hindi = page.getByRole('dialog');
    await expect.poll(() => hindi.getByTestId('viewer-counter').textContent()).toBe('3 में से 2');
    await expect
      .poll(() => hindi.getByTestId('viewer-time-source').textContent())
      .toBe('आपने खुद तय किया।');
    await hindi.getByTestId('viewer-original-time').waitFor();
    await hindi.getByTestId('viewer-stage').locator('img').waitFor();
    await snap('viewer-06-hindi');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'English' }).click();

    expect(pageErrors).toEqual([]);
  });
});
