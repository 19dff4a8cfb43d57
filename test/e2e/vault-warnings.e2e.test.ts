// Security review finding 1 (issue 16) in Debian Chromium, over the real web transport and the real
// core: an intruder plants a record in sidecars/ with the public recipient and the `age` tool while
// the vault is locked; after unlock the window says so calmly, in English and in Hindi, with the
// detail one click away. Needs the renderer built to dist/renderer.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../main/core/app-core';
import { startWebTransport, type WebTransport } from '../../main/web-transport/server';
import { launchChromium } from '../helpers/chromium';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const PASSPHRASE = 'monsoon tea on the terrace';

let root = '';
let core: AppCore | undefined;
let transport: WebTransport | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      'dist/renderer/index.html is missing. Build the renderer first: npm run build:renderer.',
    );
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-e2e-warn-'));
  const vaultDir = path.join(root, 'vault');
  core = new AppCore({ vaultDir, scryptLogN: 10 });
  await core.create(PASSPHRASE);
  const caseId = core.createCase({ title: 'Calls from QuickCash agents' }).id;
  core.lock();
  plantSidecar(vaultDir, caseId);
  transport = await startWebTransport({ core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    locale: 'en-IN',
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(transport.url);
});

afterAll(async () => {
  await browser?.close();
  await transport?.close();
  await core?.close();
  if (root !== '') fs.rmSync(root, { recursive: true, force: true });
});

/** What the intruder can do without the passphrase: seal a record to the public recipient. */
function plantSidecar(vaultDir: string, caseId: string): void {
  const { recipient } = JSON.parse(fs.readFileSync(path.join(vaultDir, 'vault.json'), 'utf8')) as {
    recipient: string;
  };
  const id = randomUUID();
  const plain = path.join(root, 'planted.json');
  fs.writeFileSync(
    plain,
    JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: { id, caseId } }),
  );
  const target = path.join(vaultDir, 'sidecars', 'evidence', `${id}.age`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  execFileSync('age', ['-r', recipient, '-o', target, plain]);
  fs.rmSync(plain);
}

async function unlock(label: string, button: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: button, exact: true }).click();
}

describe('warnings found at unlock, in Chromium', () => {
  it('are shown calmly after unlock in English, with the detail one click away', async () => {
    await unlock('Passphrase', 'Unlock');
    const box = page.getByTestId('vault-warnings');
    await box
      .getByRole('heading', { name: 'Something in your vault folder was changed' })
      .waitFor();
    expect(await box.textContent()).toContain('Files that Sakshya did not make were found');
    const summary = box.getByText('Details', { exact: true });
    expect(await box.getByTestId('vault-warnings-details').getAttribute('open')).toBeNull();
    expect(await box.locator('.vault-warning-details').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-warnings-en.png') });
    await summary.click();
    expect(await box.locator('.vault-warning-details').textContent()).toContain(
      'sidecar:evidence/',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-warnings-en-details.png') });
  });

  it('are shown in Hindi after switching language and unlocking again', async () => {
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.keyboard.press('Control+Shift+L');
    await unlock('पासफ़्रेज़', 'खोलें');
    const box = page.getByTestId('vault-warnings');
    await box.getByRole('heading', { name: 'आपके तिजोरी फ़ोल्डर में कुछ बदला गया है' }).waitFor();
    expect(await box.textContent()).toContain('ऐसी फ़ाइलें मिलीं जो साक्ष्य ने नहीं बनाईं');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-warnings-hi.png') });
    await box.getByRole('button', { name: 'ठीक है' }).click();
    expect(await page.getByTestId('vault-warnings').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
