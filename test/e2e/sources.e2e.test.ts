// Call recordings and other sources in Debian Chromium against the real web transport and the real
// core: a call typed in, then a recording named as Samsung names them, an AMR recording and a
// Telegram export added through the file picker. The call on the timeline opens its recording,
// which plays (decrypted in memory only, from a blob: URL); the AMR says it cannot be played here,
// with its length; the Telegram export opens as a conversation marked "Telegram".
// Needs the renderer built (dist/renderer, or SAKSHYA_TEST_RENDERER_DIR).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAmr, makeWav } from '../helpers/audio-samples';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TELEGRAM = path.join(ROOT, 'test', 'fixtures', 'sources', 'telegram-chat');
const PASSPHRASE = 'monsoon tea on the terrace';
const SAMSUNG_NAME = 'Call recording 098765 43210_240512_211500.wav';
const MIUI_NAME = 'Ravi(+919876543210)_20240512221000.amr';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'sources',
    passphrase: PASSPHRASE,
    prepare: (workRoot) => {
      fs.writeFileSync(path.join(workRoot, SAMSUNG_NAME), makeWav(2));
      fs.writeFileSync(path.join(workRoot, MIUI_NAME), makeAmr(5));
    },
    cases: [
      {
        title: 'QuickCash recovery calls',
        counterparty: { name: 'QuickCash', kind: 'recovery-agent', numbers: ['098765-43210'] },
        timezone: 'Asia/Kolkata',
      },
    ],
    seed: async ({ call, caseIds }) => {
      await call('incident:add', {
        caseId: caseIds[0],
        kind: 'call',
        at: '2024-05-12 21:15:20',
        number: '+91 98765 43210',
        durationSeconds: 95,
      });
    },
    locale: null,
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

describe('call recordings and other sources in the window', () => {
  it('plays a Samsung-named recording from its call, says an AMR cannot be played, and shows Telegram as a conversation', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /QuickCash recovery calls/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page
      .getByTestId('evidence-file-input')
      .setInputFiles([
        path.join(app.workRoot, SAMSUNG_NAME),
        path.join(app.workRoot, MIUI_NAME),
        path.join(TELEGRAM, 'result.json'),
        path.join(TELEGRAM, 'photos', 'photo_1@12-05-2024_21-16-00.jpg'),
      ]);
    await expect.poll(() => page.getByTestId('import-summary-line').textContent()).toBe('4 added');

    // The call typed in now carries its recording; it opens from the timeline and plays.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const call = page.locator('.timeline-entry[data-kind="call"]').first();
    await call.scrollIntoViewIfNeeded();
    await call.getByRole('button', { name: 'Open the evidence' }).click();
    const viewer = page.getByRole('dialog');
    await viewer.waitFor();
    // The heading says "Opening…" until the evidence's details arrive (a CI run caught it early).
    await expect
      .poll(() => viewer.getByRole('heading', { level: 2 }).textContent())
      .toBe(`Evidence: ${SAMSUNG_NAME}`);
    const audio = viewer.locator('audio');
    await audio.waitFor();
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    const played = await audio.evaluate(async (element) => {
      const sound = element as HTMLAudioElement;
      sound.muted = true;
      await sound.play();
      const start = Date.now();
      while (sound.currentTime === 0 && Date.now() - start < 4000)
        await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        time: sound.currentTime,
        duration: sound.duration,
        error: sound.error?.code ?? 0,
        ready: sound.readyState,
        paused: sound.paused,
      };
    });
    expect(played.error).toBe(0);
    expect(played.duration).toBeCloseTo(2, 1);
    // Playing: the clock moved, with the whole sound decoded (HAVE_ENOUGH_DATA).
    expect(played).toMatchObject({ paused: false, ready: 4 });
    expect(played.time).toBeGreaterThan(0);
    await snap('sources-01-recording-plays');
    await page.keyboard.press('Escape');

    // The AMR recording: not playable here, with its length.
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-tile').filter({ hasText: MIUI_NAME }).click();
    await viewer.waitFor();
    const none = viewer.getByTestId('viewer-no-picture');
    await none.waitFor();
    expect(await none.getAttribute('data-reason')).toBe('not-playable');
    expect(await none.textContent()).toContain('cannot be played here; the original is kept');
    expect(await viewer.getByTestId('viewer-duration').textContent()).toBe('Length: 0:05');
    await snap('sources-02-amr-not-playable');
    await page.keyboard.press('Escape');

    // The Telegram export opens as a conversation, marked as Telegram, with Hindi joined right.
    await page.getByTestId('evidence-tile').filter({ hasText: 'result.json' }).click();
    await viewer.waitFor();
    const chat = viewer.getByTestId('chat-view');
    await chat.waitFor();
    expect(await chat.locator('[data-channel="telegram"]').textContent()).toContain('Telegram');
    await expect.poll(() => chat.getByText('आज पैसे भरो वरना https://pay.example/x').count()).toBe(1);
    await snap('sources-03-telegram-conversation');
    await page.keyboard.press('Escape');

    // On the timeline each message says where it came from.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const telegramEntry = page.locator('.timeline-entry', { hasText: 'Final notice before legal' });
    await telegramEntry.scrollIntoViewIfNeeded();
    expect(await telegramEntry.locator('[data-channel="telegram"]').textContent()).toContain(
      'Telegram',
    );
    await snap('sources-04-timeline-sources');
    expect(pageErrors).toEqual([]);
  });
});
