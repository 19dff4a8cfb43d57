// The first run when the remembered vault is away, in Debian Chromium over the real web transport
// and the core host: a vault restored into a folder of her choosing is remembered in
// vault-location.json; that folder is taken away (as when the drive is not plugged in), and the app
// starts. The first screen says so calmly, in English and Hindi, instead of a bare welcome; the
// folder comes back, Try again, and she is at the unlock screen and opens her case.
// Screenshots go to SAKSHYA_SCREENSHOTS (default artifacts/screenshots/vault-away). Needs the
// renderer built.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VAULT_POINTER_NAME } from '../../main/core/vault/default-dir';
import { writeVaultPointer } from '../../main/core/vault/vault-pointer';
import { startWebTransport, type WebTransport } from '../../main/web-transport/server';
import { launchChromium } from '../helpers/chromium';
import { RENDERER_DIR, callThrough } from '../helpers/e2e-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOTS =
  process.env.SAKSHYA_SCREENSHOTS ?? path.join(ROOT, 'artifacts', 'screenshots', 'vault-away');
const PASSPHRASE = 'monsoon tea on the terrace';
const CASE_TITLE = 'Calls from QuickCash agents';

let workRoot = '';
let browser: Browser | undefined;
const transports: WebTransport[] = [];
const pageErrors: string[] = [];
let page: Page;
/** Her vault, remembered by the pointer, and where it is while "unplugged". */
let vaultDir = '';
let awayDir = '';

async function serve(options: { vaultDir: string; pointerFile?: string }): Promise<WebTransport> {
  const transport = await startWebTransport({
    ...options,
    scryptLogN: 10,
    rendererDir: RENDERER_DIR,
    port: 0,
  });
  transports.push(transport);
  return transport;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')))
    throw new Error(`${RENDERER_DIR}/index.html is missing. Build it: npm run build:renderer.`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-away-e2e-'));
  vaultDir = path.join(workRoot, 'her-drive', 'Sakshya vault');
  awayDir = path.join(workRoot, 'unplugged');
  // Her vault, with a case, made through the API in its own core host, then closed.
  const first = await serve({ vaultDir });
  const call = callThrough(first.host);
  await call('vault:create', { passphrase: PASSPHRASE });
  await call('case:create', { title: CASE_TITLE, timezone: 'Asia/Kolkata' });
  await first.close();
  transports.length = 0;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const transport of transports) await transport.close();
  if (workRoot !== '')
    fs.rmSync(workRoot, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
});

describe('the first run with the remembered vault away, in Chromium', () => {
  it('says calmly that the folder is not there, with Try again as the one clear action', async () => {
    const appData = path.join(workRoot, 'appdata');
    const pointerFile = path.join(appData, VAULT_POINTER_NAME);
    writeVaultPointer(pointerFile, vaultDir);
    fs.renameSync(vaultDir, awayDir);
    const app = await serve({ vaultDir: path.join(appData, 'vault'), pointerFile });
    if (browser === undefined) throw new Error('Chromium did not start');
    const context = await browser.newContext({
      viewport: { width: 1024, height: 640 },
      locale: 'en-IN',
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(app.url);
    await page
      .getByRole('heading', { level: 1, name: 'Your vault is not here right now' })
      .waitFor();
    const away = page.getByTestId('vault-away');
    expect(await away.getAttribute('data-reason')).toBe('folder-missing');
    expect(await away.textContent()).toContain(
      `Your evidence was kept in a folder that cannot be found now (${vaultDir}).`,
    );
    expect(await page.locator('button.primary').allTextContents()).toEqual(['Try again']);
    expect(await page.getByText('Remembered folder:').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-away-en.png'), fullPage: true });
    await page.getByText('Details', { exact: true }).click();
    expect(await page.getByTestId('vault-away-details').textContent()).toContain('folder-missing');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'vault-away-en-details.png'),
      fullPage: true,
    });
    // Still away: said so, and nothing was made in the default place.
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText(/It is still not there/).waitFor();
    expect(fs.existsSync(path.join(appData, 'vault', 'vault.json'))).toBe(false);
  });

  it('is said in Hindi, and after the folder is back Try again leads to the unlock screen', async () => {
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { level: 1, name: 'आपकी तिजोरी अभी यहाँ नहीं है' }).waitFor();
    expect(await page.getByTestId('vault-away').textContent()).toContain(
      'आपके सबूत जिस फ़ोल्डर में रखे थे, वह अभी नहीं मिल रहा',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-away-hi.png'), fullPage: true });
    fs.renameSync(awayDir, vaultDir);
    await page.getByRole('button', { name: 'फिर से कोशिश करें' }).click();
    await page.getByRole('heading', { name: 'साक्ष्य पर ताला लगा है' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-away-found-hi.png') });
    await page.getByLabel('पासफ़्रेज़', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'खोलें', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(CASE_TITLE) }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
