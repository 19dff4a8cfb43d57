// Bringing evidence in, in Debian Chromium against the real web transport and the real core: 50
// screenshots and a WhatsApp chat chosen with the file picker, a progress bar that moves, a summary
// of 51 added, previews in the grid, then the same files dropped again: 51 already here.
// Needs the renderer built to dist/renderer.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHAT = path.join(ROOT, 'test', 'fixtures', 'whatsapp', 'android-ddmmyy-24h.txt');
const PASSPHRASE = 'monsoon tea on the terrace';
const SHOTS = 50;

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];
let files: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'import',
    passphrase: PASSPHRASE,
    prepare: async (workRoot) => {
      files = [...(await makeScreenshots(path.join(workRoot, 'phone'))), CHAT];
    },
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
    viewport: { width: 1280, height: 820 },
  });
  ({ page, pageErrors } = app);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
});

async function makeScreenshots(folder: string): Promise<string[]> {
  fs.mkdirSync(folder, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < SHOTS; i++) {
    const hue = (i * 47) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="640">
      <rect width="360" height="640" fill="#ece5dd"/>
      <rect width="360" height="64" fill="hsl(${hue}, 45%, 32%)"/>
      <text x="16" y="40" font-family="sans-serif" font-size="20" fill="#fff">+91 90000 000${String(i).padStart(2, '0')}</text>
      <rect x="16" y="${84 + (i % 7) * 6}" rx="12" width="280" height="78" fill="#fff"/>
      <text x="30" y="${116 + (i % 7) * 6}" font-family="sans-serif" font-size="17" fill="#111">Pay today or we call</text>
      <text x="30" y="${140 + (i % 7) * 6}" font-family="sans-serif" font-size="17" fill="#111">your family. (${i + 1})</text>
    </svg>`;
    const file = path.join(folder, `Screenshot_20240512-2143${String(i).padStart(2, '0')}.png`);
    await sharp(Buffer.from(svg)).png().toFile(file);
    out.push(file);
  }
  return out;
}

async function snap(name: string): Promise<void> {
  await app.snap(name, { fullPage: true });
}

/** Records every value the progress bar shows, from inside the page, so none is missed. */
async function watchProgressBar(): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Reflect.set(window, '__barValues', seen);
    const record = (): void => {
      const bar = document.querySelector('[data-testid="import-bar"]');
      const numbers = document.querySelector('[data-testid="import-numbers"]');
      if (bar !== null)
        seen.push(
          `${bar.getAttribute('value') ?? '-'}/${bar.getAttribute('max') ?? '-'}|${numbers?.textContent ?? ''}`,
        );
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

async function readProgressBar(): Promise<string[]> {
  return page.evaluate(() => (Reflect.get(window, '__barValues') as string[] | undefined) ?? []);
}

/** A drop as Chromium delivers it: dragenter, dragover and drop carrying real File objects. */
async function dropFiles(paths: string[], leaveHovering = false): Promise<void> {
  const payload = paths.map((file) => ({
    name: path.basename(file),
    type: file.endsWith('.png') ? 'image/png' : 'text/plain',
    base64: fs.readFileSync(file).toString('base64'),
  }));
  await page.evaluate(
    ({ payload, leaveHovering }) => {
      const transfer = new DataTransfer();
      for (const item of payload) {
        const bytes = Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], item.name, { type: item.type }));
      }
      const target = document.querySelector('[data-testid="drop-area"]');
      if (target === null) throw new Error('no drop area');
      const fire = (type: string): void => {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      };
      fire('dragenter');
      fire('dragover');
      if (!leaveHovering) fire('drop');
    },
    { payload, leaveHovering },
  );
}

describe('bringing evidence in', () => {
  it('adds 50 screenshots and a chat with a moving progress bar, shows previews, then finds them all already here', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page
      .getByRole('heading', {
        name: 'Drag screenshots, photos, chat exports or whole folders here',
      })
      .waitFor();
    await snap('import-01-overview-first-time');

    await page.getByRole('tab', { name: 'Evidence' }).click();
    await page.getByRole('button', { name: 'Choose files' }).waitFor();
    // Dragging over the tab lights it up, without adding anything yet.
    await dropFiles(files.slice(0, 1), true);
    await page.locator('[data-testid="drop-area"][data-dragging="true"]').waitFor();
    await page.getByText('Let go to add them to this case').waitFor();
    await snap('import-02-dragging');
    await page.locator('[data-testid="drop-area"]').dispatchEvent('dragleave');
    await page.locator('[data-testid="drop-area"][data-dragging="false"]').waitFor();

    // First time: the file picker, as a keyboard user would use it.
    await watchProgressBar();
    await page.getByTestId('evidence-file-input').setInputFiles(files);
    await page.getByTestId('import-progress').waitFor();
    await snap('import-03-progress');
    const summary = page.getByTestId('import-summary-line');
    await summary.waitFor();
    expect(await summary.textContent()).toBe('51 added');

    // The bar moved: several states, part-way through, each out of the 51 files. (The last event
    // can arrive after the answer, so reaching 51 of 51 on screen is not required.)
    const seen = await readProgressBar();
    const counts = seen
      .map((entry) => /(\d+) of (\d+) files/.exec(entry))
      .filter((match) => match !== null);
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect(
      counts.some((match) => Number(match[1]) > 0 && Number(match[1]) < Number(match[2])),
    ).toBe(true);
    expect(counts.every((match) => match[2] === '51')).toBe(true);
    expect(await app.call<unknown[]>('evidence:list', { caseId: app.caseIds[0] })).toHaveLength(51);

    // Previews arrive as the tiles come into view.
    const tiles = page.getByTestId('evidence-tile');
    await expect.poll(() => tiles.count()).toBe(51);
    // The first preview waits behind the background reading of 50 screenshots, on 2 cores: under
    // load (a bench beside the suite) it took over 30 s once, and over 60 s in a fresh-clone CI run
    // beside the other test files (2026-12-07). A limit on waiting for it, not a duration tested.
    await page.locator('[data-testid="evidence-tile"] img').first().waitFor({ timeout: 180_000 });
    // Scrolled through a row at a time, so every tile comes into view once.
    for (let index = 0; index < 51; index += 4) await tiles.nth(index).scrollIntoViewIfNeeded();
    await tiles.last().scrollIntoViewIfNeeded();
    await expect
      .poll(() => page.locator('[data-testid="evidence-tile"] img').count(), { timeout: 180_000 })
      .toBe(50);
    const chatTile = tiles.filter({ hasText: 'android-ddmmyy-24h.txt' });
    expect(await chatTile.getByText('No preview').count()).toBe(1);
    expect(await chatTile.locator('.date-source').getAttribute('title')).toBe(
      "The date comes from the chat export. The file gave no time zone, so the case's time zone (Asia/Kolkata) was used.",
    );
    const first = tiles.filter({ hasText: 'Screenshot_20240512-214300.png' });
    expect(await first.locator('time').textContent()).toBe('12 May 2024, 9:43 pm');
    expect(await first.locator('.date-source').getAttribute('title')).toMatch(
      /^The date comes from the file's name\./,
    );
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await snap('import-04-summary-and-grid');

    // Second time: the same files dropped onto the tab.
    await page.getByRole('button', { name: 'Close this summary' }).click();
    await dropFiles(files);
    await expect
      .poll(() => summary.textContent(), { timeout: 60_000 })
      .toBe('0 added · 51 already here (see why)');
    await page.getByRole('button', { name: '(see why)' }).click();
    const list = page.getByRole('list', { name: 'Files from this import' });
    expect(await list.getByRole('listitem').count()).toBe(51);
    expect(await list.getByText('Already here').count()).toBe(51);
    expect(await app.call<unknown[]>('evidence:list', { caseId: app.caseIds[0] })).toHaveLength(51);
    await snap('import-05-already-here');

    // The same in Hindi, for a look at the words.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await expect.poll(() => summary.textContent()).toBe('0 जोड़ी गई · 51 पहले से मौजूद (सूची छिपाएँ)');
    await snap('import-06-already-here-hindi');
    await page.getByRole('button', { name: 'English' }).click();

    // The dark theme, for a look at the grid's contrast.
    await page.getByRole('button', { name: 'Close this summary' }).click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('[data-testid="evidence-tile"] img').first().waitFor();
    await snap('import-07-grid-dark');

    expect(pageErrors).toEqual([]);
  }, 420_000);
});
