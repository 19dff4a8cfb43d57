// The whole first-run journey in Debian Chromium, against the real web transport and the real core
// (real scrypt at a low work factor, real SQLCipher). Needs the renderer built to dist/renderer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../main/core/app-core';
import { startWebTransport, type WebTransport } from '../../main/web-transport/server';
import { ERROR_MESSAGES } from '../../shared/errors';
import { launchChromium } from '../helpers/chromium';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const PASSPHRASE = 'monsoon tea on the terrace';

let vaultRoot = '';
let core: AppCore | undefined;
let transport: WebTransport | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
let origin = '';
let appUrl = '';

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      'dist/renderer/index.html is missing. Build the renderer first: npm run build:renderer (vite build --config renderer/vite.config.ts).',
    );
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  vaultRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-e2e-'));
  core = new AppCore({ vaultDir: path.join(vaultRoot, 'vault'), scryptLogN: 10 });
  transport = await startWebTransport({ core, rendererDir: RENDERER_DIR, port: 0 });
  origin = new URL(transport.url).origin;
  appUrl = transport.url;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-IN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  page = await context.newPage();
  // A CSP violation or a crash shows up here; the app should produce none.
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await transport?.close();
  await core?.close();
  if (vaultRoot !== '') fs.rmSync(vaultRoot, { recursive: true, force: true });
});

async function snap(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function heading(name: string): Promise<void> {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

describe('Sakshya in Chromium', () => {
  it('goes from first run to a saved case, locks, unlocks, refuses a wrong passphrase and speaks Hindi', async () => {
    await page.goto(appUrl);

    // First run
    await heading('Keep your evidence safe');
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await snap('01-welcome');
    await page.getByRole('button', { name: 'Start' }).click();
    await heading('Choose a passphrase');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
    await snap('02-passphrase');
    await page.getByRole('button', { name: 'Lock my evidence with this passphrase' }).click();

    // The recovery key, confirmed by typing back the group it asks for
    await heading('Save your recovery key');
    const groups = await page.getByTestId('recovery-key').locator('code').allTextContents();
    expect(groups).toHaveLength(8);
    const groupField = page.getByLabel(/^Group \d of the recovery key$/);
    const asked = Number(/\d/.exec((await page.locator('.check-form label').textContent()) ?? '')?.[0]);
    const group = groups[asked - 1] ?? '';
    await snap('03-recovery-key');
    await groupField.fill(group === '0000' ? '1111' : '0000');
    await page.getByRole('button', { name: 'I have saved it. Continue' }).click();
    await page.getByText(`That does not match group ${asked}`).waitFor();
    await groupField.fill(group);
    await page.getByRole('button', { name: 'I have saved it. Continue' }).click();

    // The first case
    await heading('Create your first case');
    await snap('04-first-case');
    await page.getByRole('button', { name: 'Create your first case' }).click();
    await page.getByLabel('Their name').fill('QuickCash loan app');
    await page.getByLabel('A loan app').check();
    await page.getByLabel('Phone number 1', { exact: true }).fill('+91 98765 43210');
    await page.getByLabel('Agent name 1', { exact: true }).fill('Ravi');
    await page.getByText(/^More about this case/).click();
    await page.getByLabel('What is happening? (optional)').fill('Calls every night after 9 pm. They messaged my brother.');
    await snap('05-case-form');
    await page.getByRole('button', { name: 'Create case' }).click();
    await heading('QuickCash loan app');
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Overview', 'Timeline', 'Evidence', 'Steps', 'Export']);
    await snap('06-case');

    // Lock with the button: nothing of the case stays on screen
    await page.getByRole('button', { name: /^Lock/ }).click();
    await heading('Sakshya is locked');
    expect(await page.locator('body').textContent()).not.toContain('QuickCash');
    expect(core?.status().unlocked).toBe(false);
    await snap('07-locked');

    // Unlock: the case is still there
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await heading('QuickCash loan app');
    await page.getByText('+91 98765 43210').waitFor();

    // Lock with the shortcut, then a wrong passphrase gets its message
    await page.keyboard.press('Control+Shift+L');
    await heading('Sakshya is locked');
    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByText(ERROR_MESSAGES.en.WRONG_PASSPHRASE).waitFor();
    await snap('08-wrong-passphrase');

    // Hindi applies at once, including the message already shown, and is saved
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await heading('साक्ष्य पर ताला लगा है');
    await page.getByText(ERROR_MESSAGES.hi.WRONG_PASSPHRASE).waitFor();
    await snap('09-unlock-hindi');
    await page.getByLabel('पासफ़्रेज़', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'खोलें', exact: true }).click();
    await page.getByRole('button', { name: /QuickCash loan app/ }).click();
    await page.getByRole('tab', { name: 'सारांश' }).waitFor();
    await snap('10-case-hindi');
    expect(core?.getSettings().language).toBe('hi');

    // The dark theme, for a look at contrast
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap('11-case-hindi-dark');

    expect(pageErrors).toEqual([]);
  });
});
