// Security review finding 1 (issue 16) in Debian Chromium, over the real web transport and the real
// core: an intruder plants a record in sidecars/ with the public recipient and the `age` tool while
// the vault is locked; after unlock the window says so calmly, in English and in Hindi, with the
// detail one click away. A passphrase changed since the last backup adds its own notice: both are
// gathered in one box of limited height, so at 1024x640 the case stays in sight below them.
// Needs the renderer built to dist/renderer.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startE2eApp, type E2eApp } from '../helpers/e2e-app';

const OLD_PASSPHRASE = 'brass lamp beside the quiet river';
const PASSPHRASE = 'monsoon tea on the terrace';
const CASE_TITLE = 'Calls from QuickCash agents';
const DRIVE = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-warn-drive-'));

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'warn',
    passphrase: OLD_PASSPHRASE,
    cases: [{ title: CASE_TITLE, timezone: 'Asia/Kolkata' }],
    backupFolder: DRIVE,
    // A backup, then a new passphrase (the backup still opens with the old one: a notice says so).
    // Locked through the API, then the intruder plants a record while the host keeps it locked.
    seed: async ({ call, caseIds, vaultDir }) => {
      const { folder } = await call<{ folder: string }>('backup:chooseFolder', {
        purpose: 'backup',
      });
      await call('backup:run', { taskId: randomUUID(), folder });
      await call('vault:changePassphrase', { current: OLD_PASSPHRASE, next: PASSPHRASE });
      await call('vault:lock');
      plantSidecar(vaultDir, caseIds[0] ?? '');
    },
    viewport: { width: 1280, height: 820 },
  });
  ({ page, pageErrors } = app);
  await page.goto(app.transport.url);
});

afterAll(async () => {
  // Undefined only when the start failed (startE2eApp then closed what it had started).
  await (app as E2eApp | undefined)?.close();
  fs.rmSync(DRIVE, { recursive: true, force: true });
});

/** What the intruder can do without the passphrase: seal a record to the public recipient. */
function plantSidecar(vaultDir: string, caseId: string): void {
  const { recipient } = JSON.parse(fs.readFileSync(path.join(vaultDir, 'vault.json'), 'utf8')) as {
    recipient: string;
  };
  const id = randomUUID();
  const plain = path.join(path.dirname(vaultDir), 'planted.json');
  fs.writeFileSync(
    plain,
    JSON.stringify({ schema: 'sakshya-evidence-sidecar/1', evidence: { id, caseId } }),
  );
  const target = path.join(vaultDir, 'sidecars', 'evidence', `${id}.age`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  execFileSync('age', ['-r', recipient, '-o', target, plain]);
  fs.rmSync(plain);
}

/** At 1024x640, with both notices shown, the case's own heading is still in the window. */
async function expectCaseInSight(): Promise<void> {
  const notices = page.getByTestId('notices');
  expect(await notices.getByTestId('vault-warnings').count()).toBe(1);
  expect(await notices.getByTestId('keys-changed').count()).toBe(1);
  const heading = page.getByRole('heading', { level: 1, name: CASE_TITLE });
  await heading.waitFor();
  const box = await heading.boundingBox();
  const gathered = await notices.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? 999) + (box?.height ?? 0)).toBeLessThanOrEqual(640);
  expect(gathered?.height ?? 999).toBeLessThanOrEqual(640 * 0.4);
}

/**
 * The box holds more than it shows, and says so: "N more notices below" with a button reached
 * from the keyboard. "Show all notices" lifts the limit; "Show fewer" puts it back.
 */
async function expectMoreSaid(more: RegExp, showAll: string, showFewer: string): Promise<void> {
  const bar = page.getByTestId('notices-more');
  await bar.waitFor();
  expect(await bar.textContent()).toMatch(more);
  const button = bar.getByRole('button', { name: showAll });
  // Reached with Tab alone, from the case's heading upwards: focus the box's first control and
  // tab until the button has focus.
  await page.getByTestId('notices').locator('button').first().focus();
  for (let presses = 0; presses < 10; presses += 1) {
    if (await button.evaluate((element) => element === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  const fewer = bar.getByRole('button', { name: showFewer });
  await fewer.waitFor();
  expect(await fewer.getAttribute('aria-expanded')).toBe('true');
  const notices = await page.getByTestId('notices').evaluate((box) => ({
    scroll: box.scrollHeight,
    client: box.clientHeight,
  }));
  expect(notices.scroll).toBeLessThanOrEqual(notices.client + 1);
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

  it('are gathered with the passphrase-change notice, so the case stays in sight at 1024x640', async () => {
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.getByRole('button', { name: new RegExp(CASE_TITLE) }).click();
    await expectCaseInSight();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notices-gathered-en-1024.png') });
    await expectMoreSaid(/1 more notice below/, 'Show all notices', 'Show fewer');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notices-all-en-1024.png') });
    await page.getByRole('button', { name: 'Show fewer' }).click();
    await expectCaseInSight();
    await page.setViewportSize({ width: 1280, height: 820 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notices-gathered-en.png') });
  });

  it('are shown in Hindi after switching language and unlocking again', async () => {
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.keyboard.press('Control+Shift+L');
    await unlock('पासफ़्रेज़', 'खोलें');
    const box = page.getByTestId('vault-warnings');
    await box.getByRole('heading', { name: 'आपके तिजोरी फ़ोल्डर में कुछ बदला गया है' }).waitFor();
    expect(await box.textContent()).toContain('ऐसी फ़ाइलें मिलीं जो साक्ष्य ने नहीं बनाईं');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vault-warnings-hi.png') });
    await page.setViewportSize({ width: 1024, height: 640 });
    await expectCaseInSight();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notices-gathered-hi-1024.png') });
    await expectMoreSaid(/नीचे (1 और सूचना है|और है)/, 'सभी सूचनाएँ दिखाएँ', 'कम दिखाएँ');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notices-all-hi-1024.png') });
    await page.getByRole('button', { name: 'कम दिखाएँ' }).click();
    await expectCaseInSight();
    await page.setViewportSize({ width: 1280, height: 820 });
    await box.getByRole('button', { name: 'ठीक है' }).click();
    await expect.poll(() => page.getByTestId('vault-warnings').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
