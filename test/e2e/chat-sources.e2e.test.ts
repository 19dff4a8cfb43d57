// Issue 19 in Debian Chromium, over the real web transport and the real core: a Telegram account
// export (several chats) and an Instagram thread (Meta's export, whose text is UTF-8 written as
// Latin-1 escapes) are imported through the file picker and each opens, one thread at a time, in the
// same conversation view as a WhatsApp chat, with a Hindi line reading right. The chat's search box
// has the text fields' look (it was left unstyled), and a sent file shows an SVG icon, not an emoji.
// Screenshots at 1280x800 and 1024x640, English and Hindi. Needs the renderer built (dist/renderer).
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(ROOT, 'test', 'fixtures', 'sources');
const TELEGRAM = path.join(SOURCES, 'telegram-account', 'result.json');
const INSTAGRAM_DIR = path.join(
  SOURCES,
  'instagram',
  'your_instagram_activity',
  'messages',
  'inbox',
  'quickcash_17841400000000000',
);
const PASSPHRASE = 'monsoon tea on the terrace';

/** Her Instagram profile file, as the export writes it (UTF-8 bytes escaped one by one). */
function writeProfile(): string {
  const dir = path.join(makeTempDir(), 'personal_information', 'personal_information');
  fs.mkdirSync(dir, { recursive: true });
  const name = Buffer.from('मीरा', 'utf8').toString('latin1');
  const json = JSON.stringify({
    profile_user: [{ string_map_data: { Name: { href: '', value: name, timestamp: 0 } } }],
  }).replace(/[\u0080-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const file = path.join(dir, 'personal_information.json');
  fs.writeFileSync(file, json);
  return file;
}

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'chat-sources',
    passphrase: PASSPHRASE,
    cases: [
      {
        title: 'QuickCash recovery',
        counterparty: { name: 'QuickCash', kind: 'loan-app', numbers: ['098765-43210'] },
        timezone: 'Asia/Kolkata',
      },
    ],
    viewport: { width: 1280, height: 800 },
  });
  ({ page, pageErrors } = app);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
});

/** English, then Hindi, each at 1280x800 and 1024x640; back to English and 1280x800 after. */
async function snapBoth(name: string): Promise<void> {
  for (const language of ['en', 'hi'] as const) {
    // The switch sits in the sidebar, behind the viewer's backdrop: pressed without moving the mouse.
    if (language === 'hi') await page.getByRole('button', { name: 'हिन्दी' }).dispatchEvent('click');
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.snap(`${name}-${language}`);
    await page.setViewportSize({ width: 1024, height: 640 });
    await app.snap(`${name}-${language}-1024`);
  }
  await page.getByRole('button', { name: 'English' }).dispatchEvent('click');
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The conversation open in the viewer, after choosing a thread when the file holds several. */
async function openThread(tile: string, thread: RegExp): Promise<Locator> {
  await page.getByTestId('evidence-tile').filter({ hasText: tile }).click();
  const viewer = page.getByRole('dialog');
  const threads = viewer.getByTestId('chat-threads');
  const chat = viewer.getByTestId('chat-view');
  await Promise.race([threads.waitFor(), chat.waitFor()]);
  if ((await threads.count()) > 0) await threads.getByRole('button', { name: thread }).click();
  await chat.waitFor();
  return chat;
}

describe('Telegram and Instagram threads in the conversation view', () => {
  it('open one thread of each, with Hindi reading right and a styled search box', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /QuickCash recovery/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByTestId('evidence-file-input').setInputFiles([
      TELEGRAM,
      path.join(INSTAGRAM_DIR, 'message_1.json'),
      path.join(INSTAGRAM_DIR, 'photos', '445566.jpg'),
      // Her profile tells which participant she is, so her reply is drawn on her side.
      writeProfile(),
    ]);
    await page.getByTestId('import-summary-line').waitFor({ timeout: 60_000 });

    // Telegram: the account export lists its chats; the loan team's opens on its own.
    const telegram = await openThread('result.json', /Loan Team/);
    expect(await telegram.locator('[data-channel="telegram"]').textContent()).toContain('Telegram');
    await expect.poll(() => telegram.getByTestId('chat-bubble').count()).toBe(1);
    expect(await telegram.getByTestId('chat-bubble').textContent()).toContain('आपका लोन बकाया है');
    expect(await telegram.getByText('Did they call you again?').count()).toBe(0);

    // The search box looks like every other text field: 44 px high, a border, rounded corners.
    const search = telegram.getByRole('searchbox');
    const look = await search.evaluate((element) => {
      const style = getComputedStyle(element);
      return {
        height: element.getBoundingClientRect().height,
        radius: style.borderTopLeftRadius,
        border: style.borderTopWidth,
        font: style.fontSize,
      };
    });
    expect(look.height).toBeGreaterThanOrEqual(44);
    expect(look).toMatchObject({ radius: '8px', border: '1px', font: '16px' });
    await snapBoth('chat-sources-telegram');
    await page.keyboard.press('Escape');

    // Instagram: Meta's escaped text reads as Hindi, her own reply on her side.
    const instagram = await openThread('message_1.json', /Ravi Recovery/);
    expect(await instagram.locator('[data-channel="instagram"]').textContent()).toContain(
      'Instagram',
    );
    await expect.poll(() => instagram.getByText(/पैसे भरो वरना घर आएंगे/).count()).toBe(1);
    expect(await instagram.getByText('कृपया रुकिए').count()).toBe(1);
    expect(await instagram.textContent()).not.toMatch(/à¤/);
    const bubbles = instagram.getByTestId('chat-bubble');
    expect(await bubbles.filter({ hasText: 'कृपया रुकिए' }).getAttribute('data-mine')).toBe('true');
    expect(await bubbles.filter({ hasText: 'पैसे भरो' }).getAttribute('data-mine')).toBe('false');
    await snapBoth('chat-sources-instagram');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
