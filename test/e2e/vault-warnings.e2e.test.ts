// Security review finding 1 (issue 16) in Debian Chromium, over the real web transport and the real
// core: an intruder plants a record in sidecars/ with the public recipient and the `age` tool while
// the vault is locked; after unlock the window says so calmly, in English and in Hindi, with the
// detail one click away. Needs the renderer built to dist/renderer.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startE2eApp, type E2eApp } from '../helpers/e2e-app';

const PASSPHRASE = 'monsoon tea on the terrace';

let app: E2eApp;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  app = await startE2eApp({
    name: 'warn',
    passphrase: PASSPHRASE,
    cases: [{ title: 'Calls from QuickCash agents', timezone: 'Asia/Kolkata' }],
    // Locked through the API, then the intruder plants a record while the host keeps it locked.
    seed: async ({ call, caseIds, vaultDir }) => {
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
    await expect.poll(() => page.getByTestId('vault-warnings').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
