// Handing the evidence over, in Debian Chromium against the real web transport and the real core:
// fixture photos, a WhatsApp chat and a generated video go in through the file picker, the case
// goes out through the Export tab (a moving bar, then a SHA-256 that must equal `sha256sum` of the
// zip written), the zip is checked through "Check a bundle", then unzipped and checked again by the
// bundle's own index.html from file://. One changed byte is then named, exactly, by both checks.
// Needs the renderer built (SAKSHYA_TEST_RENDERER_DIR, or dist/renderer).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startE2eApp, type E2eApp } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PHOTOS = path.join(ROOT, 'test', 'fixtures', 'photos');
// Sent at most every 100 ms, progress from a 2 MB export could reach the page as a first and a
// last event a few ms apart, rendered as one; streaming a 24 MiB video takes several intervals, so
// the bar has states between its first and last to show.
const VIDEO_BYTES = 24 * 1024 * 1024;
const FILES = [
  path.join(PHOTOS, 'canon-dslr.jpg'),
  path.join(PHOTOS, 'Bush-dog.jpg'),
  path.join(PHOTOS, 'png_with_exif_and_gps.png'),
  path.join(PHOTOS, 'img_1771.jpg'),
  path.join(ROOT, 'test', 'fixtures', 'whatsapp', 'android-ddmmyy-24h.txt'),
];
const PASSPHRASE = 'monsoon tea on the terrace';
const PREPARE = 'Prepare the bundle for your lawyer or the police';

let app: E2eApp;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'export',
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
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    // Uploads and finished bundles go under the work folder, so the test can find the zip main wrote.
    uploadsInWorkRoot: true,
  });
  ({ context, page, pageErrors } = app);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
});

function watchForErrors(target: Page): void {
  target.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  target.on('pageerror', (error) => pageErrors.push(error.message));
}

async function snap(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] ?? '';
}

/** The one zip main wrote into the transport's private exports folder. */
function findWrittenZip(): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.zip')) found.push(full);
    }
  };
  for (const entry of fs.readdirSync(app.workRoot)) {
    if (entry.startsWith('sakshya-exports-')) walk(path.join(app.workRoot, entry));
  }
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

/** The folder holding bagit.txt: the bag's top, whether or not the zip wraps it in a folder. */
function findBagRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, 'bagit.txt'))) return dir;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const inner = path.join(dir, entry.name);
      if (fs.existsSync(path.join(inner, 'bagit.txt'))) return inner;
    }
  }
  throw new Error('no bagit.txt in the unzipped bundle');
}

/** Records every value the export bar shows, from inside the page, so none is missed. */
async function watchExportBar(): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Reflect.set(window, '__exportBar', seen);
    const record = (): void => {
      const bar = document.querySelector('[data-testid="export-bar"]');
      const numbers = document.querySelector('[data-testid="export-numbers"]');
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

/** Opens the bundle's own index.html from file:// and runs its Verify on `bagRoot`. */
async function verifyWithIndexHtml(bagRoot: string, shot: string): Promise<Page> {
  const viewer = await context.newPage();
  watchForErrors(viewer);
  // No network for the offline viewer: anything but file:// would be a bug.
  const requested: string[] = [];
  viewer.on('request', (request) => {
    if (!request.url().startsWith('file://')) requested.push(request.url());
  });
  await viewer.goto(pathToFileURL(path.join(bagRoot, 'data', 'index.html')).href);
  await viewer.locator('#bag-folder').setInputFiles(bagRoot);
  await viewer.locator('#verify-button:not([disabled])').click();
  await viewer.locator('#verify-results:not([hidden])').waitFor();
  await viewer.locator('#verify-summary:not(:empty)').waitFor();
  await snap(viewer, shot);
  expect(requested).toEqual([]);
  return viewer;
}

async function rowsByStatus(viewer: Page): Promise<Map<string, string[]>> {
  const rows = await viewer
    .locator('#verify-results-body tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-status') ?? '', tr.getAttribute('data-path') ?? '']),
    );
  const out = new Map<string, string[]>();
  for (const [status = '', file = ''] of rows) out.set(status, [...(out.get(status) ?? []), file]);
  return out;
}

describe('handing the evidence over', () => {
  it('exports through the Export tab, checks the zip in the app and with its own index.html, and names one changed byte', async () => {
    await page.goto(app.transport.url);
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    const video = path.join(app.workRoot, 'VID-20240512-WA0003.mp4');
    fs.writeFileSync(video, crypto.randomBytes(VIDEO_BYTES));
    await page.getByTestId('evidence-file-input').setInputFiles([...FILES, video]);
    const summary = page.getByTestId('import-summary-line');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('6 added');

    // The one action, with the choices behind "More options".
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('button', { name: PREPARE }).waitFor();
    expect(await page.getByTestId('export-count').textContent()).toBe('The whole case: 6 items.');
    await snap(page, 'export-01-tab');
    await page.getByText('More options').click();
    await page.getByRole('checkbox', { name: 'Also MD5' }).check();
    await page.getByRole('checkbox', { name: 'Also SHA-1' }).check();
    await page.getByRole('textbox', { name: 'Make (for example Samsung)' }).fill('Samsung');
    await page.getByRole('textbox', { name: 'Model' }).fill('Galaxy M31');
    await page.getByRole('textbox', { name: 'IMEI or serial number' }).fill('356789104563218');
    await page.getByRole('combobox', { name: 'This device is' }).selectOption('owned');
    await snap(page, 'export-02-more-options');

    await watchExportBar();
    await page.getByRole('button', { name: PREPARE }).click();
    await page.getByTestId('export-done').waitFor({ timeout: 120_000 });
    await snap(page, 'export-03-done');

    // The bar was shown and moved, counting files out of the 6 items.
    const seen = await page.evaluate(
      () => (Reflect.get(window, '__exportBar') as string[] | undefined) ?? [],
    );
    // e.g. "0 of 6 files · 0 bytes of 27.3 MB", "3 of 6 files · 12.9 MB of 27.3 MB", "6 of 6 files · …"
    const counts = seen
      .map((entry) => /(\d+) of (\d+) files/.exec(entry))
      .filter((match) => match !== null);
    expect(counts.every((match) => match[2] === '6')).toBe(true);
    expect(new Set(counts.map((match) => match[1])).size).toBeGreaterThan(1);

    // The fingerprint on screen is the zip's own, as an independent tool computes it.
    const shown = (await page.getByTestId('export-sha256').textContent()) ?? '';
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const zip = findWrittenZip();
    expect(sha256sum(zip)).toBe(shown);
    expect(await page.getByTestId('export-file-name').textContent()).toBe(path.basename(zip));
    execFileSync('unzip', ['-tq', zip]);

    // The Download link serves those same bytes, and only to this session.
    const href = (await page.getByRole('link', { name: /^Download / }).getAttribute('href')) ?? '';
    const downloaded = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const digest = await window.crypto.subtle.digest('SHA-256', await response.arrayBuffer());
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    }, href);
    expect(downloaded).toBe(shown);
    const stranger = await fetch(new URL(href, app.transport.url).href);
    expect(stranger.status).toBe(401);

    // "Check a bundle" in the app: the zip goes up and comes back whole.
    await page.getByTestId('verify-file-input').setInputFiles(zip);
    await page.getByRole('heading', { name: 'Everything matches' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('verify-result').scrollIntoViewIfNeeded();
    await snap(page, 'export-04-verify-matches');

    // Unzipped with a standard tool and opened from file:// with no Sakshya: every file matches.
    const extracted = path.join(app.workRoot, 'extracted');
    execFileSync('unzip', ['-q', zip, '-d', extracted]);
    const bagRoot = findBagRoot(extracted);
    const intactViewer = await verifyWithIndexHtml(bagRoot, 'export-05-index-html-matches');
    const intact = await rowsByStatus(intactViewer);
    expect([...intact.keys()]).toEqual(['matching']);
    expect(intact.get('matching')?.length).toBeGreaterThan(5);
    expect(await intactViewer.locator('#verify-summary').textContent()).toMatch(
      /^All \d+ files match\./,
    );

    // One byte of one evidence file changed.
    const evidenceDir = path.join(bagRoot, 'data', 'evidence');
    const victimName = fs.readdirSync(evidenceDir).find((name) => name.endsWith('.jpg')) ?? '';
    const victim = path.join(evidenceDir, victimName);
    const bytes = fs.readFileSync(victim);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0x01;
    fs.writeFileSync(victim, bytes);
    const victimPath = `data/evidence/${victimName}`;

    const tamperedViewer = await verifyWithIndexHtml(bagRoot, 'export-06-index-html-changed');
    const tampered = await rowsByStatus(tamperedViewer);
    expect(tampered.get('changed')).toEqual([victimPath]);
    expect(tampered.get('missing')).toBeUndefined();
    expect(tampered.get('unlisted')).toBeUndefined();

    // The same folder zipped again and checked in the app: exactly that file, in plain words.
    const rezipped = path.join(app.workRoot, `tampered-${crypto.randomUUID()}.zip`);
    execFileSync('zip', ['-qr', rezipped, '.'], { cwd: extracted });
    await page.getByTestId('verify-file-input').setInputFiles(rezipped);
    await page
      .getByRole('heading', { name: 'Some parts do not match' })
      .waitFor({ timeout: 60_000 });
    const problems = await page.getByTestId('verify-problem').allTextContents();
    expect(problems).toEqual([`${victimPath}This file was changed after the bundle was made.`]);
    await page.getByTestId('verify-result').scrollIntoViewIfNeeded();
    await snap(page, 'export-07-verify-changed');

    // The same in Hindi, for a look at the words.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { name: 'कुछ हिस्से मेल नहीं खाते' }).waitFor();
    await snap(page, 'export-08-verify-changed-hindi');
    await page.getByRole('button', { name: 'English' }).click();

    expect(pageErrors).toEqual([]);
  });
});
